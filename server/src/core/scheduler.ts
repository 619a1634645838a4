// A small scheduler for the Node runtime: jobs every N ms, driven by whatever
// calls tick() (a timer in runtime/node.ts, a test with a fake clock). A job
// never overlaps itself; stop() aborts running jobs and waits for them.
import type { Clock } from '../ports';

export interface Job {
  name: string;
  everyMs: number;
  /** The signal aborts when the scheduler stops. */
  run(signal: AbortSignal): Promise<void> | void;
}

export interface JobStatus {
  name: string;
  everyMs: number;
  lastRunAt: number | null;
  lastError: string | null;
  running: boolean;
}

export interface SchedulerStatus {
  /** Started (ticked at least once) and not stopped. */
  running: boolean;
  lastTickAt: number | null;
  jobs: JobStatus[];
}

export interface Scheduler {
  /** Starts the jobs that are due and not running; resolves when those finish. */
  tick(): Promise<void>;
  /** Stops: no job starts again; running ones are aborted and awaited. */
  stop(): Promise<void>;
  status(): SchedulerStatus;
}

export function createScheduler(
  clock: Clock,
  jobs: Job[],
  onError: (job: string, error: unknown) => void = () => {},
): Scheduler {
  const abort = new AbortController();
  const state = jobs.map((job) => ({
    job,
    nextAt: 0,
    lastRunAt: null as number | null,
    lastError: null as string | null,
    running: null as Promise<void> | null,
  }));
  let lastTickAt: number | null = null;

  async function start(s: (typeof state)[number], now: number) {
    s.lastRunAt = now;
    s.nextAt = now + s.job.everyMs;
    try {
      await s.job.run(abort.signal);
      s.lastError = null;
    } catch (error) {
      s.lastError = error instanceof Error ? error.message : String(error);
      onError(s.job.name, error);
    }
  }

  return {
    async tick() {
      if (abort.signal.aborted) return;
      const now = clock();
      lastTickAt = now;
      const started = state
        .filter((s) => !s.running && now >= s.nextAt)
        .map((s) => (s.running = start(s, now).finally(() => (s.running = null))));
      await Promise.all(started);
    },
    async stop() {
      abort.abort(new Error('scheduler stopped'));
      await Promise.all(state.map((s) => s.running));
    },
    status() {
      return {
        running: lastTickAt !== null && !abort.signal.aborted,
        lastTickAt,
        jobs: state.map((s) => ({
          name: s.job.name,
          everyMs: s.job.everyMs,
          lastRunAt: s.lastRunAt,
          lastError: s.lastError,
          running: s.running !== null,
        })),
      };
    },
  };
}
