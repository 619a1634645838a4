import { describe, expect, it } from 'vitest';
import { toNavigationEvent } from './navigation';

// A real-looking HTTPS navigation entry (ms since time origin).
const entry = {
  type: 'navigate',
  startTime: 0,
  domainLookupStart: 5,
  domainLookupEnd: 25,
  connectStart: 25,
  secureConnectionStart: 40,
  connectEnd: 80,
  requestStart: 81,
  responseStart: 281.4,
  responseEnd: 320,
  domContentLoadedEventEnd: 700,
  loadEventEnd: 1_250.6,
} as unknown as PerformanceNavigationTiming;

describe('toNavigationEvent', () => {
  it('turns the entry into whole-millisecond phases', () => {
    expect(toNavigationEvent(entry)).toMatchObject({
      kind: 'navigation',
      type: 'navigate',
      dns: 20,
      tcp: 55,
      tls: 40,
      ttfb: 200,
      download: 39,
      dom: 380,
      load: 1_251,
    });
  });

  it('never reports negative phases, e.g. before load has ended or on a reused connection', () => {
    const early = {
      ...entry,
      type: 'reload',
      secureConnectionStart: 0,
      loadEventEnd: 0,
      domContentLoadedEventEnd: 0,
    };
    const event = toNavigationEvent(early as unknown as PerformanceNavigationTiming);
    expect(event).toMatchObject({
      type: 'reload',
      dns: 20,
      tcp: 55,
      tls: 0,
      ttfb: 200,
      download: 39,
      dom: 0,
      load: 0,
    });
  });

  it('reports prerendered pages as prerender, timing load from activation', () => {
    const prerendered = { ...entry, activationStart: 1_000 } as unknown as PerformanceNavigationTiming;
    expect(toNavigationEvent(prerendered)).toMatchObject({ type: 'prerender', load: 251 });
  });

  it("keeps the entry's type (a WebIDL enum, the protocol's own values)", () => {
    const as = (type: string) =>
      toNavigationEvent({ ...entry, type } as unknown as PerformanceNavigationTiming).type;
    expect(['navigate', 'reload', 'back_forward'].map(as)).toEqual(['navigate', 'reload', 'back_forward']);
  });
});
