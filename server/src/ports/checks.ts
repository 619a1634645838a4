// Synthetic checks as stored, their runs and state, and the probe that sends one.
import type { Check, CheckStatus } from '../../../shared/checks';

/** A synthetic check as stored: its definition and where it came from. */
export interface StoredCheck extends Check {
  /** `file`: from SIGHTLINE_CHECKS_FILE, changed only there; `api`: through /v1/checks. */
  source: 'file' | 'api';
  createdAt: number;
  updatedAt: number;
}

/** One run of a check. */
export interface CheckRun {
  checkId: string;
  /** When it started, epoch ms. */
  at: number;
  ok: boolean;
  /** The status of the last response; null when none came. */
  status: number | null;
  latencyMs: number;
  /** Why it failed; null when it passed. */
  error: string | null;
}

/**
 * Where a check stands: what an alert evaluator reads. `consecutiveFailures`
 * and `consecutiveSuccesses` count the runs in a row (one of them is always 0
 * once it has run); `status` turns DOWN and UP by core/synthetic/state.ts.
 */
export interface CheckState {
  checkId: string;
  status: CheckStatus;
  consecutiveFailures: number;
  consecutiveSuccesses: number;
  /** When `status` last changed; null while unknown. */
  since: number | null;
  lastRun: Omit<CheckRun, 'checkId'> | null;
  /** When it is next due. */
  nextRunAt: number;
}

export interface CheckStore {
  listChecks(siteId?: string): Promise<StoredCheck[]>;
  getCheck(id: string): Promise<StoredCheck | null>;
  /**
   * Creates or replaces a check (its state and runs are kept). A new check is
   * due at `now`; a changed one keeps its schedule.
   */
  putCheck(check: Check, source: StoredCheck['source'], now: number): Promise<void>;
  /** Deletes a check with its state and runs; false if there was none. */
  deleteCheck(id: string): Promise<boolean>;
  /**
   * Claims the enabled checks due at `now`: each is moved to its next slot
   * atomically, so two schedulers never run one check twice. Returns them with their state.
   */
  claimDueChecks(now: number): Promise<{ check: StoredCheck; state: CheckState }[]>;
  /**
   * Stores a run and the state it led to (all but `nextRunAt`), and drops the
   * check's runs older than `keepAfter`. Nothing is stored if the check was deleted meanwhile.
   */
  recordCheckRun(run: CheckRun, state: CheckState, keepAfter: number): Promise<void>;
  /** The state of each check (all when `ids` is absent). */
  checkStates(ids?: string[]): Promise<CheckState[]>;
  /** A check's latest runs, newest first. */
  /** A check's runs, newest first, at most `limit`; with `before`, only runs started before it (epoch ms). */
  checkRuns(id: string, limit: number, before?: number): Promise<CheckRun[]>;
  /** Runs of a check started in [from, to], and how many of them succeeded. */
  checkCounts(id: string, from: number, to: number): Promise<{ total: number; ok: number }>;
}

/** One HTTP request of a check, as a probe sends it: no redirects followed. */
export interface ProbeRequest {
  url: URL;
  method: string;
  signal: AbortSignal;
  /** Read at most this many bytes of the body; none when 0. */
  maxBodyBytes: number;
}

export interface ProbeResponse {
  status: number;
  location: string | null;
  /** The body as text (cut at maxBodyBytes); '' when not read. */
  body: string;
}

/**
 * Sends one check request (runtime adapters: Node's http with guarded DNS,
 * or fetch). Rejects with TargetRefused (core/synthetic/guard.ts) before any
 * traffic when the target's address is not allowed.
 */
export type HttpProbe = (request: ProbeRequest) => Promise<ProbeResponse>;
