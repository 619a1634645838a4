import { describe, expect, it } from 'vitest';
import {
  change,
  changeText,
  fewSamples,
  fmtBytes,
  fmtMetric,
  fmtMs,
  fmtMsIn,
  fmtObserved,
  fmtPct,
  msUnit,
  rag,
  statusText,
  worstStatus,
} from './format';

describe('format', () => {
  it('reads numbers in their units', () => {
    expect(fmtMs(412.3)).toBe('412 ms');
    expect(fmtMs(12_345)).toBe('12.3 s');
    expect(fmtMetric('CLS', 0.1234)).toBe('0.123');
    expect(fmtPct(0.0734)).toBe('7.3 %');
    expect(fmtPct(0.0004)).toBe('0.04 %');
    expect(fmtMs(null)).toBe('—');
  });

  it('reads /health measurements in their units (issue #19)', () => {
    expect(fmtBytes(760_800_000)).toBe('760.8 MB');
    expect(fmtBytes(512)).toBe('512 B');
    expect(fmtBytes(1_250_000_000_000)).toBe('1.3 TB');
    expect(fmtObserved(760_800_000, 'bytes')).toBe('760.8 MB');
    expect(fmtObserved(660, 's')).toBe('11 min 0 s');
    expect(fmtObserved(12_345, 'batches')).toBe('12,345 batches');
    expect(fmtObserved(0.5, '')).toBe('0.5');
    expect(fmtObserved(undefined, 's')).toBe('—');
  });

  it('keeps one unit per column of times (issue #19)', () => {
    const totals = [56_900, 9_181.4, 120];
    expect(msUnit(totals)).toBe('s');
    expect(totals.map((v) => fmtMsIn(v, msUnit(totals)))).toEqual(['56.9 s', '9.2 s', '0.1 s']);
    expect(fmtMsIn(1_234_567, 's')).toBe('1,234.6 s');
    expect(msUnit([9_181, 12, null])).toBe('ms');
    expect(fmtMsIn(9_181.4, 'ms')).toBe('9,181 ms');
    expect(fmtMsIn(null, 's')).toBe('—');
  });

  it('shows the sample count beside percentiles of tiny samples (issue #19)', () => {
    expect(fewSamples(2)).toBe('(2 samples)');
    expect(fewSamples(1)).toBe('(1 sample)');
    expect(fewSamples(19)).toBe('(19 samples)');
    expect(fewSamples(20)).toBe('');
    expect(fewSamples(0)).toBe('');
    expect(fewSamples(undefined)).toBe('');
  });

  it('rates an endpoint by its worst figure (issue #19)', () => {
    expect(worstStatus('green', 'red')).toBe('red');
    expect(worstStatus(null, 'amber', 'green')).toBe('amber');
    expect(worstStatus(null, null)).toBeNull();
  });

  it('says status in words as well as colour', () => {
    expect(statusText('red')).toBe('Critical');
    expect(statusText(null)).toBe('No data');
    expect(rag(3000, 2500, 4000)).toBe('amber');
    expect(rag(98.5, 99.9, 99, true)).toBe('red');
  });

  it('tells whether a change is good news', () => {
    expect(change(110, 100)).toBeCloseTo(0.1);
    expect(change(5, null)).toBeNull();
    expect(changeText(0.25, false)).toEqual({ text: '▲ 25 %', tone: 'worse', against: 'vs previous period' });
    expect(changeText(-0.05, false)).toEqual({
      text: '▼ 5.0 %',
      tone: 'better',
      against: 'vs previous period',
    });
    expect(changeText(null, true)).toEqual({ text: 'no previous data', tone: 'neutral', against: '' });
  });

  it('says new when the previous period is nearly empty, not an absurd percentage (issue #19)', () => {
    // 1,171,520 requests against 1,000 before: a seeded site's 30 days against the days before it.
    const requests = { cur: 1_171_520, prev: 1_000 };
    expect(change(1_171_520, 1_000, requests)).toBe('new');
    expect(changeText(change(1_171_520, 1_000, requests), null)).toEqual({
      text: 'new',
      tone: 'neutral',
      against: 'too little data in the previous period to compare',
    });
    // The error rate stands on the same requests: new too, not `no previous data`.
    expect(change(0.02, 0, requests)).toBe('new');
    expect(change(40, 12, { cur: 40, prev: 12 })).toBe('new');
    expect(change(0, 0, { cur: 0, prev: 0 })).toBe(0);
    // Enough before: a real figure, with thousands separators.
    expect(changeText(change(21_000, 1_000, { cur: 21_000, prev: 1_000 }), true).text).toBe('new');
    expect(changeText(change(15_000, 1_000, { cur: 15_000, prev: 1_000 }), true).text).toBe('▲ 1,400 %');
    expect(changeText(change(110, 100, { cur: 110, prev: 100 }), true)).toEqual({
      text: '▲ 10 %',
      tone: 'better',
      against: 'vs previous period',
    });
    // A rate up from zero over plenty of requests.
    expect(changeText(change(0.02, 0, { cur: 500, prev: 400 }), false)).toEqual({
      text: '▲ from 0',
      tone: 'worse',
      against: 'vs previous period',
    });
    // The previous period not loaded yet.
    expect(change(0.02, undefined, { cur: 500, prev: undefined })).toBeNull();
  });
});
