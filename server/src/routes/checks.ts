// The synthetic checks API: read token to read, admin token to change.
// Checks from the checks file are read-only here (409): the file is their source.
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { UptimeRangeSchema } from '../../../shared/checks';
import type { AppDeps } from '../deps';
import type { Role, StoredCheck } from '../ports';
import { authorize } from '../core/auth';
import { badRequest, HttpError } from '../core/errors';
import { randomId } from '../core/ids';
import { parseJson } from '../core/ingest';
import { parseParams } from '../core/queries/params';
import { pageOf, PageParams } from './alerts';
import { limitBody } from './body-limit';
import { defineCheck } from '../core/synthetic/define';
import { addressPolicy } from '../core/synthetic/guard';
import { uptimeOf } from '../core/synthetic/uptime';
import { RUN_RETENTION_MS } from '../core/synthetic/job';
import { runCheck } from '../core/synthetic/run';
import { initialState, nextState } from '../core/synthetic/state';
import { createFetchProbe } from '../adapters/fetch-probe';

const MAX_BODY = 64 * 1024;

/** A check's runs page by time: the cursor is the start of the last run of the page before. */
const RunPageParams = {
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.coerce.number().int().positive().optional().describe('a cursor from a previous answer'),
};

export function registerCheckRoutes(app: Hono, deps: AppDeps) {
  const { store, clock } = deps;
  const policy = addressPolicy(deps.allowPrivateTargets ?? false);
  // The runtime's probe (Node: DNS-guarded at connect time); fetch under the same policy otherwise.
  const probe = deps.probe ?? createFetchProbe();
  const need = (c: Context, role: Role) => authorize(store, c.req.header('authorization'), role);

  const range = (c: Context) => {
    const raw = c.req.query('range') ?? '24h';
    const parsed = UptimeRangeSchema.safeParse(raw);
    if (!parsed.success) throw badRequest(parsed.error, ['range']);
    const to = clock();
    return { label: raw, from: to - parsed.data, to };
  };
  const found = async (id: string) => {
    const check = await store.getCheck(id);
    if (!check) throw new HttpError(404, `no check ${id}`, 'id');
    return check;
  };
  /** A check with its state and its uptime over the range. */
  const view = async (check: StoredCheck, r: { label: string; from: number; to: number }) => {
    const [state] = await store.checkStates([check.id]);
    return {
      ...check,
      state: state ? { ...state, checkId: undefined } : null,
      uptime: { range: r.label, ...uptimeOf(await store.checkCounts(check.id, r.from, r.to), r.from, r.to) },
    };
  };
  const input = async (c: Context) => parseJson(await c.req.text());
  const sites = () => store.listSites();
  const writable = (check: StoredCheck | null) => {
    if (check?.source === 'file')
      throw new HttpError(409, `check ${check.id} comes from the checks file: change it there`, 'id');
  };

  const limit = limitBody(MAX_BODY);
  app.use('/v1/checks', limit);
  app.use('/v1/checks/*', limit);

  app.get('/v1/checks', async (c) => {
    await need(c, 'read');
    const r = range(c);
    // A bounded page (limit, default 100; cursor from nextCursor), each check's uptime read only for it.
    const { limit, cursor } = c.req.query();
    const paging = parseParams(PageParams, { ...(limit && { limit }), ...(cursor && { cursor }) });
    const page = pageOf(await store.listChecks(c.req.query('site')), paging);
    return c.json({
      checks: await Promise.all(page.items.map((check) => view(check, r))),
      nextCursor: page.nextCursor,
    });
  });
  app.get('/v1/checks/:id', async (c) => {
    await need(c, 'read');
    const check = await found(c.req.param('id'));
    return c.json({ ...(await view(check, range(c))), runs: await store.checkRuns(check.id, 20) });
  });
  app.get('/v1/checks/:id/uptime', async (c) => {
    await need(c, 'read');
    const check = await found(c.req.param('id'));
    const r = range(c);
    return c.json({
      id: check.id,
      range: r.label,
      ...uptimeOf(await store.checkCounts(check.id, r.from, r.to), r.from, r.to),
    });
  });
  app.get('/v1/checks/:id/runs', async (c) => {
    await need(c, 'read');
    const check = await found(c.req.param('id'));
    const q = parseParams(RunPageParams, c.req.query());
    // One more than asked: whether there is a next page.
    const runs = await store.checkRuns(check.id, q.limit + 1, q.cursor);
    const page = runs.slice(0, q.limit);
    const nextCursor = runs.length > q.limit ? String(page[page.length - 1].at) : null;
    return c.json({ id: check.id, runs: page, nextCursor });
  });

  app.post('/v1/checks', async (c) => {
    await need(c, 'admin');
    const body = await input(c);
    const given = body && typeof body === 'object' && 'id' in body ? undefined : randomId('chk', 12);
    const check = defineCheck(body, { sites: await sites(), policy, id: given });
    if (await store.getCheck(check.id))
      throw new HttpError(409, `check ${check.id} exists: PUT /v1/checks/${check.id} replaces it`, 'id');
    await store.putCheck(check, 'api', clock());
    return c.json(await view((await store.getCheck(check.id))!, range(c)), 201);
  });
  app.put('/v1/checks/:id', async (c) => {
    await need(c, 'admin');
    const id = c.req.param('id');
    const existing = await store.getCheck(id);
    writable(existing);
    const check = defineCheck(await input(c), { sites: await sites(), policy, id });
    await store.putCheck(check, 'api', clock());
    return c.json(await view((await store.getCheck(id))!, range(c)), existing ? 200 : 201);
  });
  // Pause and resume ({"enabled": false}) or change a few fields: the rest is kept, all of it validated again.
  app.patch('/v1/checks/:id', async (c) => {
    await need(c, 'admin');
    const existing = await found(c.req.param('id'));
    writable(existing);
    const patch = await input(c);
    if (!patch || typeof patch !== 'object' || Array.isArray(patch))
      throw new HttpError(400, 'body: expected an object of the fields to change', 'body');
    const { source: _s, createdAt: _c, updatedAt: _u, ...kept } = existing;
    const check = defineCheck({ ...kept, ...patch }, { sites: await sites(), policy, id: existing.id });
    await store.putCheck(check, 'api', clock());
    return c.json(await view((await store.getCheck(check.id))!, range(c)));
  });
  // Run now: one run, recorded like a scheduled one (state and uptime count it); the schedule is kept.
  app.post('/v1/checks/:id/run', async (c) => {
    await need(c, 'admin');
    const check = await found(c.req.param('id'));
    const run = await runCheck(check, { probe, policy, clock });
    const [state] = await store.checkStates([check.id]);
    await store.recordCheckRun(
      run,
      nextState(state ?? initialState(check.id, clock()), run),
      run.at - RUN_RETENTION_MS,
    );
    return c.json({ run, state: (await store.checkStates([check.id]))[0] ?? null });
  });
  app.delete('/v1/checks/:id', async (c) => {
    await need(c, 'admin');
    const check = await found(c.req.param('id'));
    writable(check);
    await store.deleteCheck(check.id);
    return c.body(null, 204);
  });
}
