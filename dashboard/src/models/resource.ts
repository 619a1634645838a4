// One piece of remote data as signals: what was last loaded, whether a load is
// running, and why the last one failed. A failed refresh keeps the last data, so
// a dashboard whose server went away still shows what it saw.
import { batch, signal, type Signal } from '@preact/signals';

export interface Resource<T> {
  data: Signal<T | undefined>;
  error: Signal<string | null>;
  loading: Signal<boolean>;
  /** When data was last loaded, epoch ms. */
  loadedAt: Signal<number | null>;
  /** Loads (aborting a load still running); `key` names what is loaded, and a new key drops the old data. */
  load(key: string, fetcher: (signal: AbortSignal) => Promise<T>): Promise<void>;
  dispose(): void;
}

export function createResource<T>(clock: () => number = Date.now): Resource<T> {
  const data = signal<T | undefined>(undefined);
  const error = signal<string | null>(null);
  const loading = signal(false);
  const loadedAt = signal<number | null>(null);
  let current: AbortController | null = null;
  let lastKey: string | null = null;
  return {
    data,
    error,
    loading,
    loadedAt,
    async load(key, fetcher) {
      current?.abort();
      const controller = (current = new AbortController());
      batch(() => {
        if (key !== lastKey) data.value = undefined;
        lastKey = key;
        loading.value = true;
      });
      try {
        const value = await fetcher(controller.signal);
        if (controller.signal.aborted) return;
        batch(() => {
          data.value = value;
          error.value = null;
          loadedAt.value = clock();
        });
      } catch (e) {
        if (controller.signal.aborted) return;
        error.value = e instanceof Error ? e.message : String(e);
      } finally {
        if (current === controller) loading.value = false;
      }
    },
    dispose() {
      current?.abort();
    },
  };
}
