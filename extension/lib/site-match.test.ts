import { describe, expect, it } from 'vitest';
import { compareToField, formatVital } from './compare';
import { hostMatches, overlayDecision, parsePatterns } from './site-match';
import { DEFAULT_SETTINGS } from './types';

describe('where the overlay runs', () => {
  it('matches host patterns', () => {
    expect(hostMatches('*.instructure.com', 'school.instructure.com')).toBe(true);
    expect(hostMatches('*.instructure.com', 'instructure.com')).toBe(true);
    expect(hostMatches('*.instructure.com', 'evilinstructure.com')).toBe(false);
    expect(hostMatches('https://moodle.example.edu/', 'moodle.example.edu')).toBe(true);
    expect(hostMatches('', 'x')).toBe(false);
  });

  it('is off by default, on for patterns and detected LMS pages, and a per-site toggle wins', () => {
    expect(overlayDecision('news.example', 'other', DEFAULT_SETTINGS, {})).toEqual({
      on: false,
      reason: 'off',
    });
    expect(overlayDecision('u.instructure.com', 'other', DEFAULT_SETTINGS, {})).toEqual({
      on: true,
      reason: 'pattern',
    });
    expect(overlayDecision('lms.example.edu', 'moodle', DEFAULT_SETTINGS, {})).toEqual({
      on: true,
      reason: 'lms',
    });
    expect(
      overlayDecision('lms.example.edu', 'moodle', { ...DEFAULT_SETTINGS, detectLms: false }, {}),
    ).toEqual({ on: false, reason: 'off' });
    expect(
      overlayDecision('lms.example.edu', 'moodle', DEFAULT_SETTINGS, { 'lms.example.edu': false }),
    ).toEqual({ on: false, reason: 'toggled-off' });
    expect(overlayDecision('news.example', 'other', DEFAULT_SETTINGS, { 'news.example': true })).toEqual({
      on: true,
      reason: 'toggled-on',
    });
    expect(parsePatterns(' a.example\n*.b.example, a.example \n')).toEqual(['a.example', '*.b.example']);
  });
});

describe('comparing with the field p75', () => {
  it('says better, worse or about the same, in the metric unit', () => {
    expect(compareToField('LCP', 1200, 2000)).toEqual({
      direction: -1,
      text: '800 ms better than field p75',
    });
    expect(compareToField('INP', 400, 200)).toEqual({ direction: 1, text: '200 ms worse than field p75' });
    expect(compareToField('LCP', 2050, 2000)).toEqual({ direction: 0, text: 'about the field p75' });
    expect(compareToField('CLS', 0.3, 0.1)).toEqual({ direction: 1, text: '0.20 worse than field p75' });
    expect(compareToField('LCP', 1000, null)).toBeNull();
    expect(formatVital('LCP', 2600)).toBe('2.60 s');
    expect(formatVital('CLS', 0.0512)).toBe('0.051');
    expect(formatVital('TTFB', undefined)).toBe('–');
  });
});
