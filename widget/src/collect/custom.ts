// Custom events from `track(name, props)`: bounded to what the protocol accepts,
// so one bad call cannot get a whole batch rejected.
import type { CustomEvent } from '../../../shared/protocol';
import { LIMITS } from '../../../shared/limits';
import { scrub } from '../../../shared/scrub';
import { stamp } from '../lib/event';

export type CustomProps = Record<string, string | number | boolean>;

/** Undefined for an empty name; keeps the first 20 props whose values are strings (scrubbed), finite numbers or booleans. */
export function toCustomEvent(name: string, props?: CustomProps): CustomEvent | undefined {
  if (typeof name !== 'string' || !name) return undefined;
  const event: CustomEvent = { ...stamp(), kind: 'custom', name: name.slice(0, 64) };
  const kept: CustomProps = {};
  let n = 0;
  for (const [key, value] of Object.entries(props ?? {})) {
    if (typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value)) {
      // A prop may carry what a page shows: an email, a student number.
      kept[key.slice(0, 64)] = typeof value === 'string' ? scrub(value).slice(0, 256) : value;
      if (++n === LIMITS.maxCustomProps) break;
    }
  }
  if (n) event.props = kept;
  return event;
}
