import { describe, expect, it } from 'vitest';
import { ResourcesEventSchema } from '../../../shared/protocol';
import { summariseResources, type ResourceEntry } from './resources';

const entry = (
  name: string,
  initiatorType: string,
  duration: number,
  transferSize = 1_000,
  responseStatus = 200,
): ResourceEntry => ({ name, initiatorType, duration, transferSize, responseStatus });

describe('summariseResources', () => {
  it('is undefined without entries', () => {
    expect(summariseResources([])).toBeUndefined();
  });

  it('counts and sums transfer bytes by initiator type; cached and opaque entries count with 0 bytes', () => {
    const event = summariseResources([
      entry('https://cdn.example/app.js', 'script', 120, 50_000),
      entry('https://cdn.example/vendor.js', 'script', 80, 0),
      entry('https://cdn.example/hero.jpg', 'img', 300, 200_000),
      entry('https://api.example/v1/items', 'fetch', 40, 2_000),
      entry('https://cdn.example/font.woff2', '', 10, 30_000),
    ])!;
    expect(event.byType).toEqual({
      script: { count: 2, bytes: 50_000 },
      img: { count: 1, bytes: 200_000 },
      fetch: { count: 1, bytes: 2_000 },
      other: { count: 1, bytes: 30_000 },
    });
    expect(ResourcesEventSchema.safeParse(event).success).toBe(true);
  });

  it('keeps the 10 slowest, slowest first, with URLs scrubbed', () => {
    const entries = Array.from({ length: 25 }, (_, i) =>
      entry(`https://cdn.example/r${i}.js?v=${i}&token=s#x`, 'script', ((i * 37) % 25) + 0.4),
    );
    const { slowest } = summariseResources(entries)!;
    expect(slowest).toHaveLength(10);
    expect(slowest.map((r) => r.duration)).toEqual([24, 23, 22, 21, 20, 19, 18, 17, 16, 15]);
    for (const r of slowest) expect(r.url).toMatch(/^https:\/\/cdn\.example\/r\d+\.js$/);
    expect(slowest[0]).toEqual({ url: expect.any(String), type: 'script', duration: 24, bytes: 1_000 });
  });

  it('counts 4xx and 5xx responses as failed; no status (other browsers) is not a failure', () => {
    const event = summariseResources([
      entry('https://cdn.example/a.js', 'script', 5, 0, 404),
      entry('https://api.example/b', 'fetch', 5, 100, 503),
      entry('https://cdn.example/c.css', 'link', 5, 100, 304),
      { name: 'https://cdn.example/d.png', initiatorType: 'img', duration: 5, transferSize: 0 },
    ])!;
    expect(event.failed).toBe(2);
  });
});
