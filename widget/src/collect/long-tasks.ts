// Long tasks (≥ 50 ms) and long animation frames, summed up and sent on page
// hide: how many, the total blocking time, and the worst frame's longest script.
// https://w3c.github.io/longtasks/ https://w3c.github.io/long-animation-frames/
import type { LongTasksEvent } from '../../../shared/protocol';
import { cleanUrl, ms, scrubText, stamp, type Recorder } from '../lib/event';
import { observe, onHidden } from '../lib/observe';

type Script = { duration: number; sourceURL?: string; sourceFunctionName?: string; invoker?: string };
/** A `longtask` or `long-animation-frame` entry, as far as the summary reads it. */
export type LongEntry = {
  entryType: string;
  duration: number;
  blockingDuration?: number;
  scripts?: Script[];
};

export interface LongTaskSummary {
  add(entries: LongEntry[]): void;
  /** The summary since the last take (then reset); undefined when nothing came, unless `always`. */
  take(always?: boolean): LongTasksEvent | undefined;
}

const longest = <T extends { duration: number }>(items: T[] = []) =>
  items.reduce<T | undefined>((a, b) => (a && a.duration >= b.duration ? a : b), undefined);

/** Keeps counts and the worst frame only, so memory stays flat however long the page lives. */
export function createLongTaskSummary(): LongTaskSummary {
  let count = 0;
  let blocking = 0;
  let worst: LongEntry | undefined;
  return {
    add(entries) {
      for (const e of entries) {
        if (e.entryType === 'longtask') {
          count++;
          blocking += e.duration - 50; // long tasks last 50 ms or more, by definition
        } else if (!worst || e.duration > worst.duration) worst = e;
      }
    },
    take(always) {
      if (!always && !count && !worst) return undefined;
      const script = longest(worst?.scripts);
      const event: LongTasksEvent = {
        ...stamp(),
        kind: 'longtasks',
        count,
        totalBlockingTime: ms(blocking),
        worstFrame: worst && {
          duration: ms(worst.duration),
          blockingDuration: ms(worst.blockingDuration!),
          // `https://tool.example/app.js:onSave`; either part may be missing (inline scripts, anonymous functions).
          script:
            [cleanUrl(script?.sourceURL ?? ''), script?.sourceFunctionName]
              .filter(Boolean)
              .join(':')
              .slice(0, 2_048) || undefined,
          // e.g. `BUTTON#save.onclick`, `TimerHandler:setTimeout`, or a script URL.
          invoker: scrubText(script?.invoker ?? '', 256) || undefined,
        },
      };
      count = blocking = 0;
      worst = undefined;
      return event;
    },
  };
}

/**
 * Where the browser has long tasks (Chromium), records their summary when the page is
 * hidden: always the first time, so pages without any count too; later only with new ones.
 */
export function collectLongTasks(record: Recorder): void {
  const summary = createLongTaskSummary();
  let first = true;
  if (!observe<LongEntry>('longtask', summary.add)) return;
  observe('long-animation-frame', summary.add);
  onHidden(() => {
    const event = summary.take(first);
    first = false;
    if (event) record(event);
  });
}
