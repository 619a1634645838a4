import { describe, expect, it } from 'vitest';
import { analysePatterns, createMiner, isSpike, maskTokens, type LogSample } from './log-patterns';

const T = Date.UTC(2026, 10, 27, 12, 0);
const DAY = 86_400_000;
const at = (t: number, message: string, release = '1.0.0'): LogSample => ({ t, message, release });

describe('maskTokens', () => {
  it('masks numbers, ids, quoted text, URLs, emails and paths; keeps words and punctuation', () => {
    expect(
      maskTokens(
        'Failed to process video 77 for course 1234: "intro.mp4" at https://cdn.x/v/77 by [email] on /var/tmp/a1 id 9f8e7d6c5b4a',
      ).join(' '),
    ).toBe('Failed to process video <*> for course <*>: <*> at <*> by <*> on <*> id <*>');
  });
});

describe('createMiner', () => {
  it('merges lines of one shape into a template, the differing words becoming <*>', () => {
    const miner = createMiner();
    const lines = [
      at(T + 1, 'Failed to process video 77 for course 1234', '1.0.0'),
      at(T + 2, 'Failed to process video 78 for course 99', '1.0.1'),
      at(T + 0, 'Failed to process audio 12 for course 5', '0.9.0'),
      at(T + 3, 'Grade post to canvas failed with 502'),
      at(T + 4, 'Grade post to moodle failed with 500'),
      at(T + 5, 'Cache miss'),
    ];
    expect(lines.map((l) => miner.add(l))).toEqual([0, 0, 0, 1, 1, 2]);
    expect(miner.patterns()).toEqual([
      {
        id: 0,
        template: 'Failed to process <*> <*> for course <*>',
        count: 3,
        firstSeen: T,
        lastSeen: T + 2,
        firstRelease: '0.9.0',
      },
      {
        id: 1,
        template: 'Grade post to <*> failed with <*>',
        count: 2,
        firstSeen: T + 3,
        lastSeen: T + 4,
        firstRelease: '1.0.0',
      },
      { id: 2, template: 'Cache miss', count: 1, firstSeen: T + 5, lastSeen: T + 5, firstRelease: '1.0.0' },
    ]);
    expect(miner.overflow()).toBe(0);
  });

  it('keeps lines whose words mostly differ apart, and counts what no bounded template fits', () => {
    const miner = createMiner({ maxPatterns: 2 });
    miner.add(at(T, 'user login failed'));
    miner.add(at(T, 'user session expired'));
    miner.add(at(T, 'disk quota exceeded'));
    miner.add(at(T, 'user login failed'));
    expect(miner.patterns().map((p) => [p.template, p.count])).toEqual([
      ['user login failed', 2],
      ['user session expired', 1],
    ]);
    expect(miner.overflow()).toBe(1);
  });
});

describe('isSpike', () => {
  it('needs the minimum count and the factor over the baseline', () => {
    expect(isSpike(3, 1)).toBe(false); // 1 → 3: three times, but too few lines
    expect(isSpike(12, 2)).toBe(true);
    expect(isSpike(12, 5)).toBe(false); // 2.4 times
    expect(isSpike(10, 0)).toBe(true); // new and many
    expect(isSpike(3, 1, { minCount: 3 })).toBe(true);
  });
});

describe('analysePatterns', () => {
  it("finds spikes against each pattern's own baseline: the same window over the previous days", () => {
    const repeat = (n: number, day: number, message: (i: number) => string, release = '1.0.0') =>
      Array.from({ length: n }, (_, i) => at(T - day * DAY + i, message(i), release));
    const video = (i: number) => `Failed to process video ${i} for course 1234`;
    const grade = (i: number) => `Grade post to canvas failed with ${500 + i}`;
    const cache = () => 'Cache miss for key';
    const windows = [
      // Today: video errors jump (2/day → 15); grades steady; cache 1 → 3.
      [...repeat(15, 0, video, '1.2.0'), ...repeat(20, 0, grade), ...repeat(3, 0, cache)],
      [...repeat(2, 1, video), ...repeat(18, 1, grade), ...repeat(1, 1, cache)],
      [...repeat(2, 2, video, '1.1.0'), ...repeat(22, 2, grade)],
      [...repeat(2, 3, video), ...repeat(20, 3, grade)],
    ];
    const report = analysePatterns(windows);
    expect(report).toEqual({
      overflow: 0,
      patterns: [
        {
          id: 0,
          template: 'Failed to process video <*> for course <*>',
          count: 15,
          trend: [2, 2, 2, 15],
          baseline: 2,
          spike: true,
          firstSeen: T - 3 * DAY,
          lastSeen: T + 14,
          firstRelease: '1.0.0',
        },
        {
          id: 1,
          template: 'Grade post to canvas failed with <*>',
          count: 20,
          trend: [20, 22, 18, 20],
          baseline: 20,
          spike: false,
          firstSeen: T - 3 * DAY,
          lastSeen: T + 19,
          firstRelease: '1.0.0',
        },
        {
          id: 2,
          template: 'Cache miss for key',
          count: 3,
          trend: [0, 0, 1, 3],
          baseline: 1 / 3,
          spike: false,
          firstSeen: T - DAY,
          lastSeen: T + 2,
          firstRelease: '1.0.0',
        },
      ],
    });
  });
});
