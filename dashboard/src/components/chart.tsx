// A time-series chart (uPlot) that fits its container and updates in place when
// its data changes. The latest values are also written out as text, for screen readers.
// Deploy markers (a release first seen) are drawn as dashed vertical lines.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import { fmtTime } from '../models/format';

export interface Series {
  label: string;
  values: (number | null)[];
  color: string;
}

export interface ChartProps {
  id: string;
  title: string;
  /** Epoch ms, ascending. */
  x: number[];
  series: Series[];
  format: (v: number | null) => string;
  height?: number;
  /** Counts: whole-number ticks only (no 0.5 rounded to a second "1"). */
  integer?: boolean;
  /** Deploys: a dashed vertical line at each time (epoch ms) inside the chart, labelled. */
  markers?: Marker[];
}

export interface Marker {
  t: number;
  label: string;
}

const MARKER_COLOR = '#b45309';

/** Draws the markers over the plot area, after the series. */
function drawMarkers(u: uPlot, markers: Marker[]) {
  const { ctx, bbox } = u;
  ctx.save();
  ctx.strokeStyle = MARKER_COLOR;
  ctx.fillStyle = MARKER_COLOR;
  ctx.lineWidth = devicePixelRatio;
  ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
  ctx.font = `${10 * devicePixelRatio}px system-ui, sans-serif`;
  for (const m of markers) {
    const x = Math.round(u.valToPos(m.t / 1000, 'x', true));
    if (x < bbox.left || x > bbox.left + bbox.width) continue;
    ctx.beginPath();
    ctx.moveTo(x, bbox.top);
    ctx.lineTo(x, bbox.top + bbox.height);
    ctx.stroke();
    ctx.fillText(m.label, x + 3 * devicePixelRatio, bbox.top + 10 * devicePixelRatio);
  }
  ctx.restore();
}

const INTEGER_INCRS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7,
];

function options(p: ChartProps, width: number, markers: { current: Marker[] }): uPlot.Options {
  return {
    width,
    hooks: { draw: [(u) => markers.current.length && drawMarkers(u, markers.current)] },
    height: p.height ?? 180,
    legend: { show: true, live: true },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true } },
    axes: [
      { stroke: '#5b6470', grid: { stroke: '#e6e9ee' }, ticks: { stroke: '#e6e9ee' } },
      {
        stroke: '#5b6470',
        grid: { stroke: '#e6e9ee' },
        ticks: { stroke: '#e6e9ee' },
        size: 72,
        values: (_u, splits) => splits.map((v) => p.format(v)),
        ...(p.integer ? { incrs: INTEGER_INCRS } : {}),
      },
    ],
    series: [
      {},
      ...p.series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: 1.5,
        fill: `${s.color}22`,
        value: (_u: uPlot, v: number | null) => p.format(v),
        spanGaps: false,
      })),
    ],
  };
}

const dataOf = (p: ChartProps): uPlot.AlignedData =>
  [p.x.map((t) => t / 1000), ...p.series.map((s) => s.values)] as uPlot.AlignedData;

export function Chart(p: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = p.series.map((s) => s.label).join('|');
  const markers = useRef<Marker[]>([]);
  markers.current = p.markers ?? [];

  useEffect(() => {
    const el = box.current!;
    const u = new uPlot(options(p, Math.max(200, el.clientWidth), markers), dataOf(p), el);
    plot.current = u;
    const ro = new ResizeObserver(() =>
      u.setSize({ width: Math.max(200, el.clientWidth), height: p.height ?? 180 }),
    );
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [shape]);

  useEffect(() => {
    plot.current?.setData(dataOf(p));
  }, [p.x, p.series]);

  const markerKey = markers.current.map((m) => `${m.t} ${m.label}`).join('|');
  useEffect(() => {
    plot.current?.redraw(false);
  }, [markerKey]);
  const from = p.x[0] ?? Infinity;
  const to = p.x[p.x.length - 1] ?? -Infinity;
  const shown = markers.current.filter((m) => m.t >= from && m.t <= to);

  const latest = p.series
    .map((s) => `${s.label}: ${p.format([...s.values].reverse().find((v) => v !== null) ?? null)}`)
    .join(', ');
  return (
    <figure
      class="chart"
      data-testid={`chart-${p.id}`}
      data-from={p.x[0] ?? ''}
      data-to={p.x[p.x.length - 1] ?? ''}
      data-points={p.x.length}
      data-markers={shown.length}
    >
      <figcaption>{p.title}</figcaption>
      <div ref={box} class="chart-box" />
      <p class="sr-only">Latest — {latest}</p>
      {shown.length > 0 && (
        <p class="chart-markers">Deploys: {shown.map((m) => `${m.label} (${fmtTime(m.t)})`).join(', ')}</p>
      )}
    </figure>
  );
}
