// Test helper (not exported): a fake fetch that plays the collector. It checks
// every body against the server's own schemas, so SDK tests also prove that
// what the SDK sends is what the server accepts.
import {
  ServerBatchSchema,
  ServerEventSchema,
  type ServerBatch,
  type ServerEvent,
} from '../shared/server-protocol';
import type { FetchLike } from './transport';

export type Answer = Response | Error | Promise<Response>;

export interface Call {
  url: string;
  headers: Headers;
  batch: ServerBatch;
}

export function accepted(events: number, rejected = 0): Response {
  return new Response(JSON.stringify({ accepted: events - rejected, rejected, duplicates: 0 }), {
    status: 202,
    headers: { 'content-type': 'application/json' },
  });
}

export function fakeCollector() {
  const calls: Call[] = [];
  let answer: (call: Call) => Answer = (call) => accepted(call.batch.events.length);
  const fetch: FetchLike = async (url, init) => {
    const parsed = ServerBatchSchema.parse(JSON.parse(String(init.body)));
    const events = parsed.events.map((e) => ServerEventSchema.parse(e));
    const call = { url, headers: new Headers(init.headers), batch: { ...parsed, events } };
    calls.push(call);
    const reply = await answer(call);
    if (reply instanceof Error) throw reply;
    return reply;
  };
  return {
    fetch,
    calls,
    /** Every event received, in order. */
    events: (): ServerEvent[] => calls.flatMap((c) => c.batch.events),
    answer(fn: (call: Call) => Answer) {
      answer = fn;
    },
  };
}

/** A clock the test moves by hand. */
export function fakeClock(start = Date.UTC(2026, 10, 27, 9)) {
  let now = start;
  const clock = () => now;
  clock.advance = (ms: number) => {
    now += ms;
  };
  return clock;
}
