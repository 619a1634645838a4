import { describe, expect, it } from 'vitest';
import { ALL_SITES, chosenOrigins, hostOrigins, overlayMatches, pageSite } from './overlay-matches';
import { DEFAULT_SETTINGS, type Settings } from './types';

const settings = (patch: Partial<Settings>): Settings => ({ ...DEFAULT_SETTINGS, ...patch });

describe('the sites the content script is registered for', () => {
  it('turns options patterns into http and https match patterns, any port', () => {
    expect(hostOrigins('*.instructure.com')).toEqual([
      'http://*.instructure.com/*',
      'https://*.instructure.com/*',
    ]);
    expect(hostOrigins(' https://Moodle.example.edu:8443/course ')).toEqual([
      'http://moodle.example.edu/*',
      'https://moodle.example.edu/*',
    ]);
    expect(hostOrigins('127.0.0.1')).toEqual(['http://127.0.0.1/*', 'https://127.0.0.1/*']);
    expect(hostOrigins('[::1]')).toEqual(['http://[::1]/*', 'https://[::1]/*']);
    expect(hostOrigins('*')).toEqual(ALL_SITES);
    for (const wrong of ['', 'moodle.*.edu', '*moodle.edu', 'ü.example'])
      expect(hostOrigins(wrong), wrong).toBeNull();
  });

  it('asks for nothing by default but the default LMS hosts, and for every site only when opted in', () => {
    expect(chosenOrigins(DEFAULT_SETTINGS, {})).toEqual([
      'http://*.instructure.com/*',
      'https://*.instructure.com/*',
      'http://*.moodlecloud.com/*',
      'https://*.moodlecloud.com/*',
    ]);
    expect(chosenOrigins(settings({ sitePatterns: [], detectLmsEverywhere: true }), {})).toEqual(ALL_SITES);
    // Detection switched off: there is nothing to detect everywhere for.
    expect(
      chosenOrigins(settings({ sitePatterns: [], detectLms: false, detectLmsEverywhere: true }), {}),
    ).toEqual([]);
  });

  it('adds the hosts switched on, not those switched off, without duplicates', () => {
    const s = settings({ sitePatterns: ['lms.example.edu'] });
    expect(chosenOrigins(s, { 'news.example': true, 'off.example': false, 'lms.example.edu': true })).toEqual(
      [
        'http://lms.example.edu/*',
        'https://lms.example.edu/*',
        'http://news.example/*',
        'https://news.example/*',
      ],
    );
  });

  it('registers only what was granted', () => {
    const s = settings({ sitePatterns: ['lms.example.edu', '*.instructure.com'], detectLmsEverywhere: true });
    const granted = new Set(['http://lms.example.edu/*', 'https://news.example/*', 'https://*/*']);
    expect(overlayMatches(s, { 'news.example': true }, granted)).toEqual([
      'http://lms.example.edu/*',
      'https://news.example/*',
      'https://*/*',
    ]);
    expect(overlayMatches(s, {}, new Set())).toEqual([]);
  });

  it("names a tab's site by host, asking access for its own scheme only", () => {
    expect(pageSite('http://127.0.0.1:8787/demo/canvas?x=1')).toEqual({
      host: '127.0.0.1',
      pattern: 'http://127.0.0.1/*',
    });
    expect(pageSite('https://school.instructure.com/courses/1')).toEqual({
      host: 'school.instructure.com',
      pattern: 'https://school.instructure.com/*',
    });
    for (const other of ['chrome://extensions/', 'file:///tmp/x.html', 'not a url', undefined])
      expect(pageSite(other), String(other)).toBeNull();
  });
});
