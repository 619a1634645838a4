// The checks file (SIGHTLINE_CHECKS_FILE): a JSON list of checks, loaded at
// start. Its checks are stored with source `file`: the API cannot change them,
// and one removed from the file is deleted with its history.
import type { Clock, Store } from '../../ports';
import { HttpError } from '../errors';
import { defineCheck, slugOf } from './define';
import type { AddressPolicy } from './guard';

export interface CheckFileResult {
  /** Ids of the file's checks, in file order. */
  checks: string[];
  /** Ids of checks deleted because they left the file. */
  removed: string[];
}

/** Validates the whole file first (an Error naming the entry and field), then stores it. */
export async function loadCheckFile(
  store: Store,
  clock: Clock,
  text: string,
  policy: AddressPolicy,
  name = 'checks file',
): Promise<CheckFileResult> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${name}: not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(json)) throw new Error(`${name}: expected a JSON list of checks`);
  const sites = await store.listSites();
  const existing = await store.listChecks();
  const checks = json.map((entry, i) => {
    try {
      const named =
        entry && typeof entry === 'object' && !('id' in entry) && typeof entry.name === 'string'
          ? slugOf(entry.name)
          : undefined;
      return defineCheck(entry, { sites, policy, id: named || undefined, prefix: [i] });
    } catch (e) {
      throw new Error(`${name} ${e instanceof HttpError ? e.message : String(e)}`);
    }
  });
  checks.forEach((c, i) => {
    if (checks.findIndex((d) => d.id === c.id) !== i)
      throw new Error(`${name} [${i}].id: ${c.id} is used twice (set "id" to tell them apart)`);
    if (existing.some((e) => e.id === c.id && e.source === 'api'))
      throw new Error(`${name} [${i}].id: ${c.id} was created through the API; choose another id`);
  });
  const now = clock();
  for (const c of checks) await store.putCheck(c, 'file', now);
  const removed = existing
    .filter((e) => e.source === 'file' && !checks.some((c) => c.id === e.id))
    .map((e) => e.id);
  for (const id of removed) await store.deleteCheck(id);
  return { checks: checks.map((c) => c.id), removed };
}
