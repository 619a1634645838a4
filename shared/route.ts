// Route normalisation keeps the route dimension's cardinality bounded:
// ids, UUIDs and hashes in a path become `:id`.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX_HASH = /^[0-9a-f]{16,}$/i;
const NUMERIC = /^\d+$/;
// Opaque tokens: long and mixing digits with letters (e.g. base64url ids).
const OPAQUE = /^(?=.*\d)(?=.*[a-z])[\w-]{20,}$/i;

function isId(segment: string): boolean {
  return NUMERIC.test(segment) || UUID.test(segment) || HEX_HASH.test(segment) || OPAQUE.test(segment);
}

/** `/courses/123/assignments/9f1c…` → `/courses/:id/assignments/:id`. */
export function normaliseRoute(pathname: string): string {
  const path = pathname.split(/[?#]/, 1)[0] || '/';
  const segments = path.split('/').map((s) => (isId(s) ? ':id' : s));
  let route = segments.join('/').replace(/\/{2,}/g, '/');
  if (route.length > 1 && route.endsWith('/')) route = route.slice(0, -1);
  return (route.startsWith('/') ? route : `/${route}`).slice(0, 256);
}
