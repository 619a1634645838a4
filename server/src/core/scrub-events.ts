// Personal data out of what a page (or a tool's server) sent, again on the server (the widget scrubs first,
// but a page may run an old widget or another client): the free text of errors, custom
// props and vitals' attribution, through the same rules (shared/scrub.ts). Ids and times
// are left alone, so a batch is known again whatever was scrubbed. Pure.
import type { Event } from '../../../shared/protocol';
import type { ServerEvent } from '../../../shared/server-protocol';
import { scrub } from '../../../shared/scrub';

const scrubStrings = <T extends Record<string, unknown>>(record: T): T =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, typeof v === 'string' ? scrub(v) : v])) as T;

export function scrubEvent(event: Event): Event {
  switch (event.kind) {
    case 'error':
      return {
        ...event,
        message: scrub(event.message),
        ...(event.stack !== undefined && { stack: scrub(event.stack) }),
        ...(event.source !== undefined && { source: scrub(event.source) }),
      };
    case 'custom':
      return event.props ? { ...event, props: scrubStrings(event.props) } : event;
    case 'vital':
      return event.attribution ? { ...event, attribution: scrubStrings(event.attribution) } : event;
    default:
      return event;
  }
}

/** The same rules on what a tool's server sent: log lines (message, context, exception) and request errors. */
export function scrubServerEvent(event: ServerEvent): ServerEvent {
  switch (event.kind) {
    case 'log':
      return {
        ...event,
        message: scrub(event.message),
        ...(event.context && { context: scrubStrings(event.context) }),
        ...(event.exception && {
          exception: {
            ...event.exception,
            message: scrub(event.exception.message),
            ...(event.exception.stack !== undefined && { stack: scrub(event.exception.stack) }),
          },
        }),
      };
    case 'request':
      return event.error === undefined ? event : { ...event, error: scrub(event.error) };
    default:
      return event;
  }
}
