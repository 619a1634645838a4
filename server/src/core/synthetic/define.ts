// From what a user wrote (checks file, admin API) to a check the server keeps:
// validated, its site and id resolved, its URL past the SSRF guard.
import { CheckIdSchema, CheckInputSchema, type Check } from '../../../../shared/checks';
import type { Site } from '../../ports';
import { badRequest, formatPath, HttpError } from '../errors';
import { refuseUrl, type AddressPolicy } from './guard';

/** An id from a check's name: `LTI Config Endpoint` → `lti-config-endpoint`. */
export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

/**
 * Validates one check (400 naming the field, under `prefix`). The site is the
 * one named or the only one there is; the id is `id`, else the input's. URLs to
 * a refused IP literal or localhost are refused now; host names are checked when run.
 */
export function defineCheck(
  input: unknown,
  opts: { sites: Site[]; policy: AddressPolicy; id?: string; prefix?: PropertyKey[] },
): Check {
  const prefix = opts.prefix ?? [];
  const at = (field: string) => formatPath([...prefix, field]);
  const parsed = CheckInputSchema.safeParse(input);
  if (!parsed.success) throw badRequest(parsed.error, prefix);
  const c = parsed.data;
  const id = opts.id ?? c.id;
  if (!id) throw new HttpError(400, `${at('id')}: required`, at('id'));
  if (!CheckIdSchema.safeParse(id).success)
    throw new HttpError(
      400,
      `${at('id')}: ${id} is not an id: lower-case letters, digits, _ and - (at most 64)`,
      at('id'),
    );
  if (opts.id !== undefined && c.id !== undefined && c.id !== opts.id)
    throw new HttpError(400, `${at('id')}: ${c.id} does not match the URL's ${opts.id}`, at('id'));
  let site = c.site;
  if (site === undefined) {
    if (opts.sites.length !== 1)
      throw new HttpError(400, `${at('site')}: required when there is not exactly one site`, at('site'));
    site = opts.sites[0].id;
  } else if (!opts.sites.some((s) => s.id === site)) {
    throw new HttpError(400, `${at('site')}: no site ${site}`, at('site'));
  }
  const refused = refuseUrl(new URL(c.url), opts.policy);
  if (refused) throw new HttpError(400, `${at('url')}: ${refused}`, at('url'));
  return { ...c, id, site };
}
