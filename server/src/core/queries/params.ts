// Query parameters every read endpoint shares: the site and the time range
// (`from`/`to` or `range`), paging. Bad input is a 400 naming the parameter.
import { z } from 'zod';
import { FrameSchema, LmsPlatformSchema } from '../../../../shared/protocol';
import type { Site, Store } from '../../ports';
import { badRequest, HttpError } from '../errors';

const MINUTE = 60_000;
export const RANGES = {
  '1h': 60 * MINUTE,
  '24h': 1440 * MINUTE,
  '7d': 7 * 1440 * MINUTE,
  '30d': 30 * 1440 * MINUTE,
} as const;
/** The longest range one request may ask for: the day rows' default retention. */
const MAX_SPAN = 731 * 1440 * MINUTE;

/** Epoch milliseconds or an ISO 8601 date. */
export const TimeSchema = z.string().transform((s, ctx) => {
  const t = /^\d+$/.test(s) ? Number(s) : Date.parse(s);
  if (Number.isNaN(t))
    ctx.addIssue({ code: 'custom', message: 'expected epoch milliseconds or an ISO 8601 date' });
  return t;
});

/** Site and time range, shared by every endpoint's schema. */
export const RangeParams = {
  site: z.string().max(64).optional(),
  from: TimeSchema.optional(),
  to: TimeSchema.optional(),
  range: z.enum(Object.keys(RANGES) as [keyof typeof RANGES, ...(keyof typeof RANGES)[]]).optional(),
};

/** Browser rows from one LMS (`platform`), and from the tool frame or top-level pages (`frame`). */
export const LmsParams = {
  platform: LmsPlatformSchema.optional(),
  frame: FrameSchema.optional(),
};

export const PageParams = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

/** Parses a query string with a schema: 400 naming the first bad parameter. Unknown parameters are refused too. */
export function parseParams<S extends z.ZodRawShape>(
  shape: S,
  params: Record<string, string>,
): z.infer<z.ZodObject<S>> {
  const parsed = z.strictObject(shape).safeParse(params);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0];
    throw new HttpError(
      400,
      `${key}: unknown parameter (expected one of ${Object.keys(shape).join(', ')})`,
      key,
    );
  }
  throw badRequest(parsed.error);
}

/** The site a query is about: the one named, or the only one there is. */
export async function resolveSite(store: Store, siteId: string | undefined): Promise<Site> {
  const sites = await store.listSites();
  if (siteId === undefined) {
    if (sites.length === 1) return sites[0];
    throw new HttpError(400, 'site: required when there is not exactly one site', 'site');
  }
  const site = sites.find((s) => s.id === siteId);
  if (!site) throw new HttpError(404, `site ${siteId} not found`, 'site');
  return site;
}

export interface Window {
  site: Site;
  /** Epoch ms, inclusive. */
  from: number;
  to: number;
}

/** The site and [from, to] a request asks about: `range` ending at `to` (or now), or from/to; the last 24 h by default. */
export async function resolveWindow(
  store: Store,
  now: number,
  q: { site?: string; from?: number; to?: number; range?: keyof typeof RANGES },
): Promise<Window> {
  if (q.range && q.from !== undefined)
    throw new HttpError(400, 'range: give either range or from, not both', 'range');
  const to = q.to ?? now;
  const from = q.from ?? to - RANGES[q.range ?? '24h'];
  if (from > to) throw new HttpError(400, 'from: must not be after to', 'from');
  if (to - from > MAX_SPAN) throw new HttpError(400, 'from: the range may span at most 731 days', 'from');
  return { site: await resolveSite(store, q.site), from, to };
}
