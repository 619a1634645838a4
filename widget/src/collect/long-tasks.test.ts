import { describe, expect, it } from 'vitest';
import { LongTasksEventSchema } from '../../../shared/protocol';
import { createLongTaskSummary, type LongEntry } from './long-tasks';

const task = (duration: number): LongEntry => ({ entryType: 'longtask', duration });
const frame = (
  duration: number,
  scripts: LongEntry['scripts'] = [],
  blockingDuration = duration - 50,
): LongEntry => ({ entryType: 'long-animation-frame', duration, blockingDuration, scripts });

describe('createLongTaskSummary', () => {
  it('counts long tasks and sums their blocking time (duration − 50 ms)', () => {
    const summary = createLongTaskSummary();
    summary.add([task(60), task(250.4), task(50)]);
    summary.add([task(100)]);
    const event = summary.take()!;
    expect(event).toMatchObject({ kind: 'longtasks', count: 4, totalBlockingTime: 10 + 200 + 0 + 50 });
    expect(event.worstFrame).toBeUndefined();
    expect(LongTasksEventSchema.safeParse(event).success).toBe(true);
  });

  it("reports the longest frame with its longest script's scrubbed source and invoker", () => {
    const summary = createLongTaskSummary();
    summary.add([
      frame(90, [
        {
          duration: 30,
          sourceURL: 'https://tool.example/a.js',
          sourceFunctionName: 'a',
          invoker: 'TimerHandler:setTimeout',
        },
      ]),
      frame(
        240,
        [
          { duration: 20, sourceURL: 'https://tool.example/small.js', sourceFunctionName: 'tiny' },
          {
            duration: 180,
            sourceURL: 'https://tool.example/app.js?v=9&id_token=x',
            sourceFunctionName: 'renderGrid',
            invoker: 'BUTTON#load-more.onclick',
          },
        ],
        170,
      ),
      frame(120),
    ]);
    const event = summary.take()!;
    expect(event.count).toBe(0);
    expect(event.worstFrame).toEqual({
      duration: 240,
      blockingDuration: 170,
      script: 'https://tool.example/app.js:renderGrid',
      invoker: 'BUTTON#load-more.onclick',
    });
    expect(LongTasksEventSchema.safeParse(event).success).toBe(true);
  });

  it('leaves out script details a frame does not have', () => {
    const summary = createLongTaskSummary();
    summary.add([
      frame(80, [
        { duration: 60, sourceURL: '', sourceFunctionName: '', invoker: 'https://tool.example/x.js?token=s' },
      ]),
    ]);
    expect(summary.take()!.worstFrame).toEqual({
      duration: 80,
      blockingDuration: 30,
      script: undefined,
      invoker: 'https://tool.example/x.js',
    });
  });

  it('reports what came since the last take; nothing new means no event unless asked for one', () => {
    const summary = createLongTaskSummary();
    expect(summary.take()).toBeUndefined();
    expect(summary.take(true)).toMatchObject({ count: 0, totalBlockingTime: 0 });
    summary.add([task(80), frame(80)]);
    expect(summary.take()).toMatchObject({ count: 1, totalBlockingTime: 30, worstFrame: { duration: 80 } });
    expect(summary.take()).toBeUndefined();
  });
});
