// The Sightline API as the extension uses it. Every failure is a ServerError
// whose kind says what is wrong in words support staff can act on.
import type { AlertView } from '../../shared/alerts';
import { visibleAlerts } from './alert-states';
import type { VitalsResponse } from '../../shared/query';
import type { ServerErrorKind, Settings } from './types';

export class ServerError extends Error {
  constructor(
    readonly kind: ServerErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface SiteInfo {
  id: string;
  name: string;
  origins: string[];
}

export interface SnapshotReceipt {
  code: string;
  createdAt: string;
  url?: string;
}

export type ConnectionResult =
  | { ok: true; role: 'read' | 'admin'; message: string }
  | { ok: false; kind: ServerErrorKind; message: string };

type Fetch = typeof fetch;
const TIMEOUT_MS = 10_000;

/** `https://x.edu/sightline/` → `https://x.edu/sightline`; throws on anything but http(s). */
export function normaliseServerUrl(raw: string): string {
  const url = new URL(raw.trim());
  if (!/^https?:$/.test(url.protocol)) throw new Error('the server URL must start with http:// or https://');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The host permission pattern for a server URL: `https://x.edu/*`. */
export function originPattern(serverUrl: string): string {
  return `${new URL(serverUrl).origin}/*`;
}

export function createServerClient(
  settings: Pick<Settings, 'serverUrl' | 'token'>,
  fetchImpl: Fetch = fetch,
) {
  const base = settings.serverUrl.replace(/\/+$/, '');

  async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
    if (!base) throw new ServerError('unconfigured', 'no Sightline server is set in the options');
    let res: Response;
    try {
      res = await fetchImpl(`${base}${path}`, {
        ...init,
        headers: {
          Authorization: `Bearer ${settings.token}`,
          ...(init.body ? { 'Content-Type': 'application/json' } : {}),
          ...init.headers,
        },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      if (err instanceof ServerError) throw err;
      const why = err instanceof Error ? err.message : String(err);
      throw new ServerError(
        'unreachable',
        `cannot reach ${base} (${why}): is the URL right and the server running?`,
      );
    }
    if (res.ok) return (await res.json()) as T;
    let detail = '';
    try {
      detail = ((await res.json()) as { error?: string }).error ?? '';
    } catch {
      // not JSON: the status says enough
    }
    if (res.status === 401)
      throw new ServerError(
        'unauthorized',
        `the token was refused (401${detail ? `: ${detail}` : ''}): check it in the options`,
        401,
      );
    if (res.status === 403)
      throw new ServerError(
        'forbidden',
        `the token lacks the role needed (403${detail ? `: ${detail}` : ''})`,
        403,
      );
    throw new ServerError(
      'http',
      `${path.split('?')[0]} answered ${res.status}${detail ? `: ${detail}` : ''}`,
      res.status,
    );
  }

  /** admin if the admin-only `GET /v1/alerts/channels` answers, read if it is refused with 403. */
  async function role(): Promise<'read' | 'admin'> {
    try {
      await request('/v1/alerts/channels');
      return 'admin';
    } catch (err) {
      if (err instanceof ServerError && err.kind === 'forbidden') return 'read';
      throw err;
    }
  }

  return {
    alerts: () => request<{ alerts: AlertView[] }>('/v1/alerts').then((r) => r.alerts),
    sites: () => request<{ sites: SiteInfo[] }>('/v1/sites').then((r) => r.sites),
    vitals: (route: string, site: string) =>
      request<VitalsResponse>(`/v1/vitals?${new URLSearchParams({ route, site })}`),
    ack: (id: string) =>
      request<{ alert: AlertView }>(`/v1/alerts/${encodeURIComponent(id)}/ack`, {
        method: 'POST',
        body: '{}',
      }),
    role,
    uploadSnapshot: (snapshot: unknown) =>
      request<SnapshotReceipt>('/v1/snapshots', { method: 'POST', body: JSON.stringify(snapshot) }),

    /** Reachable? token known? which role? Admin-only `GET /v1/alerts/channels` tells read from admin. */
    async testConnection(): Promise<ConnectionResult> {
      try {
        if (!settings.token)
          return { ok: false, kind: 'unauthorized', message: 'no API token: paste a read (or admin) token' };
        const alerts = await request<{ alerts: AlertView[] }>('/v1/alerts');
        const tokenRole = await role();
        // Counted as the badge counts: firing or pending, not rules waiting for data.
        const n = visibleAlerts(alerts.alerts).length;
        const waiting = alerts.alerts.filter((a) => a.state === 'nodata').length;
        return {
          ok: true,
          role: tokenRole,
          message: `Connected as ${tokenRole}${tokenRole === 'read' ? ' (alerts cannot be acknowledged)' : ''}; ${n} active alert${n === 1 ? '' : 's'}${waiting ? ` (${waiting} rule${waiting === 1 ? '' : 's'} still waiting for data, not counted)` : ''}.`,
        };
      } catch (err) {
        if (err instanceof ServerError) {
          const message =
            err.kind === 'http' && err.status === 404
              ? `${base} answered 404: is this a Sightline server?`
              : err.message;
          return { ok: false, kind: err.kind, message };
        }
        return { ok: false, kind: 'http', message: String(err) };
      }
    },
  };
}

export type ServerClient = ReturnType<typeof createServerClient>;
