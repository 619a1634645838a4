// Sightline's browser widget: `init` once, `track` custom events.
// Nothing here ever throws into the host page.
import { start, type Client, type InitOptions } from './client';
import type { CustomProps } from './collect/custom';
import { attempt } from './lib/safe';

export type { InitOptions, CustomProps };
export type { Event as SightlineEvent } from '../../shared/protocol';

let client: Client | undefined;
let started = false;

/** Starts collecting for this page; later calls are ignored. */
export function init(options: InitOptions): void {
  if (!started) client = attempt(() => start(options));
  started = true;
}

/** Records a custom event (name ≤ 64 chars, up to 20 string/number/boolean props); dropped before `init`. */
export function track(name: string, props?: CustomProps): void {
  // A failing custom event must not break the caller.
  attempt(() => client?.track(name, props));
}
