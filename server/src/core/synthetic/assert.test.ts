import { describe, expect, it } from 'vitest';
import { CheckInputSchema, parseJsonPath } from '../../../../shared/checks';
import { bodyFailure, statusMatches, valueAt } from './assert';

describe('status assertions', () => {
  it.each([
    [200, 200, true],
    [201, 200, false],
    [204, '2xx', true],
    [299, '2xx', true],
    [300, '2xx', false],
    [404, '4xx', true],
    [301, '300-308', true],
    [309, '300-308', false],
    [200, [200, 299], true],
    [199, [200, 299], false],
  ] as const)('%i against %j: %s', (status, expected, ok) =>
    expect(statusMatches(status, expected as never)).toBe(ok),
  );

  it('accepts the forms in a check and refuses others with the field named', () => {
    for (const expectedStatus of [200, '2xx', '200-299', [200, 299]]) {
      expect(
        CheckInputSchema.safeParse({ name: 'a', url: 'https://x.example/', expectedStatus }).success,
      ).toBe(true);
    }
    for (const expectedStatus of ['200', '6xx', 'ok', [200], [299, 200], 99, 600]) {
      const r = CheckInputSchema.safeParse({ name: 'a', url: 'https://x.example/', expectedStatus });
      expect(r.success, JSON.stringify(expectedStatus)).toBe(false);
      expect(r.error!.issues[0].path[0]).toBe('expectedStatus');
    }
  });
});

describe('body assertions', () => {
  it('checks a substring, case-sensitively', () => {
    expect(bodyFailure('<h1>Quiz ready</h1>', { contains: 'Quiz ready' })).toBeNull();
    expect(bodyFailure('<h1>quiz ready</h1>', { contains: 'Quiz ready' })).toBe(
      'body does not contain "Quiz ready"',
    );
  });

  it('checks a JSON value at a path', () => {
    const body = JSON.stringify({
      status: 'pass',
      checks: { 'db:read': [{ status: 'pass', n: 3 }] },
      list: [1, { a: null }],
    });
    expect(bodyFailure(body, { path: '$.status', equals: 'pass' })).toBeNull();
    expect(bodyFailure(body, { path: "$.checks['db:read'][0].n", equals: 3 })).toBeNull();
    expect(bodyFailure(body, { path: '$.list[1]', equals: { a: null } })).toBeNull();
    expect(bodyFailure(body, { path: '$.list[1].a', equals: null })).toBeNull();
    expect(bodyFailure(body, { path: '$.status', equals: 'fail' })).toBe(
      '$.status is "pass", expected "fail"',
    );
    expect(bodyFailure(body, { path: '$.nope', equals: 'x' })).toBe('$.nope is missing, expected "x"');
    expect(bodyFailure(body, { path: '$.checks', equals: 3 })).toMatch(/^\$\.checks is \{"db:read"/);
    expect(bodyFailure('<html>', { path: '$.status', equals: 'pass' })).toBe(
      'body is not JSON, so $.status cannot be read',
    );
  });

  it('compares numbers exactly and does not coerce types', () => {
    expect(bodyFailure('{"n": 1}', { path: '$.n', equals: '1' })).not.toBeNull();
    expect(bodyFailure('{"ok": true}', { path: '$.ok', equals: true })).toBeNull();
    expect(bodyFailure('{"ok": 1}', { path: '$.ok', equals: true })).not.toBeNull();
  });

  it('does not read through an array with a key or inherited properties', () => {
    expect(valueAt([1, 2], ['length'])).toBeUndefined();
    expect(valueAt({}, ['constructor'])).toBeUndefined();
    expect(valueAt({ a: [5] }, ['a', 0])).toBe(5);
    expect(valueAt({ a: { 0: 5 } }, ['a', 0])).toBeUndefined();
  });

  it('parses the JSON path subset and refuses the rest', () => {
    expect(parseJsonPath('$')).toEqual([]);
    expect(parseJsonPath('$.a.b_c[2]')).toEqual(['a', 'b_c', 2]);
    expect(parseJsonPath(`$["x y"]['it\\'s']`)).toEqual(['x y', "it's"]);
    for (const bad of ['status', '$..a', '$.a[*]', '$.a[-1]', '$[?(@.a)]', '$.'])
      expect(parseJsonPath(bad), bad).toBeNull();
    const r = CheckInputSchema.safeParse({
      name: 'a',
      url: 'https://x.example/',
      expectedBody: { path: '$..a', equals: 1 },
    });
    expect(r.error!.issues[0]).toMatchObject({
      path: ['expectedBody', 'path'],
      message: expect.stringMatching(/JSON path/),
    });
  });
});
