// The snapshot history's state as signals: the kept snapshots (newest first), two of
// them picked for comparison (the older one is "before"), the queue's last answer, and
// "Copy for a ticket". No DOM, no browser API: the page passes them in.
import { computed, signal } from '@preact/signals';
import { compareSnapshots } from '../lib/snapshot-compare';
import type { StoredSnapshot } from '../lib/snapshot-store';
import { ticketText } from '../lib/ticket-text';
import type { FlushResult } from '../lib/upload-queue';

export interface HistoryDeps {
  list: () => Promise<StoredSnapshot[]>;
  remove: (id: string) => Promise<void>;
  /** Asks the background to upload what is queued. */
  flush: () => Promise<FlushResult>;
  copy: (text: string) => Promise<void>;
  serverUrl: () => Promise<string>;
}

export function createHistoryModel(deps: HistoryDeps) {
  const records = signal<StoredSnapshot[]>([]);
  const selected = signal<string[]>([]);
  const message = signal<string | null>(null);
  const serverUrl = signal('');

  /** Older first: the comparison reads "before → after". */
  const pair = computed(() => {
    const picked = records.value.filter((r) => selected.value.includes(r.id));
    return picked.length === 2 ? [picked[1]!, picked[0]!] : null;
  });
  const comparison = computed(
    () => pair.value && compareSnapshots(pair.value[0].snapshot, pair.value[1].snapshot),
  );
  const queued = computed(() => records.value.filter((r) => r.upload === 'pending').length);

  async function reload() {
    const [list, url] = await Promise.all([deps.list(), deps.serverUrl()]);
    records.value = list;
    serverUrl.value = url;
    selected.value = selected.value.filter((id) => list.some((r) => r.id === id));
  }

  return {
    records,
    selected,
    message,
    pair,
    comparison,
    queued,
    reload,
    /** Picks a snapshot for comparison; a third pick drops the first one picked. */
    toggle(id: string) {
      const s = selected.value;
      selected.value = s.includes(id) ? s.filter((x) => x !== id) : [...s, id].slice(-2);
    },
    async remove(id: string) {
      await deps.remove(id);
      message.value = 'Snapshot deleted.';
      await reload();
    },
    async uploadNow() {
      message.value = 'Uploading…';
      try {
        const r = await deps.flush();
        message.value = r.error
          ? `${r.uploaded} uploaded; ${r.pending} still waiting: ${r.error}`
          : `${r.uploaded} uploaded; none waiting.`;
      } catch (err) {
        message.value = `Upload failed: ${err instanceof Error ? err.message : String(err)}`;
      }
      await reload();
    },
    async copyForTicket(id: string) {
      const record = records.value.find((r) => r.id === id);
      if (!record) return;
      const text = ticketText(record, serverUrl.value);
      try {
        await deps.copy(text);
        message.value = 'Copied for a ticket.';
      } catch {
        message.value = `Copying was refused; select and copy this:\n${text}`;
      }
    },
  };
}

export type HistoryModel = ReturnType<typeof createHistoryModel>;
