// A time-series chart (uPlot) that fits its container and updates in place when
// its data changes. The latest values are also written out as text, for screen readers.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';

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
}

const INTEGER_INCRS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7,
];

function options(p: ChartProps, width: number): uPlot.Options {
  return {
    width,
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

  useEffect(() => {
    const el = box.current!;
    const u = new uPlot(options(p, Math.max(200, el.clientWidth)), dataOf(p), el);
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
    >
      <figcaption>{p.title}</figcaption>
      <div ref={box} class="chart-box" />
      <p class="sr-only">Latest — {latest}</p>
    </figure>
  );
}
