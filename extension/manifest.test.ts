// The built extension's manifests (`npm run build` writes .output/chrome-mv3 and .output/firefox-mv2).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const out = (dir: string) => fileURLToPath(new URL(`../.output/${dir}/manifest.json`, import.meta.url));
const read = (dir: string) => JSON.parse(readFileSync(out(dir), 'utf8'));

describe.skipIf(!existsSync(out('firefox-mv2')))('the Firefox build', () => {
  it('is MV2 with a gecko id, origins as optional permissions and no <all_urls> host permission', () => {
    const m = read('firefox-mv2');
    expect(m.manifest_version).toBe(2);
    expect(m.browser_specific_settings.gecko.id).toBe('sightline@sightline.dev');
    expect(m.optional_permissions).toEqual(['http://*/*', 'https://*/*']);
    expect(m.permissions).not.toContain('<all_urls>');
    expect(m.permissions).toEqual(expect.arrayContaining(['storage', 'alarms', 'notifications', 'downloads']));
    expect(m.background.scripts).toEqual(['background.js']);
    expect(m.browser_action.default_popup).toBe('popup.html');
    expect(m.options_ui.page).toBe('options.html');
    expect(m.web_accessible_resources).toEqual(['page-errors.js']);
    expect(m.content_scripts[0]).toMatchObject({ all_frames: true, run_at: 'document_start' });
    expect(m.commands['toggle-overlay'].suggested_key.default).toBe('Alt+Shift+S');
  });
});

describe.skipIf(!existsSync(out('chrome-mv3')))('the Chrome build', () => {
  it('is MV3 and asks for host permissions only at run time', () => {
    const m = read('chrome-mv3');
    expect(m.manifest_version).toBe(3);
    expect(m.host_permissions).toBeUndefined();
    expect(m.optional_host_permissions).toEqual(['http://*/*', 'https://*/*']);
    expect(m.background.service_worker).toBe('background.js');
    expect(m.icons['128']).toBe('icon/128.png');
  });
});
