// The daily secret salts (migration 0020): one per UTC day, made by whichever process
// or isolate asks first (the others read it), kept in memory for the day.
import type { SaltStore, SqlExecutor } from '../ports';

const SQL = {
  insert: 'INSERT OR IGNORE INTO day_salts (day, salt) VALUES (?, ?)',
  get: 'SELECT salt FROM day_salts WHERE day = ?',
  forget: 'DELETE FROM day_salts WHERE day < ?',
} as const;

export function saltStore(exec: SqlExecutor): SaltStore {
  let cached: { day: number; salt: string } | undefined;
  return {
    async daySalt(day, fresh) {
      if (cached?.day === day) return cached.salt;
      const [, read] = await exec.batch([
        [SQL.insert, [day, fresh]],
        [SQL.get, [day]],
      ]);
      cached = { day, salt: (read.rows[0] as { salt: string }).salt };
      return cached.salt;
    },
    async forgetSalts(day) {
      await exec.run(SQL.forget, day);
      if (cached && cached.day < day) cached = undefined;
    },
  };
}
