// The built extension's manifests (`npm run build` writes .output/chrome-mv3 and .output/firefox-mv2).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const out = (dir: string) => fileURLToPath(new URL(`../.output/${dir}/manifest.json`, import.meta.url));
const read = (dir: string) => JSON.parse(readFileSync(out(dir), 'utf8'));

/** Where `<all_urls>` or a wildcard host appears, other than in the given keys. */
function wideAccessOutside(m: Record<string, unknown>, allowed: string[]): string[] {
  return Object.entries(m)
    .filter(([key]) => !allowed.includes(key))
    .flatMap(([key, value]) => (/<all_urls>|:\/\/\*/.test(JSON.stringify(value)) ? [key] : []));
}

describe.skipIf(!existsSync(out('firefox-mv2')))('the Firefox build', () => {
  it('is MV2 with a gecko id, origins as optional permissions only, and no declared content script', () => {
    const m = read('firefox-mv2');
    expect(m.manifest_version).toBe(2);
    expect(m.browser_specific_settings.gecko.id).toBe('sightline@sightline.dev');
    expect(m.optional_permissions).toEqual(['http://*/*', 'https://*/*']);
    expect(m.permissions).toEqual([
      'storage',
      'alarms',
      'notifications',
      'downloads',
      'activeTab',
      'tabs',
      'scripting',
    ]);
    expect(m.content_scripts).toBeUndefined();
    expect(wideAccessOutside(m, ['optional_permissions'])).toEqual([]);
    expect(m.background.scripts).toEqual(['background.js']);
    expect(m.browser_action.default_popup).toBe('popup.html');
    expect(m.options_ui.page).toBe('options.html');
    expect(m.web_accessible_resources).toEqual(['page-errors.js']);
    expect(m.commands['toggle-overlay'].suggested_key.default).toBe('Alt+Shift+S');
  });
});

describe.skipIf(!existsSync(out('chrome-mv3')))('the Chrome build', () => {
  // Chrome asks at install for the hosts of host_permissions and of declared content scripts.
  it('is MV3 and asks for no site at install: no content_scripts, no host_permissions', () => {
    const m = read('chrome-mv3');
    expect(m.manifest_version).toBe(3);
    expect(m.content_scripts).toBeUndefined();
    expect(m.host_permissions).toBeUndefined();
    expect(m.optional_host_permissions).toEqual(['http://*/*', 'https://*/*']);
    expect(m.permissions).toContain('scripting');
    expect(wideAccessOutside(m, ['optional_host_permissions', 'web_accessible_resources'])).toEqual([]);
    expect(m.web_accessible_resources).toEqual([{ resources: ['page-errors.js'], matches: ['<all_urls>'] }]);
    expect(m.background.service_worker).toBe('background.js');
    expect(m.icons['128']).toBe('icon/128.png');
  });

  it('ships the content script the background registers', () => {
    expect(
      existsSync(fileURLToPath(new URL('../.output/chrome-mv3/content-scripts/content.js', import.meta.url))),
    ).toBe(true);
  });
});
