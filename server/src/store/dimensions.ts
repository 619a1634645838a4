// The registry of capped dimension values (core/cardinality.ts): which routes,
// query templates and error groups a site has, up to its cap.
import type { DimensionStore, SqlExecutor } from '../ports';

const SQL = {
  /** ?1 site, ?2 kind. */
  values: 'SELECT value FROM dimension_values WHERE site_id = ?1 AND kind = ?2',
  /** ?1 site, ?2 kind, ?3 at, ?4 JSON array of values. */
  add: 'INSERT OR IGNORE INTO dimension_values (site_id, kind, value, first_seen) SELECT ?1, ?2, value, ?3 FROM json_each(?4)',
} as const;

export function dimensionStore(exec: SqlExecutor): DimensionStore {
  return {
    async dimensionValues(siteId, kind) {
      return (await exec.all<{ value: string }>(SQL.values, siteId, kind)).map((r) => r.value);
    },
    async addDimensionValues(siteId, kind, values, at) {
      await exec.run(SQL.add, siteId, kind, at, JSON.stringify(values));
    },
  };
}
