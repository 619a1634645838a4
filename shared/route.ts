// Route normalisation keeps the route dimension's cardinality bounded:
// ids, UUIDs and hashes in a path become `:id`.

// A whole segment that is a number, a UUID, a hex hash (16+ digits), or an opaque
// token (20+ characters mixing digits and letters, e.g. base64url ids).
const ID = /^(\d+|[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|[0-9a-f]{16,}|(?=.*\d)(?=.*[a-z])[\w-]{20,})$/i;

/** `/courses/123/assignments/9f1c…` → `/courses/:id/assignments/:id`. */
export function normaliseRoute(pathname: string): string {
  const segments = `/${pathname.split(/[?#]/, 1)[0]}`.split('/').map((s) => (ID.test(s) ? ':id' : s));
  // One slash at a time, none at the end but the root's.
  const route = segments.join('/').replace(/\/+/g, '/');
  return (route.length > 1 && route.endsWith('/') ? route.slice(0, -1) : route).slice(0, 256);
}
