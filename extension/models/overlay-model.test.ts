import { effect } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { FrameReport } from '../lib/types';
import { createOverlayModel } from './overlay-model';

const frame = (key: string, extra: Partial<FrameReport> = {}): FrameReport => ({
  key,
  url: `https://${key}.example/`,
  origin: `https://${key}.example`,
  route: '/',
  title: key,
  platform: 'other',
  framed: false,
  vitals: {},
  errors: 0,
  softNavigations: 0,
  ...extra,
});

describe('the overlay model', () => {
  it('updates readings as they come and re-renders only through signals', () => {
    const model = createOverlayModel(frame('lms', { platform: 'canvas' }));
    const seen: number[] = [];
    effect(() => void seen.push(model.frames.value[0].vitals.LCP?.value ?? -1));
    model.setReading({ name: 'LCP', value: 1200, rating: 'good' });
    model.setReading({ name: 'LCP', value: 2700, rating: 'needs-improvement' });
    expect(seen).toEqual([-1, 1200, 2700]);
    model.setErrors(2);
    model.setErrors(2); // unchanged: no new frame object
    expect(model.local.value.errors).toBe(2);
  });

  it('puts the LMS page first and at most two tool frames, the newest first', () => {
    const model = createOverlayModel(frame('lms'));
    model.setToolFrame('3', frame('a', { framed: true }));
    model.setToolFrame('4', frame('b', { framed: true }));
    model.setToolFrame('5', frame('c', { framed: true }));
    model.setToolFrame('3', frame('a2', { framed: true })); // frame 3 navigated
    expect(model.frames.value.map((f) => f.key)).toEqual(['lms', 'a2', 'c']);
  });

  it('keeps a soft navigation’s route and the readings of the load', () => {
    const model = createOverlayModel(frame('lms'));
    model.setReading({ name: 'CLS', value: 0.2, rating: 'needs-improvement' });
    model.navigated('https://lms.example/courses/2', '/courses/:id', 'Course 2');
    expect(model.local.value).toMatchObject({
      route: '/courses/:id',
      softNavigations: 1,
      vitals: { CLS: { value: 0.2 } },
    });
  });

  it('moves inside the viewport and folds', () => {
    const model = createOverlayModel(frame('lms'));
    model.moveTo(-50, 5000, { width: 1280, height: 800 }, { width: 300, height: 200 });
    expect(model.place.value).toEqual({ x: 0, y: 760, collapsed: false });
    model.moveTo(2000, 100, { width: 1280, height: 800 }, { width: 300, height: 200 });
    expect(model.place.value.x).toBe(980);
    model.toggleCollapsed();
    expect(model.place.value.collapsed).toBe(true);
  });
});
