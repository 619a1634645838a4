import { describe, expect, it } from 'vitest';
import { checksRange, formatUrl, parseUrl, previousRange, resolveRange } from './url-state';

describe('url state', () => {
  it('reads the alert link notifications send', () => {
    const s = parseUrl('/dashboard/alerts', '?site=site_demo&rule=high-error-rate&alert=al_123');
    expect(s).toEqual({
      view: 'alerts',
      range: '24h',
      site: 'site_demo',
      filters: { rule: 'high-error-rate', alert: 'al_123' },
    });
  });

  it('round-trips view, custom range, site and filters', () => {
    const s = {
      view: 'vitals' as const,
      range: 'custom' as const,
      from: Date.UTC(2026, 10, 1),
      to: Date.UTC(2026, 10, 2),
      site: 's1',
      filters: { metric: 'INP', route: '/courses/:id/quiz' },
    };
    const href = formatUrl(s);
    expect(href).toBe(
      '/dashboard/vitals?site=s1&range=custom&from=2026-11-01T00%3A00%3A00.000Z&to=2026-11-02T00%3A00%3A00.000Z&route=%2Fcourses%2F%3Aid%2Fquiz&metric=INP',
    );
    const url = new URL(href, 'http://x');
    expect(parseUrl(url.pathname, url.search)).toEqual(s);
  });

  it('falls back to the overview and 24 h for what it does not know', () => {
    expect(parseUrl('/dashboard/nope', '?range=5y&evil=1')).toEqual({
      view: 'overview',
      range: '24h',
      filters: {},
    });
    expect(parseUrl('/dashboard', '?range=custom&from=bad')).toMatchObject({ range: '24h' });
  });

  it('resolves presets to a window ending now, and the previous period before it', () => {
    const now = Date.UTC(2026, 10, 27, 12, 0, 30, 500);
    const w = resolveRange({ range: '1h' }, now);
    expect(w).toEqual({ from: Date.UTC(2026, 10, 27, 11, 0, 30), to: Date.UTC(2026, 10, 27, 12, 0, 30) });
    expect(previousRange(w)).toEqual({ from: w.from - 3_600_001, to: w.from - 1 });
    expect(checksRange(w)).toBe('1h');
    expect(checksRange({ from: 0, to: 400 * 86_400_000 })).toBe('2160h');
  });
});
