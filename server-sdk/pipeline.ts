// Record → buffer → batches → POST, in the background. Nothing here throws to
// the caller or waits on the network in the caller's path: record() only
// pushes; flush() runs one send at a time (concurrent calls share the next run).
// A batch that is worth retrying is kept whole and sent again as it was: the
// server knows a batch again only by all of its events (server/src/core/rollup.ts
// batchKey), so one the server stored before it failed to answer counts once.
import { createEventBuffer, createLossCounter, toBatches, type Batch, type LossReason } from './buffer';
import { canSend, initialDelivery, isOpen, onFailure, onSuccess, type DeliveryState } from './delivery';
import { eventId, type ServerEventInput } from './events';
import { postBatch, type TransportOptions } from './transport';

export interface PipelineOptions extends TransportOptions {
  envelope: { service?: string; environment?: string; release?: string };
  /** Send as soon as this many events wait. */
  batchSize: number;
  /** Send what waits this long after the first of it (Node); 0: only on flush() and after requests. */
  flushIntervalMs: number;
  /** Events held at most; the oldest are dropped beyond it. */
  maxQueue: number;
  random?: () => number;
}

/** What Workers pass as `ctx` (ExecutionContext): work that may outlive the response. */
export interface WaitUntil {
  waitUntil(promise: Promise<unknown>): void;
}

export interface PipelineStats {
  queued: number;
  sent: number;
  dropped: Record<LossReason, number>;
  /** Consecutive failed sends, and whether the breaker holds sending off. */
  failures: number;
  open: boolean;
}

type Queued = ServerEventInput & { id: string; t: number };

export function createPipeline(options: PipelineOptions) {
  const { clock, batchSize, flushIntervalMs, envelope } = options;
  const buffer = createEventBuffer<Queued>(options.maxQueue);
  /** Batches waiting for a retry, oldest first, as they were cut. */
  let held: Batch<Queued>[] = [];
  const heldEvents = () => held.reduce((n, b) => n + b.events.length, 0);
  const waiting = () => buffer.size() + heldEvents();
  const loss = createLossCounter();
  const lose = loss.add;
  let delivery: DeliveryState = initialDelivery;
  let sent = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let viaWaitUntil = false;
  let running: Promise<void> = Promise.resolve();
  let next: Promise<void> | null = null;

  const stopTimer = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const startTimer = (ms: number) => {
    if (viaWaitUntil || timer !== undefined) return;
    try {
      timer = setTimeout(() => ((timer = undefined), void flush()), Math.max(0, ms));
      // A pending send must not keep a Node process alive.
      (timer as { unref?: () => void }).unref?.();
    } catch {
      timer = undefined; // no timers here (e.g. a Worker's global scope): requests flush instead
    }
  };
  const schedule = () => {
    const now = clock();
    if (!canSend(delivery, now)) return startTimer(delivery.notBefore - now);
    if (held.length || buffer.size() >= batchSize) void flush();
    else if (flushIntervalMs > 0) startTimer(flushIntervalMs);
  };

  async function drain(): Promise<void> {
    stopTimer();
    if (!canSend(delivery, clock())) return schedule();
    const events = buffer.take();
    if (events.length === 0 && held.length === 0) return;
    // The loss since the last report travels as an event of its own, as the widget's does.
    const counts = loss.takeUnreported();
    if (counts) events.push({ kind: 'dropped', id: eventId(), t: clock(), counts });
    const cut = toBatches({ sentAt: clock(), ...envelope }, events);
    lose(cut.skipped, 'rejected');
    const batches = [...held, ...cut.batches];
    held = [];
    for (let i = 0; i < batches.length; i++) {
      const outcome = await postBatch(options, batches[i].body);
      if (outcome.kind === 'sent') {
        delivery = onSuccess();
        sent += batches[i].events.length - outcome.rejected;
        lose(outcome.rejected, 'rejected');
        continue;
      }
      const rest = (from: number) => {
        held = batches.slice(from);
        // Bounded like the buffer: beyond it, the oldest batches go.
        while (held.length > 1 && waiting() > options.maxQueue) lose(held.shift()!.events.length, 'overflow');
      };
      if (outcome.kind === 'dropped') {
        lose(batches[i].events.length, 'rejected');
        if (!outcome.failure) continue; // one bad batch; the server is fine
        delivery = onFailure(delivery, clock(), undefined, options.random);
        rest(i + 1);
        break;
      }
      // Worth retrying: this batch and the rest wait for the next attempt.
      delivery = onFailure(delivery, clock(), outcome.retryAfterMs, options.random);
      rest(i);
      break;
    }
    if (waiting() > 0) schedule();
  }

  /** Sends everything buffered; resolves when done (never rejects). Safe to call any time. */
  function flush(): Promise<void> {
    if (!next) {
      next = running
        .then(() => {
          next = null;
          return drain();
        })
        .catch(() => undefined);
      running = next;
    }
    return next;
  }

  return {
    record(event: ServerEventInput): void {
      try {
        lose(
          buffer.push({ ...event, id: event.id ?? eventId(), t: event.t ?? clock() } as Queued),
          'overflow',
        );
        schedule();
      } catch {
        // Never into the host app.
      }
    },
    flush,
    /** After a request: flush through ctx.waitUntil where the runtime has it (Workers), else on the timer. */
    afterRequest(ctx?: Partial<WaitUntil> | null): void {
      try {
        if (ctx && typeof ctx.waitUntil === 'function') {
          // A Worker may be evicted once idle, and its timers do not outlive the request: send now, in the background.
          viaWaitUntil = true;
          stopTimer();
          if (waiting() > 0 && canSend(delivery, clock())) ctx.waitUntil(flush());
        } else schedule();
      } catch {
        // Never into the host app.
      }
    },
    stats(): PipelineStats {
      return {
        queued: waiting(),
        sent,
        dropped: loss.totals(),
        failures: delivery.failures,
        open: isOpen(delivery, clock()),
      };
    },
  };
}

export type Pipeline = ReturnType<typeof createPipeline>;
