// A status as colour AND words, so it reads without colour too.
import type { Status } from '../../../shared/query';
import { statusText } from '../models/format';

export function StatusPill({ status, text }: { status: Status | null | undefined; text?: string }) {
  return (
    <span class={`pill pill-${status ?? 'none'}`}>
      <span class="dot" aria-hidden="true" />
      {text ?? statusText(status)}
    </span>
  );
}

const SEVERITY: Record<string, Status> = { critical: 'red', warning: 'amber', info: 'green' };
const STATE: Record<string, Status | null> = {
  firing: 'red',
  pending: 'amber',
  nodata: null,
  resolved: 'green',
  up: 'green',
  down: 'red',
  unknown: null,
  pass: 'green',
  warn: 'amber',
  fail: 'red',
  ok: 'green',
  disabled: null,
};

export const SeverityPill = ({ severity }: { severity: string }) => (
  <StatusPill status={SEVERITY[severity] ?? null} text={severity} />
);
export const StatePill = ({ state }: { state: string }) => (
  <StatusPill status={STATE[state] ?? null} text={state === 'nodata' ? 'no data' : state} />
);
