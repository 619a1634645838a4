// The demo's server log lines (issue 16): what a tool's logger would write around its
// requests, for the last days a site keeps lines. Failing requests log an error with the
// exception they threw (grouped as server exceptions), a few healthy ones an info line,
// failed launches a warning; request ids tie a request's lines together. Deterministic with `rand`.
import type { LogEvent, ServerEvent } from '../shared/server-protocol';
import { logLinesOf } from '../server/src/core/logs';
import type { LogLines } from '../server/src/ports';

const FAILURES = [
  {
    message: (n: number) => `Failed to process video for course ${n}`,
    type: 'Error',
    error: 'ffmpeg exited with code 1',
    fn: 'transcode',
    file: 'video.ts',
  },
  {
    message: (n: number) => `Grade passback failed for course ${n}`,
    type: 'TypeError',
    error: "Cannot read properties of undefined (reading 'lineitem')",
    fn: 'postScore',
    file: 'grades.ts',
  },
  {
    message: (n: number) => `Chat reply timed out for course ${n}`,
    type: 'TimeoutError',
    error: 'upstream model answered after 30000 ms',
    fn: 'askModel',
    file: 'chat.ts',
  },
];

/** The log lines of one page's server events; undefined when it has none. */
export function demoLogLines(
  siteId: string,
  events: ServerEvent[],
  release: string,
  rand: () => number,
): LogLines | undefined {
  const lines: LogEvent[] = [];
  for (const e of events) {
    const requestId = `req-${e.id.slice(-12)}`;
    const course = 1000 + Math.floor(rand() * 300);
    if (e.kind === 'request' && e.status >= 500) {
      const f = FAILURES[Math.floor(rand() * FAILURES.length)];
      const base = { kind: 'log', t: e.t, requestId, route: e.route } as const;
      lines.push({
        ...base,
        id: `${e.id}-l0`,
        level: 'info',
        message: `Handling ${e.method} for course ${course}`,
        context: { courseId: course },
      });
      lines.push({
        ...base,
        id: `${e.id}-l1`,
        level: 'error',
        message: f.message(course),
        context: { courseId: course },
        exception: {
          type: f.type,
          message: f.error,
          stack: `${f.type}: ${f.error}\n    at ${f.fn} (/app/src/${f.file}:${40 + (course % 3)}:11)\n    at handle (/app/src/router.ts:88:5)`,
        },
      });
    } else if (e.kind === 'request' && rand() < 0.02) {
      lines.push({
        kind: 'log',
        id: `${e.id}-l0`,
        t: e.t,
        level: 'info',
        message: `Served ${e.route} in ${Math.round(e.duration)} ms`,
        requestId,
        route: e.route,
      });
    } else if (e.kind === 'lti' && e.action === 'launch' && !e.ok) {
      lines.push({
        kind: 'log',
        id: `${e.id}-l0`,
        t: e.t,
        level: 'warn',
        message: `LTI launch from ${e.platform} failed: nonce already used`,
      });
    }
  }
  return logLinesOf({ siteId, service: 'demo', release }, lines, events[events.length - 1]?.t ?? 0);
}
