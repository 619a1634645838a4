// Custom events from `track(name, props)`: bounded to what the protocol accepts,
// so one bad call cannot get a whole batch rejected.
import type { CustomEvent } from '../../../shared/protocol';
import { LIMITS } from '../../../shared/limits';
import { stamp } from '../lib/event';

export type CustomProps = Record<string, string | number | boolean>;

/** Undefined for an empty name; keeps the first 20 props whose values are strings, finite numbers or booleans. */
export function toCustomEvent(name: string, props?: CustomProps): CustomEvent | undefined {
  if (typeof name !== 'string' || name === '') return undefined;
  const event: CustomEvent = { ...stamp(), kind: 'custom', name: name.slice(0, 64) };
  if (props && typeof props === 'object') {
    const kept: CustomProps = {};
    let n = 0;
    for (const key of Object.keys(props)) {
      if (n === LIMITS.maxCustomProps) break;
      const value = props[key];
      if (typeof value === 'string') kept[key.slice(0, 64)] = value.slice(0, 256);
      else if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) kept[key.slice(0, 64)] = value;
      else continue;
      n++;
    }
    if (n > 0) event.props = kept;
  }
  return event;
}
