// The alerts API: active alerts, history, deliveries, rules, channels, silences and
// acknowledgements. A read token reads; an admin token changes. Rules and channels
// from the rules file are read-only here (409); default rules can be replaced or
// disabled, not deleted.
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import {
  SeveritySchema,
  SilenceInputSchema,
  type AlertView,
  type Channel,
  type Silence,
} from '../../../shared/alerts';
import type { AppDeps } from '../deps';
import type { Role } from '../ports';
import { authorize } from '../core/auth';
import { defineChannel, defineRule } from '../core/alerts/config';
import { alertLinks, isSilenced } from '../core/alerts/dispatch';
import type { AlertInstance, StoredChannel, StoredRule } from '../ports';
import { badRequest, HttpError } from '../core/errors';
import { randomId } from '../core/ids';
import { parseJson } from '../core/ingest';
import { limitBody } from './body-limit';
import { parseParams, TimeSchema } from '../core/queries/params';
import { addressPolicy } from '../core/synthetic/guard';
import { refuseChannel } from '../core/synthetic/guard';

const MAX_BODY = 64 * 1024;

/**
 * Every list answers a page: `limit` items (default 100, at most 1000) and, when
 * there are more, a `nextCursor` to pass as `cursor` for the next page. The
 * cursor is the position in the list's order (these lists are small and change
 * rarely: a page may repeat or skip an item that changed in between).
 */
export const PageParams = {
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z
    .string()
    .regex(/^\d{1,5}$/, 'a cursor from a previous answer')
    .optional(),
};
/** Offsets beyond this are refused: a list this long is filtered, not paged. */
const MAX_OFFSET = 99_999;

export function pageOf<T>(items: T[], q: { limit: number; cursor?: string }) {
  const start = Number(q.cursor ?? 0);
  const end = start + q.limit;
  return { items: items.slice(start, end), nextCursor: end < items.length ? String(end) : null };
}
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

/** A channel as shown: secrets (webhook secret, routing key, SMTP password, Slack URL path) hidden. */
export function redactChannel(c: StoredChannel) {
  switch (c.type) {
    case 'webhook':
      return { ...c, ...(c.secret ? { secret: '••••' } : {}) };
    case 'slack':
      return { ...c, url: `${new URL(c.url).origin}/••••` };
    case 'pagerduty':
      return { ...c, routingKey: `••••${c.routingKey.slice(-4)}` };
    case 'email':
      return c.smtp ? { ...c, smtp: { ...c.smtp, ...(c.smtp.pass ? { pass: '••••' } : {}) } } : c;
  }
}

export function alertView(
  i: AlertInstance,
  rule: StoredRule | undefined,
  silences: Silence[],
  base: string,
  now: number,
): AlertView {
  return {
    id: i.id,
    rule: i.ruleId,
    name: rule?.name ?? i.labels.alertname ?? i.ruleId,
    severity: rule?.severity ?? 'warning',
    state: i.state,
    site: i.siteId,
    route: i.labels.route ?? null,
    labels: i.labels,
    value: i.value,
    threshold: rule?.threshold ?? 0,
    comparison: rule?.comparison ?? '>',
    since: new Date(i.firedAt ?? i.activeAt).toISOString(),
    firedAt: iso(i.firedAt),
    resolvedAt: iso(i.resolvedAt),
    acknowledged: i.ack ? { at: new Date(i.ack.at).toISOString(), by: i.ack.by } : null,
    silenced: isSilenced(i, silences, now),
    links: { ...alertLinks(base, i), ...(rule?.runbookUrl ? { runbook: rule.runbookUrl } : {}) },
  };
}

const ListParams = {
  site: z.string().max(64).optional(),
  route: z.string().max(256).optional(),
  severity: SeveritySchema.optional(),
  state: z.enum(['pending', 'firing', 'nodata', 'resolved', 'active', 'all']).default('active'),
  ...PageParams,
  limit: PageParams.limit.unwrap().default(500),
};
const HistoryParams = {
  site: z.string().max(64).optional(),
  rule: z.string().max(64).optional(),
  alert: z.string().max(64).optional(),
  from: TimeSchema.optional(),
  to: TimeSchema.optional(),
  ...PageParams,
};
const DeliveryParams = {
  status: z.enum(['pending', 'sent', 'failed']).optional(),
  channel: z.string().max(64).optional(),
  alert: z.string().max(64).optional(),
  ...PageParams,
};

export function registerAlertRoutes(app: Hono, deps: AppDeps) {
  const { store, clock } = deps;
  const need = (c: Context, role: Role) => authorize(store, c.req.header('authorization'), role);
  const base = (c: Context) => new URL(c.req.url).origin;
  const input = async (c: Context) => parseJson(await c.req.text());
  const limit = limitBody(MAX_BODY);
  app.use('/v1/alerts', limit);
  app.use('/v1/alerts/*', limit);

  const views = async (c: Context, filter: (i: AlertInstance) => boolean) => {
    const [instances, rules, silences] = await Promise.all([
      store.alertInstances(),
      store.listAlertRules(),
      store.listSilences(),
    ]);
    const byId = new Map(rules.map((r) => [r.id, r]));
    return instances.filter(filter).map((i) => alertView(i, byId.get(i.ruleId), silences, base(c), clock()));
  };

  app.get('/v1/alerts', async (c) => {
    await need(c, 'read');
    const q = parseParams(ListParams, c.req.query());
    const states =
      q.state === 'all' ? null : q.state === 'active' ? ['pending', 'firing', 'nodata'] : [q.state];
    const alerts = (
      await views(
        c,
        (i) =>
          (!states || states.includes(i.state)) &&
          (!q.site || i.siteId === q.site) &&
          (!q.route || i.labels.route === q.route),
      )
    ).filter((a) => !q.severity || a.severity === q.severity);
    const rank = { firing: 0, pending: 1, nodata: 2, resolved: 3 };
    alerts.sort(
      (a, b) =>
        rank[a.state] - rank[b.state] ||
        ['critical', 'warning', 'info'].indexOf(a.severity) -
          ['critical', 'warning', 'info'].indexOf(b.severity) ||
        a.since.localeCompare(b.since) ||
        a.id.localeCompare(b.id),
    );
    const page = pageOf(alerts, q);
    return c.json({ alerts: page.items, nextCursor: page.nextCursor });
  });

  app.get('/v1/alerts/history', async (c) => {
    await need(c, 'read');
    const q = parseParams(HistoryParams, c.req.query());
    const to = q.to ?? clock();
    const skip = Number(q.cursor ?? 0);
    const all = await store.alertHistory({
      from: q.from ?? to - 7 * 86_400_000,
      to,
      limit: Math.min(skip + q.limit + 1, MAX_OFFSET + 1000),
      alertId: q.alert,
      ruleId: q.rule,
      siteId: q.site,
    });
    const page = pageOf(all, q);
    return c.json({
      history: page.items.map((h) => ({ ...h, at: new Date(h.at).toISOString() })),
      nextCursor: page.nextCursor,
    });
  });

  app.get('/v1/alerts/deliveries', async (c) => {
    // Attempts and errors describe the targets (what they answered, where they are): admins only.
    const detailed = (await need(c, 'read')).role === 'admin';
    const q = parseParams(DeliveryParams, c.req.query());
    const skip = Number(q.cursor ?? 0);
    const all = await store.listNotifications({
      limit: Math.min(skip + q.limit + 1, MAX_OFFSET + 1000),
      status: q.status,
      channelId: q.channel,
      alertId: q.alert,
    });
    const page = pageOf(all, q);
    return c.json({
      nextCursor: page.nextCursor,
      deliveries: page.items.map((n) => ({
        id: n.id,
        channel: n.channelId,
        groupKey: n.groupKey,
        kind: n.kind,
        status: n.status,
        alerts: n.payload.alerts.map((a) => ({ id: a.id, rule: a.ruleId, status: a.status })),
        createdAt: new Date(n.createdAt).toISOString(),
        sentAt: iso(n.sentAt),
        nextAttemptAt: n.status === 'pending' ? iso(n.nextAttemptAt) : null,
        ...(detailed
          ? {
              attempts: n.attempts.map((a) => ({ ...a, at: new Date(a.at).toISOString() })),
              lastError: n.lastError,
            }
          : { attempts: n.attempts.length }),
      })),
    });
  });

  registerRuleRoutes(app, deps, need);
  registerChannelRoutes(app, deps, need, input);

  app.get('/v1/alerts/silences', async (c) => {
    await need(c, 'read');
    const q = parseParams(PageParams, c.req.query());
    const now = clock();
    const page = pageOf(await store.listSilences(), q);
    return c.json({
      nextCursor: page.nextCursor,
      silences: page.items.map((s) => ({
        ...s,
        startsAt: iso(s.startsAt),
        endsAt: iso(s.endsAt),
        state: now < s.startsAt ? 'pending' : now < s.endsAt ? 'active' : 'expired',
      })),
    });
  });
  app.post('/v1/alerts/silences', async (c) => {
    const token = await need(c, 'admin');
    const parsed = SilenceInputSchema.safeParse(await input(c));
    if (!parsed.success) throw badRequest(parsed.error);
    const s = parsed.data;
    const now = clock();
    const startsAt = s.startsAt ? Date.parse(s.startsAt) : now;
    const endsAt = s.endsAt ? Date.parse(s.endsAt) : startsAt + s.duration!;
    if (endsAt <= Math.max(startsAt, now))
      throw new HttpError(400, 'endsAt: must be in the future and after startsAt', 'endsAt');
    const silence: Silence = {
      id: randomId('sil', 12),
      rule: s.rule ?? null,
      site: s.site ?? null,
      startsAt,
      endsAt,
      createdBy: token.name,
      comment: s.comment,
    };
    await store.putSilence(silence, now);
    return c.json({ ...silence, startsAt: iso(startsAt), endsAt: iso(endsAt) }, 201);
  });
  app.delete('/v1/alerts/silences/:id', async (c) => {
    await need(c, 'admin');
    if (!(await store.expireSilence(c.req.param('id'), clock())))
      throw new HttpError(404, `no silence ${c.req.param('id')}`, 'id');
    return c.body(null, 204);
  });

  app.get('/v1/alerts/:id', async (c) => {
    await need(c, 'read');
    const id = c.req.param('id');
    const [alert] = await views(c, (i) => i.id === id);
    const history = await store.alertHistory({ from: 0, to: clock(), limit: 100, alertId: id });
    if (!alert && !history.length) throw new HttpError(404, `no alert ${id}`, 'id');
    return c.json({
      alert: alert ?? null,
      history: history.map((h) => ({ ...h, at: new Date(h.at).toISOString() })),
    });
  });
  app.post('/v1/alerts/:id/ack', async (c) => {
    const token = await need(c, 'admin');
    const id = c.req.param('id');
    if (!(await store.ackAlert(id, token.name, clock())))
      throw new HttpError(404, `no active alert ${id}`, 'id');
    const [alert] = await views(c, (i) => i.id === id);
    return c.json({ alert });
  });
}

type Need = (c: Context, role: Role) => ReturnType<typeof authorize>;

function registerRuleRoutes(app: Hono, deps: AppDeps, need: Need) {
  const { store, clock } = deps;
  const found = async (id: string) => {
    const rule = await store.getAlertRule(id);
    if (!rule) throw new HttpError(404, `no rule ${id}`, 'id');
    return rule;
  };
  const withState = async (rules: StoredRule[]) => {
    const instances = await store.alertInstances();
    return rules.map((r) => {
      const mine = instances.filter((i) => i.ruleId === r.id);
      const state = mine.some((i) => i.state === 'firing')
        ? 'firing'
        : mine.some((i) => i.state === 'pending')
          ? 'pending'
          : mine.some((i) => i.state === 'nodata')
            ? 'nodata'
            : 'ok';
      return { ...r, state: r.enabled ? state : 'disabled' };
    });
  };
  const fromFile = (r: StoredRule | null) => {
    if (r?.source === 'file')
      throw new HttpError(409, `rule ${r.id} comes from the rules file: change it there`, 'id');
  };
  app.get('/v1/alerts/rules', async (c) => {
    await need(c, 'read');
    const page = pageOf(await store.listAlertRules(), parseParams(PageParams, c.req.query()));
    return c.json({ rules: await withState(page.items), nextCursor: page.nextCursor });
  });
  app.get('/v1/alerts/rules/:id', async (c) => {
    await need(c, 'read');
    const [rule] = await withState([await found(c.req.param('id'))]);
    return c.json(rule);
  });
  app.post('/v1/alerts/rules', async (c) => {
    await need(c, 'admin');
    const rule = defineRule(parseJson(await c.req.text()));
    if (await store.getAlertRule(rule.id))
      throw new HttpError(409, `rule ${rule.id} exists: PUT /v1/alerts/rules/${rule.id} replaces it`, 'id');
    await store.putAlertRule(rule, 'api', clock());
    return c.json(await found(rule.id), 201);
  });
  app.put('/v1/alerts/rules/:id', async (c) => {
    await need(c, 'admin');
    const id = c.req.param('id');
    const existing = await store.getAlertRule(id);
    fromFile(existing);
    const rule = defineRule(parseJson(await c.req.text()), { id });
    await store.putAlertRule(rule, 'api', clock());
    return c.json(await found(id), existing ? 200 : 201);
  });
  app.delete('/v1/alerts/rules/:id', async (c) => {
    await need(c, 'admin');
    const rule = await found(c.req.param('id'));
    fromFile(rule);
    if (rule.source === 'default')
      throw new HttpError(
        409,
        `rule ${rule.id} is a default rule: PUT it with "enabled": false to turn it off`,
        'id',
      );
    await store.deleteAlertRule(rule.id);
    return c.body(null, 204);
  });
}

function registerChannelRoutes(
  app: Hono,
  deps: AppDeps,
  need: Need,
  input: (c: Context) => Promise<unknown>,
) {
  const { store, clock } = deps;
  const policy = addressPolicy(deps.allowPrivateTargets ?? false);
  /** A channel whose target the outbound policy refuses, or an email this server cannot send, is a 400 naming the field. */
  const allowed = (channel: Channel) => {
    const refused = refuseChannel(channel, policy);
    if (refused) throw new HttpError(400, `${refused.field}: ${refused.reason}`, refused.field);
    const email = deps.email ?? 'smtp';
    if (channel.type === 'email' && !channel.smtp && email !== 'binding')
      throw new HttpError(
        400,
        email === 'smtp'
          ? 'smtp: required: this server sends email over SMTP'
          : 'type: this Worker has no send_email binding (SEND_EMAIL in wrangler.jsonc, docs/workers.md)',
        email === 'smtp' ? 'smtp' : 'type',
      );
    return channel;
  };
  const fromFile = (ch: StoredChannel | null) => {
    if (ch?.source === 'file')
      throw new HttpError(409, `channel ${ch.id} comes from the rules file: change it there`, 'id');
  };
  app.get('/v1/alerts/channels', async (c) => {
    await need(c, 'admin');
    const page = pageOf(await store.listChannels(), parseParams(PageParams, c.req.query()));
    return c.json({ channels: page.items.map(redactChannel), nextCursor: page.nextCursor });
  });
  app.post('/v1/alerts/channels', async (c) => {
    await need(c, 'admin');
    const channel = allowed(defineChannel(await input(c)));
    if (await store.getChannel(channel.id))
      throw new HttpError(
        409,
        `channel ${channel.id} exists: PUT /v1/alerts/channels/${channel.id} replaces it`,
        'id',
      );
    await store.putChannel(channel, 'api', clock());
    return c.json(redactChannel((await store.getChannel(channel.id))!), 201);
  });
  app.put('/v1/alerts/channels/:id', async (c) => {
    await need(c, 'admin');
    const id = c.req.param('id');
    const existing = await store.getChannel(id);
    fromFile(existing);
    const channel = allowed(defineChannel(await input(c), { id }));
    await store.putChannel(channel, 'api', clock());
    return c.json(redactChannel((await store.getChannel(id))!), existing ? 200 : 201);
  });
  app.delete('/v1/alerts/channels/:id', async (c) => {
    await need(c, 'admin');
    const existing = await store.getChannel(c.req.param('id'));
    if (!existing) throw new HttpError(404, `no channel ${c.req.param('id')}`, 'id');
    fromFile(existing);
    await store.deleteChannel(existing.id);
    return c.body(null, 204);
  });
}
