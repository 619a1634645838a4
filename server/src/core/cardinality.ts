// Cardinality control: at most N distinct routes, query templates and error
// groups per site, and at most M custom event names (the widget's `track(name)`)
// and server feature names. Values beyond the cap are folded into `other`
// (`custom.other`, `feature.other` for names) and each folded event is counted
// (`folded.route`, `folded.template`, `folded.error`, `folded.custom`,
// `folded.feature`). A site key is public: without the name cap, anyone holding
// it could grow /v1/features without bound (issue 18: 100,000 names, 11 MB).
// It runs where a batch's records are derived (core/derive.ts `foldedDerive`), in
// every store's commit and in the replay on start; the known values are cached in
// memory, so the hot path only does Set lookups until a new value shows up.
import { binOf } from '../../../shared/sketch';
import type { Derived, DimensionStore, RollupDelta } from '../ports';
import { DEFAULT_LOG_BYTES_PER_DAY } from './logs';

export const DEFAULT_MAX_VALUES = 10_000;
/** Custom event and feature names are fewer than routes: a thousand is a large product. */
export const DEFAULT_MAX_NAMES = 1_000;
export const OTHER = 'other';

type Kind = 'route' | 'template' | 'error' | 'custom' | 'feature';
const KINDS: readonly Kind[] = ['route', 'template', 'error', 'custom', 'feature'];

/** Metrics whose name carries a capped value: `custom.<name>`, `feature.<name>`. */
const NAMED: readonly (readonly [prefix: string, kind: Kind])[] = [
  ['custom.', 'custom'],
  ['feature.', 'feature'],
];

type Capped = readonly (readonly [kind: Kind, dimension: 'route' | 'dim'])[];
const ROUTE: Capped = [['route', 'route']];
const ERRORS: Capped = [
  ['route', 'route'],
  ['error', 'dim'],
];
const TEMPLATE: Capped = [['template', 'dim']];
const NONE: Capped = [];

/** Which capped dimension of a delta holds a value of which kind. */
function cappedOf(metric: string): Capped {
  if (metric === 'errors') return ERRORS;
  if (metric === 'db.duration' || metric === 'db.slow') return TEMPLATE;
  // db.* hold the query's op as route, lti.* ok/failed: small fixed sets.
  if (metric.startsWith('db.') || metric.startsWith('lti.') || metric.startsWith('folded.')) return NONE;
  return ROUTE;
}

export interface CardinalityOptions {
  maxValues?: number;
  /** Distinct custom event names and server feature names per site, each (default 1,000). */
  maxNames?: number;
  /** When a value is first registered (epoch ms). */
  clock?: () => number;
  /** Log bytes a site keeps per UTC day (core/logs.ts, default 50 MB): set on each batch's lines. */
  logBytesPerDay?: number;
}

/**
 * `SIGHTLINE_MAX_ROUTES` (default 10,000) and `SIGHTLINE_MAX_FEATURES` (default 1,000): the caps per
 * site and kind; `SIGHTLINE_LOG_BYTES_PER_DAY` (default 50 MB): the log bytes a site keeps per day.
 */
export function cardinalityFromEnv(env: {
  SIGHTLINE_MAX_ROUTES?: string;
  SIGHTLINE_MAX_FEATURES?: string;
  SIGHTLINE_LOG_BYTES_PER_DAY?: string;
}): CardinalityOptions {
  const positive = (v: string | undefined, fallback: number) =>
    v && Number.isInteger(Number(v)) && Number(v) > 0 ? Number(v) : fallback;
  return {
    maxValues: positive(env.SIGHTLINE_MAX_ROUTES, DEFAULT_MAX_VALUES),
    maxNames: positive(env.SIGHTLINE_MAX_FEATURES, DEFAULT_MAX_NAMES),
    logBytesPerDay: positive(env.SIGHTLINE_LOG_BYTES_PER_DAY, DEFAULT_LOG_BYTES_PER_DAY),
  };
}

/** A batch's records with capped values admitted or folded: what the store commits. */
export type CardinalityFold = (derived: Derived) => Promise<Derived>;

/** Folds records over the cap of the values registered in `store`, and registers the admitted ones. */
export function cardinalityFold(store: DimensionStore, options: CardinalityOptions = {}): CardinalityFold {
  const max = options.maxValues ?? DEFAULT_MAX_VALUES;
  const maxNames = options.maxNames ?? DEFAULT_MAX_NAMES;
  const capOf = (kind: Kind) => (kind === 'custom' || kind === 'feature' ? maxNames : max);
  const clock = options.clock ?? Date.now;
  // Site + kind → the registered values, loaded once per process (per isolate on Workers).
  const loading = new Map<string, Promise<Set<string>>>();
  const loaded = new Map<string, Set<string>>();
  const idOf = (siteId: string, kind: Kind) => `${siteId}\u0000${kind}`;
  async function load(siteId: string, kind: Kind): Promise<void> {
    const id = idOf(siteId, kind);
    if (loaded.has(id)) return;
    let values = loading.get(id);
    if (!values) {
      loading.set(id, (values = store.dimensionValues(siteId, kind).then((v) => new Set(v))));
      values.then(
        (set) => loaded.set(id, set),
        () => loading.delete(id),
      );
    }
    loaded.set(id, await values);
  }

  /** Admits or folds each capped value; registers the newly admitted ones. */
  async function fold({
    deltas,
    sessions: sessionDeltas,
    errors: errorDeltas,
    ...rest
  }: Derived): Promise<Derived> {
    // Usually one site, all its kinds loaded: no await at all then.
    const missing: [string, Kind][] = [];
    const need = (siteId: string) => {
      for (const kind of KINDS) if (!loaded.has(idOf(siteId, kind))) missing.push([siteId, kind]);
    };
    let site = '';
    for (const d of deltas) if (d.siteId !== site) need((site = d.siteId));
    for (const e of errorDeltas ?? []) need(e.siteId);
    if (missing.length) await Promise.all(missing.map(([siteId, kind]) => load(siteId, kind)));
    const admitted = new Map<string, { siteId: string; kind: Kind; values: string[] }>();
    // Synchronous from here: concurrent commits see each other's values and respect the cap.
    const admit = (siteId: string, kind: Kind, value: string): boolean => {
      if (value === '' || value === OTHER) return true;
      const values = loaded.get(idOf(siteId, kind))!;
      if (values.has(value)) return true;
      if (values.size >= capOf(kind)) return false;
      values.add(value);
      const id = idOf(siteId, kind);
      (admitted.get(id) ?? admitted.set(id, { siteId, kind, values: [] }).get(id)!).values.push(value);
      return true;
    };
    const folded = new Map<string, RollupDelta>();
    const foldedAs = (d: RollupDelta, kind: Kind): RollupDelta => ({
      ...d,
      metric: `folded.${kind}`,
      route: '',
      dim: '',
      count: 1,
      value: 1,
      bin: binOf(1),
      rating: null,
    });
    let out = deltas;
    deltas.forEach((d, i) => {
      let delta = d;
      const named = NAMED.find(([prefix]) => d.metric.startsWith(prefix));
      if (named && !admit(d.siteId, named[1], d.metric.slice(named[0].length))) {
        delta = { ...delta, metric: `${named[0]}${OTHER}` };
        folded.set(`${d.eventId}\u0000${named[1]}`, foldedAs(d, named[1]));
      }
      for (const [kind, dimension] of cappedOf(d.metric)) {
        if (admit(d.siteId, kind, d[dimension])) continue;
        delta = { ...delta, [dimension]: OTHER };
        folded.set(`${d.eventId}\u0000${kind}`, foldedAs(d, kind));
      }
      // Copied only once something folds: the common case allocates nothing.
      if (delta !== d) (out === deltas ? (out = [...deltas]) : out)[i] = delta;
    });
    let errors = errorDeltas;
    errorDeltas?.forEach((e, i) => {
      if (admit(e.siteId, 'error', e.fingerprint)) return;
      if (errors === errorDeltas) errors = [...errorDeltas];
      errors![i] = {
        ...e,
        fingerprint: OTHER,
        title: 'other errors (over the error-group limit)',
        frame: '',
      };
    });
    // A session's features are the custom event names it used: folded as their rollups are.
    let sessions = sessionDeltas;
    sessionDeltas?.forEach((s, i) => {
      if (s.feature === undefined || admit(s.siteId, 'custom', s.feature)) return;
      if (sessions === sessionDeltas) sessions = [...sessionDeltas];
      sessions![i] = { ...s, feature: OTHER };
    });
    // Registered before the commit, so every value in a rollup is in the registry.
    for (const { siteId, kind, values } of admitted.values()) {
      await store.addDimensionValues(siteId, kind, values, clock()).catch((error) => {
        for (const v of values) loaded.get(idOf(siteId, kind))!.delete(v);
        throw error;
      });
    }
    const logs =
      rest.logs && options.logBytesPerDay ? { ...rest.logs, cap: options.logBytesPerDay } : rest.logs;
    return {
      ...rest,
      deltas: folded.size ? [...out, ...folded.values()] : out,
      sessions,
      errors,
      ...(logs && { logs }),
    };
  }
  return fold;
}
