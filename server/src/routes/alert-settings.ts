// What the settings view changes in alerting beyond create and replace: a rule
// enabled, disabled or given a new threshold (PATCH), a channel edited with its
// secrets kept (PATCH), a test notification sent now, and the default rules as
// templates. Registered before routes/alerts.ts, whose /v1/alerts/:id would take
// /v1/alerts/templates otherwise.
import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { SeveritySchema, ChannelIdSchema } from '../../../shared/alerts';
import type { AppDeps } from '../deps';
import type { NotificationPayload, Role, StoredChannel } from '../ports';
import { authorize } from '../core/auth';
import { defineChannel } from '../core/alerts/config';
import { DEFAULT_RULE_INPUTS } from '../core/alerts/defaults';
import { badRequest, HttpError } from '../core/errors';
import { parseJson } from '../core/ingest';
import { addressPolicy } from '../core/synthetic/guard';
import { refuseChannel } from '../core/synthetic/guard';
import { createNotify } from '../notifiers/index';
import { redactChannel } from './alerts';
import { limitBody } from './body-limit';

const RulePatchSchema = z
  .strictObject({
    enabled: z.boolean().optional(),
    threshold: z.number().finite().optional(),
    clearThreshold: z.number().finite().nullable().optional(),
    severity: SeveritySchema.optional(),
    channels: z.array(ChannelIdSchema).max(20).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'give at least one field to change' });

/** Durations are kept in ms and written in seconds (shared/alerts.ts DurationSchema). */
const DURATIONS = ['groupWait', 'groupInterval', 'repeatInterval'] as const;

/** What a test notification says: one info alert that names itself a test. */
export function testPayload(channel: StoredChannel, base: string, now: number): NotificationPayload {
  const settings = `${base}/dashboard/settings`;
  return {
    groupKey: `test:${channel.id}`,
    receiver: channel.id,
    status: 'firing',
    externalURL: base,
    dashboardURL: settings,
    alerts: [
      {
        id: `test-${now}`,
        fingerprint: `test:${channel.id}`,
        status: 'firing',
        ruleId: 'sightline-test',
        name: 'Sightline test notification',
        severity: 'info',
        siteId: '',
        labels: { alertname: 'SightlineTest', channel: channel.id },
        annotations: { summary: 'A test from Sightline settings: this channel works. No alert is firing.' },
        value: null,
        threshold: 0,
        comparison: '>',
        startsAt: now,
        endsAt: null,
        generatorURL: settings,
      },
    ],
  };
}

export function registerAlertSettingRoutes(app: Hono, deps: AppDeps) {
  const { store, clock } = deps;
  const policy = addressPolicy(deps.allowPrivateTargets ?? false);
  // The runtime's notifier (Node: with its DNS-guarded transports and SMTP); fetch under the same policy otherwise.
  const notify = deps.notify ?? createNotify({ policy });
  const need = (c: Context, role: Role) => authorize(store, c.req.header('authorization'), role);
  const limit = limitBody(64 * 1024);
  app.use('/v1/alerts/rules/*', limit);
  app.use('/v1/alerts/channels/*', limit);

  app.get('/v1/alerts/templates', async (c) => {
    await need(c, 'read');
    return c.json({ templates: DEFAULT_RULE_INPUTS });
  });

  app.patch('/v1/alerts/rules/:id', async (c) => {
    await need(c, 'admin');
    const id = c.req.param('id');
    const rule = await store.getAlertRule(id);
    if (!rule) throw new HttpError(404, `no rule ${id}`, 'id');
    if (rule.source === 'file')
      throw new HttpError(409, `rule ${id} comes from the rules file: change it there`, 'id');
    const parsed = RulePatchSchema.safeParse(parseJson(await c.req.text()));
    if (!parsed.success) throw badRequest(parsed.error);
    const { source: _s, createdAt: _c, updatedAt: _u, clearThreshold: oldClear, ...kept } = rule;
    const { clearThreshold: newClear, ...change } = parsed.data;
    const next = { ...kept, ...change };
    const clear = newClear === undefined ? oldClear : (newClear ?? undefined);
    // Hysteresis must stay on the safe side of the threshold (as shared/alerts.ts checks on create).
    if (clear !== undefined) {
      const above = next.comparison.startsWith('>');
      if (above ? clear > next.threshold : clear < next.threshold)
        throw new HttpError(
          400,
          `clearThreshold: ${clear} must be ${above ? 'at or below' : 'at or above'} the threshold (${next.threshold}) for ${next.comparison}`,
          'clearThreshold',
        );
    }
    // A changed default is the user's from now on: installDefaults no longer resets it.
    await store.putAlertRule(
      { ...next, ...(clear === undefined ? {} : { clearThreshold: clear }) },
      'api',
      clock(),
    );
    return c.json(await store.getAlertRule(id));
  });

  app.patch('/v1/alerts/channels/:id', async (c) => {
    await need(c, 'admin');
    const id = c.req.param('id');
    const existing = await store.getChannel(id);
    if (!existing) throw new HttpError(404, `no channel ${id}`, 'id');
    if (existing.source === 'file')
      throw new HttpError(409, `channel ${id} comes from the rules file: change it there`, 'id');
    const patch = parseJson(await c.req.text());
    if (!patch || typeof patch !== 'object' || Array.isArray(patch))
      throw new HttpError(400, 'body: expected an object of the fields to change', 'body');
    if ('type' in patch && patch.type !== existing.type)
      throw new HttpError(400, `type: a channel keeps its type (${existing.type})`, 'type');
    // Fields not given (secrets among them) are kept as stored.
    const { source: _s, createdAt: _c, updatedAt: _u, ...kept } = existing;
    const asInput = { ...kept, ...Object.fromEntries(DURATIONS.map((d) => [d, kept[d] / 1000])) };
    const channel = defineChannel({ ...asInput, ...patch }, { id });
    const refused = refuseChannel(channel, policy);
    if (refused) throw new HttpError(400, `${refused.field}: ${refused.reason}`, refused.field);
    await store.putChannel(channel, 'api', clock());
    return c.json(redactChannel((await store.getChannel(id))!));
  });

  // Through the same notifier, outbound policy and transport as an alert's notification; not queued
  // or retried: the answer is this one attempt, so the user sees at once whether the target took it.
  app.post('/v1/alerts/channels/:id/test', async (c) => {
    await need(c, 'admin');
    const id = c.req.param('id');
    const channel = await store.getChannel(id);
    if (!channel) throw new HttpError(404, `no channel ${id}`, 'id');
    const base = new URL(c.req.url).origin;
    const result = await notify(channel, testPayload(channel, base, clock()), 'firing').catch(
      (e: unknown) => ({ ok: false, status: null, error: e instanceof Error ? e.message : String(e) }),
    );
    return c.json({
      channel: id,
      ok: result.ok,
      status: result.status,
      error: result.ok ? null : (result.error ?? `status ${result.status}`),
    });
  });
}
