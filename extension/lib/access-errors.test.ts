// Plain words, and a way out, instead of the browser's raw refusal.
import { describe, expect, it } from 'vitest';
import { explainAccessError } from './access-errors';

describe('explainAccessError', () => {
  it("turns Chrome's raw host-permission error into what to do, with a grant button", () => {
    const raw =
      'Cannot access contents of url "http://127.0.0.1:5173/demo/canvas". Extension manifest must request permission to access this host.';
    const p = explainAccessError(raw, '127.0.0.1');
    expect(p.canGrant).toBe(true);
    expect(p.text).toMatch(/^Sightline needs your permission to read pages on 127\.0\.0\.1\. Grant it below/);
    expect(p.text).not.toContain('manifest');
    // Firefox's wording.
    expect(explainAccessError('Missing host permission for the tab', 'moodle.example.edu').canGrant).toBe(
      true,
    );
  });

  it('says when no permission can help (browser pages, the add-on store)', () => {
    expect(explainAccessError('Cannot access a chrome:// URL', 'settings')).toEqual({
      text: 'The browser keeps extensions out of its own pages and its add-on store: Sightline cannot run here.',
      canGrant: false,
    });
  });

  it('passes anything else on as it came', () => {
    expect(explainAccessError('No tab with id: 4', 'x')).toEqual({
      text: 'Could not switch the overlay: No tab with id: 4',
      canGrant: false,
    });
  });
});
