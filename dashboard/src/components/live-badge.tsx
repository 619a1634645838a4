// The live connection's state in words (and colour): live, reconnecting in n s, polling.
import type { LiveState } from '../models/live';
import { fmtTime } from '../models/format';

export interface LiveBadgeProps {
  state: LiveState;
  retryAt: number | null;
  lastDataAt: number | null;
  now: number;
  onRetry(): void;
}

export function LiveBadge({ state, retryAt, lastDataAt, now, onRetry }: LiveBadgeProps) {
  const text: Record<LiveState, string> = {
    connecting: 'Connecting…',
    live: 'Live',
    reconnecting: 'Live updates lost',
    polling: 'Refreshing every 30 s',
    stopped: 'Not live',
  };
  const tone =
    state === 'live' ? 'green' : state === 'reconnecting' ? 'red' : state === 'polling' ? 'amber' : 'none';
  return (
    <div
      class={`live live-${state}`}
      data-testid="live-state"
      data-state={state}
      role="status"
      aria-live="polite"
    >
      <span class={`pill pill-${tone}`}>
        <span class="dot" aria-hidden="true" />
        {text[state]}
      </span>
      {state === 'reconnecting' && (
        <span class="live-detail">
          {' '}
          Retrying in {Math.max(0, Math.ceil(((retryAt ?? now) - now) / 1000))} s; showing data from{' '}
          {fmtTime(lastDataAt)}.{' '}
          <button type="button" class="link-button" onClick={onRetry}>
            Retry now
          </button>
        </span>
      )}
    </div>
  );
}
