import { describe, expect, it } from 'vitest';
import { createScheduler } from './scheduler';

describe('createScheduler', () => {
  it('runs each job when due on the injected clock', async () => {
    const clock = { now: 1_000_000 };
    const runs: string[] = [];
    const s = createScheduler(
      () => clock.now,
      [
        { name: 'fast', everyMs: 5_000, run: () => void runs.push(`fast@${clock.now}`) },
        { name: 'slow', everyMs: 30_000, run: () => void runs.push(`slow@${clock.now}`) },
      ],
    );
    expect(s.status()).toMatchObject({ running: false, lastTickAt: null });
    for (let i = 0; i < 8; i++) {
      await s.tick();
      clock.now += 5_000;
    }
    expect(runs.filter((r) => r.startsWith('fast'))).toHaveLength(8);
    expect(runs.filter((r) => r.startsWith('slow'))).toEqual(['slow@1000000', 'slow@1030000']);
    expect(s.status()).toMatchObject({ running: true, lastTickAt: 1_035_000 });
  });

  it('never overlaps a job with itself, and reports its errors', async () => {
    const clock = { now: 0 };
    let release!: () => void;
    let started = 0;
    const errors: string[] = [];
    const s = createScheduler(
      () => clock.now,
      [
        { name: 'long', everyMs: 1_000, run: () => (started++, new Promise<void>((r) => (release = r))) },
        {
          name: 'bad',
          everyMs: 1_000,
          run: () => {
            throw new Error('boom');
          },
        },
      ],
      (job, e) => errors.push(`${job}: ${(e as Error).message}`),
    );
    const first = s.tick();
    await new Promise((r) => setTimeout(r, 0)); // 'bad' has finished, 'long' has not
    clock.now = 5_000;
    await s.tick(); // 'long' still running: not started again
    expect(started).toBe(1);
    release();
    await first;
    expect(errors).toEqual(['bad: boom', 'bad: boom']);
    expect(s.status().jobs.find((j) => j.name === 'bad')!.lastError).toBe('boom');
  });

  it('stop() aborts running jobs, waits for them, and ticks no more', async () => {
    const clock = { now: 0 };
    let aborted = false;
    let runs = 0;
    const s = createScheduler(
      () => clock.now,
      [
        {
          name: 'wait',
          everyMs: 1_000,
          run: (signal) => (
            runs++,
            new Promise<void>((resolve) =>
              signal.addEventListener('abort', () => ((aborted = true), resolve())),
            )
          ),
        },
      ],
    );
    void s.tick();
    await s.stop();
    expect(aborted).toBe(true);
    clock.now = 10_000;
    await s.tick();
    expect(runs).toBe(1);
    expect(s.status().running).toBe(false);
  });
});
