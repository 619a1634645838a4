import { describe, expect, it } from 'vitest';
import { toCustomEvent } from './custom';

describe('toCustomEvent', () => {
  it('scrubs personal data from string props, and leaves numbers and booleans as they are', () => {
    const event = toCustomEvent('grade_saved', {
      note: 'mailed jo@uni.example about 20231187',
      score: 20231187,
      late: false,
    });
    expect(event?.props).toEqual({ note: 'mailed [email] about [number]', score: 20231187, late: false });
  });
});
