// The ports the core depends on, one file per concern. A store (store/) implements
// Store over a SqlExecutor; the runtime entries (runtime/) assemble one and wire it,
// with a Clock, into the app. Nothing here imports from the core or the adapters.
import type { AlertStore } from './alerts';
import type { CheckStore } from './checks';
import type { HealthStore, SchemaStore } from './health';
import type { BatchStore, DimensionStore, QueueStore } from './ingest';
import type { InsightStore } from './insights';
import type { LaunchStore } from './launches';
import type { LogStore } from './logs';
import type { ReleaseStore } from './releases';
import type { DerivedReads } from './rollups';
import type { SiteStore } from './sites';
import type { SnapshotStore } from './snapshots';
import type { SaltStore } from './users';

export type * from './alerts';
export type * from './checks';
export type * from './health';
export * from './ingest';
export type * from './insights';
export type * from './launches';
export type * from './logs';
export type * from './releases';
export type * from './rollups';
export type * from './sites';
export type * from './snapshots';
export type * from './sql';
export type * from './users';

export interface Store
  extends
    SchemaStore,
    SiteStore,
    BatchStore,
    DimensionStore,
    DerivedReads,
    HealthStore,
    CheckStore,
    AlertStore,
    SnapshotStore,
    QueueStore,
    LaunchStore,
    SaltStore,
    ReleaseStore,
    LogStore,
    InsightStore {}

/** Milliseconds since the epoch; injected so tests control time. */
export type Clock = () => number;
