// What each rule condition measures, read from the rollups (through the levels,
// so any window works), the synthetic check states and Sightline's own health.
// One Sample per site, or per route of a site, or per check.
import type { AlertRule, Condition } from '../../../../shared/alerts';
import { quantiles, type Sketch } from '../../../../shared/sketch';
import type { Site, Store } from '../../ports';
import type { HealthReport } from '../health';
import { logPatterns } from '../queries/logs';
import { createReader, round, type ReadFilter } from '../queries/read';
import { burnValue, type WindowCounts } from './slo';
import type { Sample } from './state';

const MINUTE = 60_000;
const RANK = { pass: 0, warn: 1, fail: 2 } as const;

export interface MeasureDeps {
  store: Store;
  now: number;
  sites: Site[];
  /** Commits accepted but not yet written; absent where commits are not queued here (no data then). */
  backlog?: () => number | Promise<number>;
  /** Sightline's /health report, computed at most once per evaluation. */
  health: () => Promise<HealthReport>;
}

/**
 * [from, to] covering the last `ms` as whole minute rows: the current (partial)
 * minute and the ones before it, so a 2-minute window never counts 3 minutes.
 */
export function windowOf(now: number, ms: number, endMs = now) {
  const minutes = Math.max(1, Math.ceil(ms / MINUTE));
  const last = Math.floor(endMs / MINUTE);
  return { from: (last - minutes + 1) * MINUTE, to: last * MINUTE + MINUTE - 1 };
}

type Keyed = { group?: string; subgroup?: string; metric: string; count: number };

/** A reader of one site's rollups over the window of `ms` ending at `endMs`. */
function read(deps: MeasureDeps, site: Site, ms: number, endMs = deps.now) {
  const { from, to } = windowOf(deps.now, ms, endMs);
  return createReader(deps.store, { site, from, to });
}

function filterOf(rule: AlertRule, filter: ReadFilter, by?: 'dim'): ReadFilter {
  const where = { ...filter.where, ...(rule.scope.route ? { route: rule.scope.route } : {}) };
  if (rule.per === 'route')
    return by ? { ...filter, where, groupBy: by, thenBy: 'route' } : { ...filter, where, groupBy: 'route' };
  return by ? { ...filter, where, groupBy: by } : { ...filter, where };
}

/** The route a row belongs to ('' for the whole site). */
const routeOf = (rule: AlertRule, row: Keyed, by?: 'dim') =>
  rule.per !== 'route' ? '' : by ? (row.subgroup ?? '') : (row.group ?? '');

function sum<T extends Keyed>(rows: T[], key: (r: T) => string, pick: (r: T) => boolean = () => true) {
  const out = new Map<string, number>();
  for (const r of rows) if (pick(r)) out.set(key(r), (out.get(key(r)) ?? 0) + r.count);
  return out;
}

function quantileByKey(
  bins: { bin: number; count: number; group?: string; subgroup?: string; metric: string }[],
  key: (r: Keyed) => string,
  q: number,
) {
  const sketches = new Map<string, Sketch>();
  for (const b of bins) {
    const k = key(b);
    const s = sketches.get(k) ?? sketches.set(k, new Map()).get(k)!;
    s.set(b.bin, (s.get(b.bin) ?? 0) + b.count);
  }
  // Rounded as the query API rounds: a bin's value has 16 digits, of which 2 or 3 mean anything.
  return new Map([...sketches].map(([k, s]) => [k, round(quantiles(s, [q])[0])]));
}

const labelsOf = (rule: AlertRule, siteId: string, extra: Record<string, string> = {}) => ({
  alertname: rule.name,
  rule: rule.id,
  severity: rule.severity,
  ...(siteId ? { site: siteId } : {}),
  ...extra,
});

/** Samples per route (or one for the site), from a value and a sample count per route key. */
function perRoute(
  rule: AlertRule,
  site: Site,
  keys: Iterable<string>,
  value: (k: string) => number | null,
  samples: (k: string) => number,
): Sample[] {
  const all = new Set(keys);
  if (rule.per !== 'route') all.add('');
  return [...all].map((k) => ({
    siteId: site.id,
    labels: labelsOf(rule, site.id, rule.per === 'route' ? { route: k } : {}),
    value: value(k),
    samples: samples(k),
  }));
}

async function measureSite(deps: MeasureDeps, rule: AlertRule, c: Condition, site: Site): Promise<Sample[]> {
  const reader = read(deps, site, rule.window);
  switch (c.type) {
    case 'error_rate': {
      const rows = await reader.totals(filterOf(rule, { metrics: ['request.duration'] }, 'dim'));
      const total = sum(rows, (r) => routeOf(rule, r, 'dim'));
      const bad = sum(
        rows,
        (r) => routeOf(rule, r, 'dim'),
        (r) => r.group === '5xx',
      );
      return perRoute(
        rule,
        site,
        total.keys(),
        (k) => (total.get(k) ? (bad.get(k) ?? 0) / total.get(k)! : null),
        (k) => total.get(k) ?? 0,
      );
    }
    case 'response_time':
    case 'vital': {
      const metric = c.type === 'vital' ? c.metric : 'request.duration';
      const f = filterOf(rule, { metrics: [metric] });
      const [rows, bins] = await Promise.all([reader.totals(f), reader.bins(f)]);
      const total = sum(rows, (r) => routeOf(rule, r));
      const q = quantileByKey(bins, (r) => routeOf(rule, r), c.quantile);
      return perRoute(
        rule,
        site,
        total.keys(),
        (k) => q.get(k) ?? null,
        (k) => total.get(k) ?? 0,
      );
    }
    case 'db_errors': {
      const [errors, queries] = await Promise.all([
        reader.totals(filterOf(rule, { metrics: ['db.errors'], where: { dim: c.kind } })),
        reader.totals(filterOf(rule, { metrics: ['db.duration'] })),
      ]);
      const n = errors.reduce((a, r) => a + r.count, 0);
      const samples = Math.max(
        n,
        queries.reduce((a, r) => a + r.count, 0),
      );
      return [{ siteId: site.id, labels: labelsOf(rule, site.id), value: samples ? n : null, samples }];
    }
    case 'js_error_rate':
    case 'js_error_spike': {
      const rate = async (endMs: number) => {
        const r = endMs === deps.now ? reader : read(deps, site, rule.window, endMs);
        const rows = await r.totals(filterOf(rule, { metrics: ['errors', 'pageviews'] }));
        return {
          errors: sum(
            rows,
            (x) => routeOf(rule, x),
            (x) => x.metric === 'errors',
          ),
          views: sum(
            rows,
            (x) => routeOf(rule, x),
            (x) => x.metric === 'pageviews',
          ),
        };
      };
      const now = await rate(deps.now);
      const ratio = (m: Awaited<ReturnType<typeof rate>>, k: string) =>
        m.views.get(k) ? (m.errors.get(k) ?? 0) / m.views.get(k)! : null;
      if (c.type === 'js_error_rate')
        return perRoute(
          rule,
          site,
          now.views.keys(),
          (k) => ratio(now, k),
          (k) => now.views.get(k) ?? 0,
        );
      const before = await rate(deps.now - Math.ceil(rule.window / MINUTE) * MINUTE);
      return perRoute(
        rule,
        site,
        now.views.keys(),
        (k) => {
          const cur = ratio(now, k);
          return cur === null ? null : cur / Math.max(ratio(before, k) ?? 0, c.floor);
        },
        (k) => now.views.get(k) ?? 0,
      );
    }
    case 'metric': {
      const f = filterOf(rule, {
        metrics: [c.metric],
        ...(c.dim !== undefined ? { where: { dim: c.dim } } : {}),
      });
      const [rows, bins] = await Promise.all([
        reader.totals(f),
        c.aggregate.startsWith('p') ? reader.bins(f) : Promise.resolve([]),
      ]);
      const count = sum(rows, (r) => routeOf(rule, r));
      const total = new Map<string, number>();
      for (const r of rows) total.set(routeOf(rule, r), (total.get(routeOf(rule, r)) ?? 0) + r.sum);
      const q = c.aggregate.startsWith('p')
        ? quantileByKey(bins, (r) => routeOf(rule, r), Number(c.aggregate.slice(1)) / 100)
        : new Map<string, number | null>();
      const value = (k: string) => {
        const n = count.get(k) ?? 0;
        if (c.aggregate === 'count') return n;
        if (!n) return null;
        return c.aggregate === 'sum'
          ? total.get(k)!
          : c.aggregate === 'avg'
            ? total.get(k)! / n
            : (q.get(k) ?? null);
      };
      // A count of nothing is a real zero, not a lack of data.
      return perRoute(rule, site, count.keys(), value, (k) =>
        c.aggregate === 'count' ? Math.max(1, count.get(k) ?? 0) : (count.get(k) ?? 0),
      );
    }
    case 'slo':
      return [await measureSlo(deps, rule, c, site)];
    case 'log_pattern_spike': {
      const minutes = Math.max(1, Math.round(rule.window / MINUTE));
      const { patterns } = await logPatterns(deps.store, site.id, deps.now, { ...c, window: minutes });
      return [
        {
          siteId: site.id,
          labels: labelsOf(rule, site.id),
          value: patterns.filter((p) => p.spike).length,
          samples: patterns.reduce((n, p) => n + p.count, 0),
        },
      ];
    }
    case 'synthetic_check': {
      const checks = (await deps.store.listChecks(site.id)).filter(
        (k) => k.enabled && (!c.check || k.id === c.check),
      );
      const states = await deps.store.checkStates(checks.map((k) => k.id));
      return checks.map((k) => {
        const s = states.find((x) => x.checkId === k.id);
        const known = s && s.status !== 'unknown';
        return {
          siteId: site.id,
          labels: labelsOf(rule, site.id, { check: k.id, check_name: k.name }),
          value: known ? (s.status === 'down' ? 1 : 0) : null,
          samples: known ? 1 : 0,
        };
      });
    }
    default:
      return [];
  }
}

async function measureSlo(
  deps: MeasureDeps,
  rule: AlertRule,
  c: Extract<Condition, { type: 'slo' }>,
  site: Site,
): Promise<Sample> {
  const counts = async (ms: number): Promise<WindowCounts> => {
    if (c.sli === 'checks') {
      const checks = (await deps.store.listChecks(site.id)).filter((k) => k.enabled);
      const all = await Promise.all(checks.map((k) => deps.store.checkCounts(k.id, deps.now - ms, deps.now)));
      const total = all.reduce((a, x) => a + x.total, 0);
      return { total, bad: total - all.reduce((a, x) => a + x.ok, 0) };
    }
    const reader = read(deps, site, ms);
    const rows = await reader.totals(
      filterOf({ ...rule, per: 'site' }, { metrics: ['request.duration'] }, 'dim'),
    );
    return {
      total: rows.reduce((a, r) => a + r.count, 0),
      bad: rows.filter((r) => r.group === '5xx').reduce((a, r) => a + r.count, 0),
    };
  };
  const windows = await Promise.all(
    c.windows.map(async (w) => ({
      ...w,
      longCounts: await counts(w.long),
      shortCounts: await counts(w.short),
    })),
  );
  const { value, samples } = burnValue(c.objective, windows, rule.minSamples);
  return { siteId: site.id, labels: labelsOf(rule, site.id), value, samples };
}

/** Every series of a rule, now. */
export async function measure(deps: MeasureDeps, rule: AlertRule): Promise<Sample[]> {
  const c = rule.condition;
  if (c.type === 'ingest_backlog') {
    if (!deps.backlog) return [];
    return [
      {
        siteId: '',
        labels: labelsOf(rule, ''),
        value: await deps.backlog(),
        samples: Number.MAX_SAFE_INTEGER,
      },
    ];
  }
  if (c.type === 'health_check') {
    const report = await deps.health();
    return Object.entries(report.checks)
      .filter(([key]) => !c.check || key === c.check)
      .map(([key, entries]) => ({
        siteId: '',
        labels: labelsOf(rule, '', { check: key }),
        value: Math.max(...entries.map((e) => RANK[e.status])),
        samples: Number.MAX_SAFE_INTEGER,
      }));
  }
  const sites = deps.sites.filter((s) => !rule.scope.site || s.id === rule.scope.site);
  return (await Promise.all(sites.map((site) => measureSite(deps, rule, c, site)))).flat();
}
