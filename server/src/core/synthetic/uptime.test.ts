import { describe, expect, it } from 'vitest';
import { UptimeRangeSchema } from '../../../../shared/checks';
import { uptimeOf, uptimePercent } from './uptime';

describe('uptime', () => {
  it('is successful runs over all runs, as a percentage', () => {
    expect(uptimePercent(0, 0)).toBeNull();
    expect(uptimePercent(10, 10)).toBe(100);
    expect(uptimePercent(0, 10)).toBe(0);
    expect(uptimePercent(1, 4)).toBe(25);
    expect(uptimePercent(1439, 1440)).toBe(99.93); // one failed minute in a day
    expect(uptimePercent(2, 3)).toBe(66.666);
  });

  it('never rounds a failure up to 100', () => {
    expect(uptimePercent(99_999, 100_000)).toBe(99.999);
    expect(uptimePercent(999_999, 1_000_000)).toBe(99.999);
    expect(uptimePercent(9_999, 10_000)).toBe(99.99);
  });

  it('reports the range and counts', () => {
    expect(uptimeOf({ total: 3, ok: 2 }, 10, 20)).toEqual({
      from: 10,
      to: 20,
      total: 3,
      successful: 2,
      percent: 66.666,
    });
  });

  it('parses ranges up to 90 days', () => {
    expect(UptimeRangeSchema.parse('24h')).toBe(86_400_000);
    expect(UptimeRangeSchema.parse('30m')).toBe(1_800_000);
    expect(UptimeRangeSchema.parse('90d')).toBe(90 * 86_400_000);
    for (const bad of ['91d', '0h', '24', 'h', '1w', '-1d', '1.5h'])
      expect(UptimeRangeSchema.safeParse(bad).success, bad).toBe(false);
  });
});
