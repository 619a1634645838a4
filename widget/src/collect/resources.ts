// Resource timing summed up per page: counts and transfer bytes by initiator
// type, the slowest few, and how many failed, instead of every entry. Sent once
// the page has loaded and gone idle, then on page hide for what came after.
// https://www.w3.org/TR/resource-timing/
import type { ResourcesEvent } from '../../../shared/protocol';
import { LIMITS } from '../../../shared/limits';
import { cleanUrl, ms, stamp, type Recorder } from '../lib/event';
import { observe, onHidden } from '../lib/observe';
import { afterLoad } from '../lib/safe';

export type ResourceEntry = Pick<
  PerformanceResourceTiming,
  'name' | 'initiatorType' | 'duration' | 'transferSize'
> & { responseStatus?: number };

/** The summary of `entries`, or undefined when there are none. */
export function summariseResources(entries: ResourceEntry[]): ResourcesEvent | undefined {
  if (!entries.length) return undefined;
  const byType: ResourcesEvent['byType'] = {};
  let failed = 0;
  const slowest = entries.map((e) => {
    const type = (e.initiatorType || 'other').slice(0, 32);
    const bytes = e.transferSize || 0;
    const sum = (byType[type] ??= { count: 0, bytes: 0 });
    sum.count++;
    sum.bytes += bytes;
    // Chromium exposes the HTTP status: a 4xx/5xx response still produces an entry.
    if (e.responseStatus! >= 400) failed++;
    return { url: e.name, type, duration: ms(e.duration), bytes };
  });
  slowest.sort((a, b) => b.duration - a.duration).splice(LIMITS.maxSlowestResources);
  for (const r of slowest) r.url = cleanUrl(r.url);
  return { ...stamp(), kind: 'resources', byType, slowest, failed };
}

/** Records the summary after load + idle, then on each hide for entries that came since; those to `ingest` (the widget's own) left out. */
export function collectResources(record: Recorder, ingest: string): void {
  let pending: ResourceEntry[] = [];
  const send = () => {
    const event = summariseResources(pending);
    pending = [];
    if (event) record(event);
  };
  if (
    !observe<ResourceEntry>('resource', (entries) =>
      pending.push(...entries.filter((e) => !e.name.startsWith(ingest))),
    )
  )
    return;
  onHidden(send);
  afterLoad(send);
}
