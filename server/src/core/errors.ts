import type { ZodError } from 'zod';

/** A failure the app maps to an HTTP answer: status, a message naming the problem, and the field at fault. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly path?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The body every error answer has. */
export function problemBody(error: HttpError) {
  return { error: error.message, ...(error.path === undefined ? {} : { path: error.path }) };
}

/** Formats a zod issue path (`["events", 2, "value"]`) as `events[2].value`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/** The first issue of a failed parse, with its path formatted. */
export function firstIssue(error: ZodError, prefix: PropertyKey[] = []) {
  const issue = error.issues[0];
  return { path: formatPath([...prefix, ...issue.path]), message: issue.message };
}

/** A 400 that names the offending field. */
export function badRequest(error: ZodError, prefix: PropertyKey[] = []): HttpError {
  const { path, message } = firstIssue(error, prefix);
  return new HttpError(400, `${path || 'body'}: ${message}`, path);
}
