// The reference guide's single-event endpoints (`POST /api/metrics/rum`,
// `POST /api/errors`), mapped onto a one-event batch.
import { z } from 'zod';
import { LIMITS, VITAL_NAMES } from '../../../shared/limits';
import { badRequest } from './errors';
import { sha256Hex } from './ids';

const common = {
  siteKey: z.string().optional(),
  session: z.string().max(LIMITS.maxIdLength).optional(),
  id: z.string().optional(),
  timestamp: z.number().int().positive().optional(),
  url: z.string().url(),
};

const SeedVitalSchema = z.object({
  ...common,
  name: z.enum([...VITAL_NAMES, 'page_load']),
  value: z.union([z.number(), z.record(z.string(), z.number())]),
});

const SeedErrorSchema = z.object({
  ...common,
  type: z.enum(['javascript_error', 'unhandled_promise_rejection']).default('javascript_error'),
  message: z.string(),
  filename: z.string().optional(),
  lineno: z.number().int().optional(),
  colno: z.number().int().optional(),
  stack: z.string().optional(),
});

export type GuideEndpoint = 'rum' | 'error';

/**
 * Builds the batch for a seed event (400 naming the field when it does not
 * parse; the batch validator checks the rest). The site key may come
 * from the body, the `X-Sightline-Key` header or the `key` query parameter.
 * Events without an id get one from their content, so exact retries dedupe.
 */
export async function guideEventToBatch(
  kind: GuideEndpoint,
  input: unknown,
  rawText: string,
  keyFromRequest: string | null,
  now: number,
): Promise<unknown> {
  const parsed = (kind === 'rum' ? SeedVitalSchema : SeedErrorSchema).safeParse(input);
  if (!parsed.success) throw badRequest(parsed.error);
  const s = parsed.data;
  const id = s.id ?? (await sha256Hex(rawText)).slice(0, 32);
  const t = s.timestamp ?? now;
  const event =
    'name' in s
      ? vitalOrNavigation(s, id, t)
      : {
          kind: 'error',
          id,
          t,
          type: s.type === 'javascript_error' ? 'error' : 'rejection',
          message: s.message,
          stack: s.stack,
          source: s.filename,
          line: s.lineno,
          col: s.colno,
        };
  const url = new URL(s.url);
  return {
    siteKey: s.siteKey ?? keyFromRequest ?? '',
    sentAt: t,
    session: s.session ?? 'seed',
    page: { url: `${url.origin}${url.pathname}` },
    events: [event],
  };
}

function vitalOrNavigation(s: z.infer<typeof SeedVitalSchema>, id: string, t: number) {
  if (s.name !== 'page_load' || typeof s.value === 'number')
    return { kind: 'vital', id, t, name: s.name, value: s.value };
  const v = s.value;
  return {
    kind: 'navigation',
    id,
    t,
    type: 'navigate',
    dns: v.dns,
    tcp: v.tcp,
    tls: v.ssl ?? v.tls ?? 0,
    ttfb: v.ttfb,
    download: v.download,
    dom: v.dom,
    load: v.load,
  };
}
