// Performance snapshots from the browser extension: stored with a short support
// code that QA quotes in a ticket and support looks up. A read token uploads and
// reads (support staff have read tokens); bodies up to 2 MB for the screenshot.
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { MAX_SNAPSHOT_BYTES, SnapshotInputSchema } from '../../../shared/snapshot';
import type { AppDeps } from '../deps';
import { authorize } from '../core/auth';
import { badRequest, HttpError } from '../core/errors';
import { parseJson } from '../core/ingest';
import { limitBody } from './body-limit';
import { parseParams, TimeSchema } from '../core/queries/params';
import { normaliseCode, supportCode } from '../core/snapshots';
import type { SnapshotListItem, StoredSnapshot } from '../ports';

const ListParams = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: TimeSchema.optional(),
};
const iso = (t: number) => new Date(t).toISOString();
const listView = (s: SnapshotListItem) => ({ ...s, createdAt: iso(s.createdAt) });
const fullView = (s: StoredSnapshot) => ({
  code: s.code,
  createdAt: iso(s.createdAt),
  createdBy: s.createdBy,
  ...s.snapshot,
  screenshot: s.screenshot,
});

export function registerSnapshotRoutes(app: Hono, deps: AppDeps) {
  const { store, clock } = deps;
  const need = (c: Context) => authorize(store, c.req.header('authorization'), 'read');
  app.use('/v1/snapshots', limitBody(MAX_SNAPSHOT_BYTES, ': send a smaller screenshot'));

  app.post('/v1/snapshots', async (c) => {
    const token = await need(c);
    const parsed = SnapshotInputSchema.safeParse(parseJson(await c.req.text()));
    if (!parsed.success) throw badRequest(parsed.error);
    const { screenshot, ...snapshot } = parsed.data;
    // 30 random bits: a collision is rare, and the insert refuses it rather than overwrite.
    for (let attempt = 0; attempt < 5; attempt++) {
      const stored: StoredSnapshot = {
        code: supportCode(),
        createdAt: clock(),
        createdBy: token.name,
        snapshot,
        screenshot: screenshot ?? null,
      };
      if (await store.putSnapshot(stored)) {
        const base = new URL(c.req.url).origin;
        return c.json(
          { code: stored.code, createdAt: iso(stored.createdAt), url: `${base}/v1/snapshots/${stored.code}` },
          201,
        );
      }
    }
    throw new HttpError(503, 'no free support code after 5 attempts: try again');
  });

  app.get('/v1/snapshots', async (c) => {
    await need(c);
    const q = parseParams(ListParams, c.req.query());
    return c.json({
      snapshots: (await store.listSnapshots({ limit: q.limit, before: q.before })).map(listView),
    });
  });

  app.get('/v1/snapshots/:code', async (c) => {
    await need(c);
    const code = normaliseCode(c.req.param('code'));
    if (!code) throw new HttpError(400, 'code: expected a support code like SL-7K3Q-9F', 'code');
    const found = await store.getSnapshot(code);
    if (!found) throw new HttpError(404, `no snapshot ${code}`, 'code');
    return c.json(fullView(found));
  });
}
