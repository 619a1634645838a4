// Rules and channels from what a user wrote (rules file, admin API): validated
// with a 400 naming the field. The rules file (SIGHTLINE_RULES_FILE) is loaded at
// start: its rules and channels are stored with source `file` (read-only in the
// API), and the defaults are installed unless it says `"defaults": false`.
import {
  AlertRuleInputSchema,
  ChannelInputSchema,
  RulesFileSchema,
  type AlertRule,
  type Channel,
} from '../../../../shared/alerts';
import type { Clock, Store } from '../../ports';
import { badRequest, formatPath, HttpError } from '../errors';
import { refuseChannel, type AddressPolicy } from '../synthetic/guard';
import { DEFAULT_RULES } from './defaults';

/** An id from a name: `High Error Rate` → `high-error-rate`. */
export const slugOf = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);

export function defineRule(input: unknown, opts: { id?: string; prefix?: PropertyKey[] } = {}): AlertRule {
  const prefix = opts.prefix ?? [];
  const parsed = AlertRuleInputSchema.safeParse(input);
  if (!parsed.success) throw badRequest(parsed.error, prefix);
  const at = formatPath([...prefix, 'id']);
  const id = opts.id ?? parsed.data.id ?? slugOf(parsed.data.name);
  if (!id) throw new HttpError(400, `${at}: required`, at);
  if (opts.id !== undefined && parsed.data.id !== undefined && parsed.data.id !== opts.id)
    throw new HttpError(400, `${at}: ${parsed.data.id} does not match the URL's ${opts.id}`, at);
  return { ...parsed.data, id };
}

export function defineChannel(input: unknown, opts: { id?: string; prefix?: PropertyKey[] } = {}): Channel {
  const parsed = ChannelInputSchema.safeParse(
    opts.id !== undefined && input && typeof input === 'object' && !('id' in input)
      ? { ...input, id: opts.id }
      : input,
  );
  if (!parsed.success) throw badRequest(parsed.error, opts.prefix ?? []);
  if (opts.id !== undefined && parsed.data.id !== opts.id) {
    const at = formatPath([...(opts.prefix ?? []), 'id']);
    throw new HttpError(400, `${at}: ${parsed.data.id} does not match the URL's ${opts.id}`, at);
  }
  return parsed.data;
}

/** Stores the default rules a user has not replaced (by id) through the file or the API. */
export async function installDefaults(store: Store, clock: Clock): Promise<void> {
  const existing = new Map((await store.listAlertRules()).map((r) => [r.id, r]));
  for (const rule of DEFAULT_RULES) {
    const had = existing.get(rule.id);
    if (!had || had.source === 'default') await store.putAlertRule(rule, 'default', clock());
  }
}

export interface RulesFileResult {
  rules: string[];
  channels: string[];
  removed: string[];
}

/**
 * Validates the whole file first (an Error naming the entry and field), then stores it.
 * With `policy`, a channel whose target it refuses is an error too, as the API's 400 is.
 */
export async function loadRulesFile(
  store: Store,
  clock: Clock,
  text: string,
  name = 'rules file',
  policy?: AddressPolicy,
): Promise<RulesFileResult> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`${name}: not valid JSON: ${(e as Error).message}`);
  }
  const file = RulesFileSchema.safeParse(json);
  const wrap = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (e) {
      throw new Error(`${name} ${e instanceof HttpError ? e.message : String(e)}`);
    }
  };
  if (!file.success)
    wrap(() => {
      throw badRequest(file.error);
    });
  const { defaults, rules: ruleInputs, channels: channelInputs } = file.data!;
  const rules = ruleInputs.map((r, i) => wrap(() => defineRule(r, { prefix: ['rules', i] })));
  const channels = channelInputs.map((c, i) => wrap(() => defineChannel(c, { prefix: ['channels', i] })));
  channels.forEach((c, i) => {
    const refused = policy && refuseChannel(c, policy);
    if (refused) throw new Error(`${name} channels[${i}].${refused.field}: refused: ${refused.reason}`);
  });
  for (const [list, what] of [
    [rules, 'rules'],
    [channels, 'channels'],
  ] as const) {
    list.forEach((x, i) => {
      if (list.findIndex((y) => y.id === x.id) !== i)
        throw new Error(`${name} ${what}[${i}].id: ${x.id} is used twice`);
    });
  }
  const now = clock();
  const [oldRules, oldChannels] = await Promise.all([store.listAlertRules(), store.listChannels()]);
  for (const r of rules) await store.putAlertRule(r, 'file', now);
  for (const c of channels) await store.putChannel(c, 'file', now);
  const removed: string[] = [];
  for (const r of oldRules) {
    const gone =
      (r.source === 'file' && !rules.some((x) => x.id === r.id)) || (r.source === 'default' && !defaults);
    if (gone && (await store.deleteAlertRule(r.id))) removed.push(r.id);
  }
  for (const c of oldChannels)
    if (c.source === 'file' && !channels.some((x) => x.id === c.id)) await store.deleteChannel(c.id);
  if (defaults) await installDefaults(store, clock);
  return { rules: rules.map((r) => r.id), channels: channels.map((c) => c.id), removed };
}
