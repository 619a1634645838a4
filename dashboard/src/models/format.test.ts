import { describe, expect, it } from 'vitest';
import { change, changeText, fmtMetric, fmtMs, fmtPct, rag, statusText } from './format';

describe('format', () => {
  it('reads numbers in their units', () => {
    expect(fmtMs(412.3)).toBe('412 ms');
    expect(fmtMs(12_345)).toBe('12.3 s');
    expect(fmtMetric('CLS', 0.1234)).toBe('0.123');
    expect(fmtPct(0.0734)).toBe('7.3 %');
    expect(fmtPct(0.0004)).toBe('0.04 %');
    expect(fmtMs(null)).toBe('—');
  });

  it('says status in words as well as colour', () => {
    expect(statusText('red')).toBe('Critical');
    expect(statusText(null)).toBe('No data');
    expect(rag(3000, 2500, 4000)).toBe('amber');
    expect(rag(98.5, 99.9, 99, true)).toBe('red');
  });

  it('tells whether a change is good news', () => {
    expect(change(110, 100)).toBeCloseTo(0.1);
    expect(change(5, 0)).toBeNull();
    expect(changeText(0.25, false)).toEqual({ text: '▲ 25 %', tone: 'worse' });
    expect(changeText(-0.05, false)).toEqual({ text: '▼ 5.0 %', tone: 'better' });
    expect(changeText(null, true).tone).toBe('neutral');
  });
});
