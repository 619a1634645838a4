// A check's assertions on a response: its status and, optionally, its body.
import {
  parseJsonPath,
  statusRange,
  type BodyAssertion,
  type ExpectedStatus,
  type JsonPathStep,
} from '../../../../shared/checks';

export function statusMatches(status: number, expected: ExpectedStatus): boolean {
  const [low, high] = statusRange(expected);
  return status >= low && status <= high;
}

/** The value at a path, or undefined when the path leads nowhere. */
export function valueAt(value: unknown, steps: JsonPathStep[]): unknown {
  let at = value;
  for (const step of steps) {
    if (
      typeof step === 'number'
        ? !Array.isArray(at)
        : at === null || typeof at !== 'object' || Array.isArray(at)
    )
      return undefined;
    if (!Object.prototype.hasOwnProperty.call(at, step)) return undefined;
    at = (at as Record<string | number, unknown>)[step];
  }
  return at;
}

/** Equality of JSON values: objects by their keys, whatever the order. */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every(
      (k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEquals((a as never)[k], (b as never)[k]),
    )
  );
}

const show = (v: unknown) => {
  const text = JSON.stringify(v) ?? 'nothing';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

/** Why the body fails the assertion, or null when it passes. */
export function bodyFailure(body: string, assertion: BodyAssertion): string | null {
  if ('contains' in assertion)
    return body.includes(assertion.contains) ? null : `body does not contain ${show(assertion.contains)}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `body is not JSON, so ${assertion.path} cannot be read`;
  }
  const actual = valueAt(parsed, parseJsonPath(assertion.path) ?? []);
  if (jsonEquals(actual, assertion.equals)) return null;
  return `${assertion.path} is ${actual === undefined ? 'missing' : show(actual)}, expected ${show(assertion.equals)}`;
}
