import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMigrations } from './migration-files';
import { createSqliteStore, openSqlite } from './sqlite-store';
import { describeStoreContract } from './store-contract';

describeStoreContract('SQLite file', async () => {
  const db = openSqlite(join(mkdtempSync(join(tmpdir(), 'sightline-')), 'test.db'));
  return { store: createSqliteStore(db), migrations: readMigrations() };
});
