// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MetricType } from 'web-vitals';
import { VitalEventSchema } from '../../../shared/protocol';
import { attribute, groupByPaint } from './vitals';

document.body.innerHTML = `
  <div id="content"><section class="course-hero banner"><h1>BIO 101</h1></section>
  <ul class="items"><li><button class="btn btn-primary">Load more</button></li></ul></div>`;
const hero = document.querySelector('h1')!;
const button = document.querySelector('button')!;
const nav = { responseStart: 200 };
const metric = (name: string, value: number, entries: unknown[]) =>
  ({ name, value, entries }) as unknown as MetricType;

afterEach(() => vi.restoreAllMocks());

describe('attribute', () => {
  it('LCP: element selector, scrubbed URL and the four sub-parts', () => {
    const url = 'https://cdn.example/hero.jpg?sig=secret';
    vi.spyOn(performance, 'getEntriesByName').mockReturnValue([
      { startTime: 250, requestStart: 300, responseEnd: 900 } as PerformanceResourceTiming,
    ]);
    const out = attribute(metric('LCP', 1_200.6, [{ element: hero, url }]), nav);
    expect(out).toEqual({
      target: '#content>section.banner.course-hero>h1',
      url: 'https://cdn.example/hero.jpg',
      timeToFirstByte: 200,
      resourceLoadDelay: 100,
      resourceLoadDuration: 600,
      elementRenderDelay: 301,
    });
    expect(performance.getEntriesByName).toHaveBeenCalledWith(url, 'resource');
    // Sub-parts add up to the value, as web-vitals' do.
    expect(
      (out!.timeToFirstByte as number) +
        (out!.resourceLoadDelay as number) +
        (out!.resourceLoadDuration as number) +
        (out!.elementRenderDelay as number),
    ).toBe(1_201);
  });

  it('LCP of a text element: everything after the first byte is render delay; prerendering counts from activation', () => {
    expect(
      attribute(metric('LCP', 700, [{ element: hero, url: '' }]), {
        responseStart: 300,
        activationStart: 100,
      }),
    ).toEqual({
      target: '#content>section.banner.course-hero>h1',
      timeToFirstByte: 200,
      resourceLoadDelay: 0,
      resourceLoadDuration: 0,
      elementRenderDelay: 500,
    });
  });

  it('INP: target, interaction type and the three phases', () => {
    const entries = [
      {
        name: 'pointerdown',
        startTime: 1_000,
        duration: 240,
        processingStart: 1_010,
        processingEnd: 1_020,
        target: button,
        interactionId: 7,
      },
      {
        name: 'click',
        startTime: 1_000,
        duration: 240,
        processingStart: 1_025,
        processingEnd: 1_180,
        target: button,
        interactionId: 7,
      },
    ];
    expect(attribute(metric('INP', 240, entries), nav)).toEqual({
      interactionTarget: '#content>ul.items>li>button.btn.btn-primary',
      interactionType: 'pointer',
      inputDelay: 10,
      processingDuration: 170,
      presentationDelay: 60,
    });
  });

  it("INP: phases span every handler painted in the interaction's frame, as web-vitals groups them", () => {
    // INP's own entries are the pointerup; the slow handler is the click, 2 ms later, same paint.
    const pointerup = {
      name: 'pointerup',
      startTime: 1_000,
      duration: 168,
      processingStart: 1_001,
      processingEnd: 1_003,
      target: button,
      interactionId: 7,
    };
    const click = {
      name: 'click',
      startTime: 1_002,
      duration: 168,
      processingStart: 1_003,
      processingEnd: 1_153,
      target: button,
      interactionId: 7,
    };
    const groups = groupByPaint([], [pointerup, click] as unknown as PerformanceEventTiming[]);
    expect(attribute(metric('INP', 168, [pointerup]), nav, groups)).toMatchObject({
      inputDelay: 1,
      processingDuration: 152,
      presentationDelay: 15,
    });
    // Without the observed frame, only INP's own entries count.
    expect(attribute(metric('INP', 168, [pointerup]), nav)).toMatchObject({
      inputDelay: 1,
      processingDuration: 2,
      presentationDelay: 165,
    });
  });

  it('INP: a target removed from the page keeps the selector read when its entries arrived', () => {
    const seen = {
      name: 'keydown',
      startTime: 0,
      duration: 300,
      processingStart: 5,
      processingEnd: 250,
      target: button,
      interactionId: 9,
    };
    const groups = groupByPaint([], [seen] as unknown as PerformanceEventTiming[]);
    const later = { ...seen, target: null }; // what the entry reads once the element is gone
    expect(attribute(metric('INP', 300, [later]), nav, groups)).toMatchObject({
      interactionTarget: '#content>ul.items>li>button.btn.btn-primary',
      interactionType: 'keyboard',
    });
    expect(attribute(metric('INP', 300, [later]), nav)?.interactionTarget).toBeUndefined(); // and so not sent
  });

  it('groupByPaint keeps the last 50 frames and ignores entries without an interaction', () => {
    let groups = groupByPaint([], [
      {
        name: 'mousemove',
        startTime: 0,
        duration: 200,
        processingStart: 1,
        processingEnd: 2,
        interactionId: 0,
      },
    ] as unknown as PerformanceEventTiming[]);
    expect(groups).toEqual([]);
    for (let i = 0; i < 60; i++) {
      groups = groupByPaint(groups, [
        {
          name: 'click',
          startTime: i * 100,
          duration: 48,
          processingStart: i * 100 + 1,
          processingEnd: i * 100 + 2,
          target: null,
          interactionId: i + 1,
        },
      ] as unknown as PerformanceEventTiming[]);
    }
    expect(groups).toHaveLength(50);
    expect(groups[0]!.paint).toBe(1_048);
  });

  it("CLS: the largest shift's first element source and its time", () => {
    const entries = [
      { value: 0.02, startTime: 900, sources: [{ node: button }] },
      { value: 0.11, startTime: 1_600.2, sources: [{ node: document.createTextNode('x') }, { node: hero }] },
    ];
    expect(attribute(metric('CLS', 0.13, entries), nav)).toEqual({
      largestShiftTarget: '#content>section.banner.course-hero>h1',
      largestShiftTime: 1_600,
    });
  });

  it('caps selectors at 100 characters and stops at the nearest id', () => {
    const deep = document.createElement('span');
    let parent: HTMLElement = document.body;
    for (let i = 0; i < 12; i++) {
      const div = document.createElement('div');
      div.className = `level-${i} wrapper`;
      parent.appendChild(div);
      parent = div;
    }
    parent.appendChild(deep);
    const out = attribute(metric('LCP', 10, [{ element: deep, url: '' }]), nav)!;
    expect((out.target as string).length).toBeLessThanOrEqual(100);
    expect(out.target).toMatch(/>span$/);
  });

  it('has nothing for metrics without entries, FCP and TTFB; everything it gives fits the protocol', () => {
    expect(attribute(metric('LCP', 0, []), nav)).toBeUndefined();
    expect(attribute(metric('CLS', 0, []), nav)).toBeUndefined();
    expect(attribute(metric('TTFB', 200, [{}]), nav)).toBeUndefined();
    const lcp = attribute(
      metric('LCP', 500, [{ element: hero, url: 'data:image/png;base64,' + 'A'.repeat(5_000) }]),
      nav,
    );
    expect(
      VitalEventSchema.safeParse({
        id: 'abcdefgh',
        t: 1,
        kind: 'vital',
        name: 'LCP',
        value: 500,
        attribution: lcp,
      }).success,
    ).toBe(true);
  });
});
