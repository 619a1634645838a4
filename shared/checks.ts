// Synthetic checks: the definition a user writes (checks file or admin API) and
// the shapes the checks API answers with. zod schemas and their types, side by side.
import { z } from 'zod';

export const CHECK_DEFAULTS = {
  method: 'GET',
  expectedStatus: '2xx',
  timeoutSeconds: 10,
  intervalSeconds: 60,
} as const;
export const MIN_INTERVAL_SECONDS = 30;
export const MAX_TIMEOUT_SECONDS = 60;

/** A JSON path step: an object key or an array index. */
export type JsonPathStep = string | number;

/**
 * Parses the JSON path subset checks accept: `$`, then `.key`, `['key']` or `[0]`
 * steps (`$.status`, `$.checks[0]['db:read'].status`). Returns null if it is not one.
 */
export function parseJsonPath(path: string): JsonPathStep[] | null {
  if (!path.startsWith('$')) return null;
  const steps: JsonPathStep[] = [];
  const step = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\])/;
  let rest = path.slice(1);
  while (rest) {
    const m = step.exec(rest);
    if (!m) return null;
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(Number(m[2]));
    else steps.push((m[3] ?? m[4]).replace(/\\(.)/g, '$1'));
    rest = rest.slice(m[0].length);
  }
  return steps;
}

const StatusCodeSchema = z.number().int().min(100).max(599);

/** One status (200), a class ("2xx"), a range ("200-299") or a range as a pair ([200, 299]). */
export const ExpectedStatusSchema = z.union([
  StatusCodeSchema,
  z
    .string()
    .regex(/^[1-5]xx$|^[1-5]\d\d-[1-5]\d\d$/, 'expected a status like 200, "2xx", "200-299" or [200, 299]'),
  z.tuple([StatusCodeSchema, StatusCodeSchema]),
]);
export type ExpectedStatus = z.infer<typeof ExpectedStatusSchema>;

/** The inclusive [low, high] range an expected status stands for. */
export function statusRange(expected: ExpectedStatus): [number, number] {
  if (typeof expected === 'number') return [expected, expected];
  if (Array.isArray(expected)) return expected;
  if (expected.endsWith('xx')) return [Number(expected[0]) * 100, Number(expected[0]) * 100 + 99];
  const [low, high] = expected.split('-').map(Number);
  return [low, high];
}

/** What the response body must hold: a substring, or a JSON value at a path. */
export const BodyAssertionSchema = z.union(
  [
    z.strictObject({ contains: z.string().min(1).max(1024) }),
    z.strictObject({
      path: z
        .string()
        .max(256)
        .refine((p) => parseJsonPath(p) !== null, 'expected a JSON path like $.status or $.items[0].name'),
      equals: z.json(),
    }),
  ],
  { error: 'expected {"contains": "text"} or {"path": "$.status", "equals": value}' },
);
export type BodyAssertion = z.infer<typeof BodyAssertionSchema>;

export const CheckIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'lower-case letters, digits, _ and - (at most 64)');

/** A check as written in the checks file or sent to the admin API. */
export const CheckInputSchema = z
  .strictObject({
    /** Stable id; from the name when absent in the file, random when absent in a POST. */
    id: CheckIdSchema.optional(),
    /** The site the check belongs to; the only site when there is one. */
    site: z.string().min(1).max(64).optional(),
    name: z.string().min(1).max(128),
    url: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).max(2048),
    method: z
      .enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
      .default(CHECK_DEFAULTS.method),
    expectedStatus: ExpectedStatusSchema.default(CHECK_DEFAULTS.expectedStatus),
    expectedBody: BodyAssertionSchema.optional(),
    timeoutSeconds: z.number().positive().max(MAX_TIMEOUT_SECONDS).default(CHECK_DEFAULTS.timeoutSeconds),
    intervalSeconds: z
      .number()
      .int()
      .min(MIN_INTERVAL_SECONDS)
      .max(86_400)
      .default(CHECK_DEFAULTS.intervalSeconds),
    enabled: z.boolean().default(true),
  })
  .superRefine((c, ctx) => {
    const [low, high] = statusRange(c.expectedStatus);
    if (low > high)
      ctx.addIssue({ code: 'custom', path: ['expectedStatus'], message: `range ${low}-${high} is empty` });
    if (c.timeoutSeconds > c.intervalSeconds)
      ctx.addIssue({ code: 'custom', path: ['timeoutSeconds'], message: 'must not exceed intervalSeconds' });
    if (c.expectedBody && c.method === 'HEAD')
      ctx.addIssue({ code: 'custom', path: ['expectedBody'], message: 'a HEAD response has no body' });
  });
export type CheckInput = z.input<typeof CheckInputSchema>;

/** A check as the server keeps it: id and site resolved. */
export type Check = z.output<typeof CheckInputSchema> & { id: string; site: string };

/** The checks file (`SIGHTLINE_CHECKS_FILE`): a JSON list of checks. */
export const CheckFileSchema = z.array(CheckInputSchema).max(1000);

export const CheckStatusSchema = z.enum(['unknown', 'up', 'down']);
export type CheckStatus = z.infer<typeof CheckStatusSchema>;

/** `range=24h`: minutes, hours or days, up to 90 days. */
export const UptimeRangeSchema = z
  .string()
  .regex(/^[1-9]\d{0,3}[mhd]$/, 'expected a range like 30m, 24h or 7d')
  .transform(
    (r) =>
      Number(r.slice(0, -1)) * { m: 60_000, h: 3_600_000, d: 86_400_000 }[r.slice(-1) as 'm' | 'h' | 'd'],
  )
  .refine((ms) => ms <= 90 * 86_400_000, 'at most 90d');
