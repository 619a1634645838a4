// What every settings section shares: an action with its busy and problem state,
// a list loaded without the site and range, and a copy-to-clipboard button.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useQuery } from '../context';

/** Runs an API call once at a time; its error shown beside the button, `onDone` after success. */
export function useAction(onDone: () => void = () => {}) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const run = async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setProblem(null);
    try {
      const out = await fn();
      onDone();
      return out;
    } catch (e) {
      setProblem((e as Error).message);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, run };
}

/** A settings list: no site or range parameters, reloaded by `retry` after a change. */
export const useList = <T,>(endpoint: string) =>
  useQuery<T>(endpoint, { limit: 1000 }, { range: false, site: false, live: 'none' });

export function Problem({ text }: { text: string | null }) {
  return text ? (
    <p class="form-problem" role="alert">
      {text}
    </p>
  ) : null;
}

/** A form's submit button, disabled while its action runs, and the action's problem under it. */
export function Submit({ label, busy, problem }: { label: string; busy: boolean; problem: string | null }) {
  return (
    <>
      <div class="actions">
        <button type="submit" disabled={busy}>
          {label}
        </button>
      </div>
      <Problem text={problem} />
    </>
  );
}

export function Field({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <label class="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

/** The value of an input or select from its event. */
export const valueOf = (e: Event) => (e.target as HTMLInputElement).value;

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [done, setDone] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setDone(true);
    } catch {
      // No clipboard (an http:// page or a refused permission): the text is selectable beside the button.
      setDone(false);
    }
  };
  return (
    <button type="button" onClick={copy}>
      {done ? 'Copied' : label}
    </button>
  );
}
