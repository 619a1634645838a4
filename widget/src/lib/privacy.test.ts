import { describe, expect, it } from 'vitest';
import { asksNotToTrack } from './privacy';

describe('asksNotToTrack', () => {
  it('reads Global Privacy Control', () => {
    expect(asksNotToTrack({ globalPrivacyControl: true })).toBe(true);
    expect(asksNotToTrack({ globalPrivacyControl: false })).toBe(false);
  });

  it('reads Do Not Track', () => {
    expect(asksNotToTrack({ doNotTrack: '1' })).toBe(true);
    expect(asksNotToTrack({ doNotTrack: '0' })).toBe(false);
    expect(asksNotToTrack({ doNotTrack: 'unspecified' })).toBe(false);
    expect(asksNotToTrack({ doNotTrack: null })).toBe(false);
    expect(asksNotToTrack({})).toBe(false);
  });
});
