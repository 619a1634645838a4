import { expect, it } from 'vitest';
import { createSketch, binValue } from '../../../shared/sketch';
import { histogramBars } from './histogram';

it('groups sketch bins into rated bars that keep every count', () => {
  const sketch = createSketch([0, 0, 100, 900, 1000, 2600, 3000, 5000, 9000]);
  const bins = [...sketch]
    .sort((a, b) => a[0] - b[0])
    .map(([bin, n]): [number, number] => [binValue(bin), n]);
  const bars = histogramBars(bins, 'LCP', 6);
  expect(bars.reduce((n, b) => n + b.count, 0)).toBe(9);
  expect(bars[0]).toMatchObject({ lo: 0, hi: 0, count: 2, rating: 'good' });
  expect(bars).toHaveLength(7);
  expect(bars.at(-1)!.rating).toBe('poor');
  expect(bars.reduce((s, b) => s + b.share, 0)).toBeCloseTo(1);
  expect(histogramBars([], 'LCP')).toEqual([]);
});
