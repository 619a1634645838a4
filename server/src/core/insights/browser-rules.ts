// Insights from the widget's attribution (widget/src/collect/vitals.ts, long-tasks.ts),
// read from raw batches: LCP images that start loading late, interactions whose INP
// one handler dominates, long frames' scripts, and layout shifts by element. Pure.
import type { Insight } from '../../../../shared/insights';
import type { LongTasksEvent, VitalEvent } from '../../../../shared/protocol';
import { formatCount, formatMs, median, MIN_SAMPLES, p75 } from './rank';

export interface BrowserSample {
  route: string;
  event: VitalEvent | LongTasksEvent;
}

/** A median resource load delay from this (ms) flags an LCP resource. */
export const LOAD_DELAY_MS = 500;
/** INP above this (ms) is not good (web.dev/inp). */
export const INP_GOOD_MS = 200;
/** CLS above this is not good (web.dev/cls); each 0.1 of shift counts as 100 ms lost. */
export const CLS_GOOD = 0.1;
export const CLS_MS = 1_000;

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** Samples grouped by route and one attribution field; samples without it are left out. */
function groupBy<T>(samples: T[], key: (s: T) => string | undefined): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const s of samples) {
    const k = key(s);
    if (k !== undefined) (out.get(k) ?? out.set(k, []).get(k)!).push(s);
  }
  return out;
}

type Vital = { route: string; event: VitalEvent };
const vitals = (samples: BrowserSample[], name: VitalEvent['name']): Vital[] =>
  samples.filter((s): s is Vital => s.event.kind === 'vital' && s.event.name === name);
const attr = (s: Vital, field: string) => s.event.attribution?.[field];
const split = (k: string) => k.split('\u0000') as [string, string];

/** LCP resources that start loading long after the first byte: preload them, raise their priority. */
export function lcpInsights(samples: BrowserSample[]): Insight[] {
  const groups = groupBy(vitals(samples, 'LCP'), (s) => {
    const url = text(attr(s, 'url'));
    return url && num(attr(s, 'resourceLoadDelay')) !== undefined ? `${s.route}\u0000${url}` : undefined;
  });
  const out: Insight[] = [];
  for (const [k, group] of groups) {
    const delays = group.map((s) => num(attr(s, 'resourceLoadDelay'))!);
    const delay = median(delays)!;
    if (group.length < MIN_SAMPLES || delay < LOAD_DELAY_MS) continue;
    const [route, url] = split(k);
    const target = text(attr(group[0], 'target'));
    out.push({
      kind: 'lcp.load-delay',
      title: `The LCP image starts loading ${formatMs(delay)} after the first byte`,
      subject: `${route} ${url}`,
      impact: Math.round(delays.reduce((a, b) => a + b, 0)),
      count: group.length,
      evidence: [
        { label: 'Page views', value: formatCount(group.length) },
        { label: 'Median resource load delay', value: formatMs(delay) },
        { label: 'p75 LCP', value: formatMs(p75(group.map((s) => s.event.value))!) },
        ...(target ? [{ label: 'Element', value: target }] : []),
      ],
      fix: `Let the browser find it in the HTML: <link rel="preload" as="image" href="${url}" fetchpriority="high"> in the head, or fetchpriority="high" on the <img>; never loading="lazy" on it, and no CSS background or script that inserts it late.`,
    });
  }
  return out;
}

const PHASES = ['inputDelay', 'processingDuration', 'presentationDelay'] as const;
const PHASE_LABEL = {
  inputDelay: 'input delay',
  processingDuration: 'processing',
  presentationDelay: 'presentation delay',
};
const PHASE_FIX: Record<(typeof PHASES)[number], string> = {
  processingDuration:
    'Its event handlers run long: do only what the next paint needs, and yield (await scheduler.yield(), or setTimeout) before the rest.',
  inputDelay:
    'The main thread was busy when users interacted: split the long tasks that run then (see the long frames) or defer them.',
  presentationDelay:
    'Rendering after the handlers is slow: update less of the DOM at once, and keep the page small (content-visibility for off-screen parts).',
};

/** Interactions on one element with a poor INP: the phase that dominates says what to do. */
export function inpInsights(samples: BrowserSample[]): Insight[] {
  const groups = groupBy(vitals(samples, 'INP'), (s) => {
    const target = text(attr(s, 'interactionTarget'));
    return target ? `${s.route}\u0000${target}` : undefined;
  });
  const out: Insight[] = [];
  for (const [k, group] of groups) {
    const inp = p75(group.map((s) => s.event.value))!;
    if (group.length < MIN_SAMPLES || inp <= INP_GOOD_MS) continue;
    const phases = PHASES.map((p) => median(group.map((s) => num(attr(s, p)) ?? 0))!);
    const worst = PHASES[phases.indexOf(Math.max(...phases))];
    const [route, target] = split(k);
    out.push({
      kind: 'inp.handler',
      title: `Interactions with ${target} take ${formatMs(inp)} to paint (p75)`,
      subject: `${route} ${target}`,
      impact: Math.round(group.reduce((a, s) => a + Math.max(0, s.event.value - INP_GOOD_MS), 0)),
      count: group.length,
      evidence: [
        { label: 'Interactions', value: formatCount(group.length) },
        { label: 'p75 INP', value: formatMs(inp) },
        ...PHASES.map((p, i) => ({ label: `Median ${PHASE_LABEL[p]}`, value: formatMs(phases[i]) })),
      ],
      fix: PHASE_FIX[worst],
    });
  }
  return out;
}

/** Scripts that ran longest in pages' worst long animation frames: their blocking time is the impact. */
export function scriptInsights(samples: BrowserSample[]): Insight[] {
  const frames = samples.flatMap((s) =>
    s.event.kind === 'longtasks' && s.event.worstFrame?.script
      ? [{ route: s.route, frame: s.event.worstFrame }]
      : [],
  );
  const out: Insight[] = [];
  for (const [script, group] of groupBy(frames, (f) => f.frame.script)) {
    if (group.length < MIN_SAMPLES) continue;
    const blocking = group.reduce((a, f) => a + f.frame.blockingDuration, 0);
    const routes = [...new Set(group.map((f) => f.route))];
    out.push({
      kind: 'long-frame.script',
      title: `The worst long frame of ${formatCount(group.length)} pages ran this script`,
      subject: script!,
      impact: Math.round(blocking),
      count: group.length,
      evidence: [
        { label: 'Pages', value: formatCount(group.length) },
        { label: 'Median frame', value: formatMs(median(group.map((f) => f.frame.duration))!) },
        { label: 'Blocking time', value: formatMs(blocking) },
        { label: 'Routes', value: routes.slice(0, 5).join(', ') + (routes.length > 5 ? ', …' : '') },
        ...(group[0].frame.invoker ? [{ label: 'Invoker', value: group[0].frame.invoker }] : []),
      ],
      fix: 'Break this function up: yield to the browser between chunks (scheduler.yield(), setTimeout), move heavy work to a Web Worker, or do it after the next paint.',
    });
  }
  return out;
}

/** Elements that shift the most: reserve their space. */
export function clsInsights(samples: BrowserSample[]): Insight[] {
  const groups = groupBy(vitals(samples, 'CLS'), (s) => {
    const target = text(attr(s, 'largestShiftTarget'));
    return target && s.event.value > 0 ? `${s.route}\u0000${target}` : undefined;
  });
  const out: Insight[] = [];
  for (const [k, group] of groups) {
    const cls = p75(group.map((s) => s.event.value))!;
    if (group.length < MIN_SAMPLES || cls <= CLS_GOOD) continue;
    const [route, target] = split(k);
    out.push({
      kind: 'cls.source',
      title: `${target} shifts the layout: CLS ${cls.toFixed(2)} (p75)`,
      subject: `${route} ${target}`,
      impact: Math.round(group.reduce((a, s) => a + s.event.value, 0) * CLS_MS),
      count: group.length,
      evidence: [
        { label: 'Page views', value: formatCount(group.length) },
        { label: 'p75 CLS', value: cls.toFixed(2) },
      ],
      fix: 'Reserve its space before it loads: width and height (or aspect-ratio) on images and embeds, a min-height for content inserted later, and never insert above what the user is reading.',
    });
  }
  return out;
}
