// Before and after a fix: what got better, what got worse, what is new or gone.
import { describe, expect, it } from 'vitest';
import { compareSnapshots } from './snapshot-compare';
import { snapshotAt } from './test-snapshots';
import { ticketText } from './ticket-text';

const page = (vitals: { name: 'LCP' | 'INP' | 'CLS'; value: number }[], errors: number) => ({
  url: 'https://canvas.example/courses/1',
  route: '/courses/:id',
  title: 'Course 1',
  platform: 'canvas' as const,
  framed: false,
  errors,
  vitals: vitals.map((v) => ({ ...v, rating: 'good' as const })),
});
const resource = (url: string, duration: number) => ({
  url,
  type: 'script',
  start: 0,
  duration,
  transferSize: 0,
});

const before = snapshotAt('2026-12-01T10:00:00.000Z', {
  frames: [
    page(
      [
        { name: 'LCP', value: 3200 },
        { name: 'INP', value: 180 },
        { name: 'CLS', value: 0.02 },
      ],
      2,
    ),
  ],
  resources: [resource('https://cdn.example/app.js', 900), resource('https://cdn.example/old.js', 100)],
  errors: [{ message: 'TypeError: x is undefined', stack: '', count: 2 }],
});
const after = snapshotAt('2026-12-02T10:00:00.000Z', {
  frames: [
    page(
      [
        { name: 'LCP', value: 1400 },
        { name: 'INP', value: 185 },
        { name: 'CLS', value: 0.2 },
      ],
      1,
    ),
  ],
  resources: [resource('https://cdn.example/app.js', 300), resource('https://cdn.example/new.js', 50)],
  errors: [{ message: 'ReferenceError: y', stack: '', count: 1 }],
});

describe('compareSnapshots', () => {
  it('marks each vital, resource and error better, worse, about the same, new or gone', () => {
    const c = compareSnapshots(before, after);
    const byLabel = (rows: { label: string }[]) => Object.fromEntries(rows.map((r) => [r.label, r]));
    const vitals = byLabel(c.frames[0]!.rows);
    expect(vitals.LCP).toEqual({
      label: 'LCP',
      before: '3.20 s',
      after: '1.40 s',
      change: 'better',
      delta: '−1800 ms',
    });
    expect(vitals.INP).toMatchObject({ change: 'same' }); // 5 ms on 180: one sample's noise
    expect(vitals.CLS).toMatchObject({ change: 'worse', delta: '+0.180' });
    expect(vitals['JS errors']).toMatchObject({ before: '2', after: '1', change: 'better' });
    const res = byLabel(c.resources);
    expect(res['https://cdn.example/app.js']).toMatchObject({ change: 'better', delta: '−600 ms' });
    expect(res['https://cdn.example/old.js']).toMatchObject({ change: 'removed', after: '–' });
    expect(res['https://cdn.example/new.js']).toMatchObject({ change: 'added', before: '–' });
    expect(byLabel(c.errors)).toEqual({
      'TypeError: x is undefined': {
        label: 'TypeError: x is undefined',
        before: '2',
        after: '0',
        change: 'removed',
        delta: '',
      },
      'ReferenceError: y': {
        label: 'ReferenceError: y',
        before: '0',
        after: '1',
        change: 'added',
        delta: '',
      },
    });
    // LCP, errors count, app.js, the TypeError gone; CLS, the new ReferenceError.
    expect([c.better, c.worse]).toEqual([4, 2]);
  });

  it('compares long tasks (count, blocking time, longest), and shows none where the browser timed none', () => {
    const c = compareSnapshots(
      { ...before, longTasks: { count: 4, blockingMs: 600, longestMs: 300 } },
      { ...after, longTasks: { count: 1, blockingMs: 20, longestMs: 70 } },
    );
    expect(c.longTasks).toEqual([
      { label: 'count', before: '4', after: '1', change: 'better', delta: '−3' },
      { label: 'blocking time', before: '600 ms', after: '20 ms', change: 'better', delta: '−580 ms' },
      { label: 'longest', before: '300 ms', after: '70 ms', change: 'better', delta: '−230 ms' },
    ]);
    expect(compareSnapshots(before, after).longTasks).toEqual([]); // Firefox: no longtask timing
  });

  it('compares a tool frame only one of them had', () => {
    const tool = { ...page([{ name: 'LCP', value: 800 }], 0), framed: true, platform: 'other' as const };
    const c = compareSnapshots(before, { ...after, frames: [...after.frames, tool] });
    expect(c.frames.map((f) => f.label)).toEqual(['Page', 'Tool frame']);
    expect(c.frames[1]!.rows[0]).toMatchObject({
      label: 'LCP',
      before: '–',
      after: '800 ms',
      change: 'added',
    });
  });
});

describe('ticketText', () => {
  const record = {
    id: 'x',
    snapshot: after,
    code: 'SL-7K3Q-9F',
    upload: 'uploaded' as const,
    uploadError: null,
    attempts: 1,
  };

  it('is a short summary with the support code, a link, the page and its vitals', () => {
    expect(ticketText(record, 'https://sightline.example.edu/')).toBe(
      [
        'Sightline snapshot **SL-7K3Q-9F**: https://sightline.example.edu/v1/snapshots/SL-7K3Q-9F',
        '- Page: Course 1 <https://canvas.example/courses/1>',
        '- Captured: 2026-12-02T10:00:00.000Z (Canvas)',
        '- Page vitals: LCP 1.40 s (good), INP 185 ms (good), CLS 0.200 (good)',
        '- JS errors: 1 (first: ReferenceError: y)',
        '- No screenshot',
      ].join('\n'),
    );
  });

  it('says why there is no support code yet', () => {
    expect(ticketText({ ...record, code: null, upload: 'pending' }, 'https://s.example')).toMatch(
      /^Sightline snapshot \(no support code: waiting to upload\)\n/,
    );
  });
});
