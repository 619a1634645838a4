// The overlay's first spot on a page covers none of its controls, or starts folded.
import { describe, expect, it } from 'vitest';
import { defaultPlace } from './overlay-placement';

const viewport = { width: 1280, height: 800 };
const panel = { x: 0, y: 0, width: 420, height: 260 };
const folded = { x: 0, y: 0, width: 420, height: 30 };
const button = (x: number, y: number) => ({ x, y, width: 120, height: 32 });

describe('defaultPlace', () => {
  it('takes the top right corner when nothing is there', () => {
    expect(defaultPlace(viewport, panel, folded, [button(100, 100)])).toEqual({
      corner: 'top-right',
      collapsed: false,
      x: 848,
      y: 12,
    });
  });

  it('moves away from a button in the top right ("Load more items" at 1280×800)', () => {
    expect(defaultPlace(viewport, panel, folded, [button(1100, 120)])).toMatchObject({
      corner: 'bottom-right',
      collapsed: false,
      y: 528,
    });
    expect(defaultPlace(viewport, panel, folded, [button(1100, 120), button(1100, 700)])).toMatchObject({
      corner: 'bottom-left',
      x: 12,
    });
  });

  it('starts folded in the least crowded corner when every corner covers a control', () => {
    const everywhere = [
      button(1100, 20),
      button(1100, 120),
      button(1100, 700),
      button(40, 700),
      button(40, 100),
      button(40, 20),
    ];
    expect(defaultPlace(viewport, panel, folded, everywhere)).toEqual({
      corner: 'bottom-right',
      collapsed: true,
      x: 848,
      y: 758,
    });
  });
});
