import { describe, expect, it } from 'vitest';
import { fingerprintOf, normaliseMessage, topFrame } from './fingerprint';

describe('normaliseMessage', () => {
  it.each([
    ['Item 42 not found', 'Item <n> not found'],
    [
      'Failed to fetch https://api.example.edu/courses/12?x=1: timeout after 3000 ms',
      'Failed to fetch <url>: timeout after <n> ms',
    ],
    [
      "Cannot read properties of undefined (reading 'title')",
      "Cannot read properties of undefined (reading 'title')",
    ],
    [
      'Cannot read properties of null (reading "addEventListener")',
      'Cannot read properties of null (reading "addEventListener")',
    ],
    ["Unknown course 'c42'", 'Unknown course <str>'],
    ["No user 'ada@example.edu'", 'No user <str>'],
    ['Bad answer "the quick brown fox"', 'Bad answer <str>'],
    ["Missing key 'aVeryLongGeneratedNameOfSomething'", 'Missing key <str>'],
    ["Token 'deadbeef42cafe' expired", 'Token <str> expired'],
    ["Expected 'x.y'", 'Expected <str>'],
    ['Unexpected token "}" in JSON at position 1.5', 'Unexpected token <str> in JSON at position <n>'],
    ['user 3f2a9c1b-0d4e-4f5a-8b6c-7d8e9f0a1b2c has no role', 'user <id> has no role'],
    ['session deadbeef42 expired', 'session <id> expired'],
    ["can't   load  module", "can't load module"],
  ])('%s → %s', (message, expected) => {
    expect(normaliseMessage(message)).toBe(expected);
  });
});

describe('topFrame', () => {
  it('skips the widget and browser extensions and keeps function and file', () => {
    const chrome = [
      'TypeError: x is undefined',
      '    at report (https://rum.example/sightline.js:1:200)',
      '    at inject (chrome-extension://abcdef/content.js:3:4)',
      '    at Object.loadQuiz (https://tool.example/assets/app.3f9a2b1c.js:1:9876)',
      '    at https://tool.example/assets/vendor.js:2:3',
    ].join('\n');
    expect(topFrame(chrome)).toBe('loadQuiz (/assets/app.<hash>.js)');
    const firefox = [
      'report@https://rum.example/sightline.js:1:200',
      'loadQuiz@https://tool.example/app.js?v=3:10:5',
      '@https://tool.example/app.js:1:1',
    ].join('\n');
    expect(topFrame(firefox)).toBe('loadQuiz (/app.js)');
    expect(topFrame('    at async https://tool.example/a.js:1:1')).toBe('? (/a.js)');
  });

  it('falls back to the source file, and to nothing', () => {
    expect(topFrame(undefined, 'https://tool.example/main.js')).toBe('? (/main.js)');
    expect(topFrame('    at x (moz-extension://id/a.js:1:1)', 'moz-extension://id/a.js')).toBe('');
    expect(topFrame(undefined)).toBe('');
  });
});

describe('fingerprintOf', () => {
  const stack = (line: number) => `Error\n    at loadQuiz (https://tool.example/app.js:${line}:7)`;

  it('groups errors that differ only in values or line numbers', () => {
    const a = fingerprintOf({ type: 'error', message: 'Quiz 12 failed to load', stack: stack(10) });
    const b = fingerprintOf({ type: 'error', message: 'Quiz 97 failed to load', stack: stack(11) });
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a).toMatchObject({ title: 'Quiz <n> failed to load', frame: 'loadQuiz (/app.js)' });
    expect(a.fingerprint).toMatch(/^[0-9a-f]{14}$/);
  });

  it('tells apart other messages, other places and rejections', () => {
    const base = { type: 'error', message: 'Quiz 1 failed', stack: stack(1) };
    const fp = (e: typeof base) => fingerprintOf(e).fingerprint;
    expect(fp({ ...base, message: 'Quiz 1 crashed' })).not.toBe(fp(base));
    expect(fp({ ...base, stack: 'Error\n    at saveQuiz (https://tool.example/app.js:1:1)' })).not.toBe(
      fp(base),
    );
    expect(fp({ ...base, type: 'rejection' })).not.toBe(fp(base));
  });

  it('tells apart reads of different properties from the same place (issue #19)', () => {
    const read = (p: string) => ({
      type: 'error',
      message: `Cannot read properties of undefined (reading '${p}')`,
      stack: stack(1),
    });
    expect(fingerprintOf(read('title')).fingerprint).not.toBe(fingerprintOf(read('map')).fingerprint);
  });
});
