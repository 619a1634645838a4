// The browser extension (extension/): built for Chrome (MV3) and Firefox by
// `npm run build` (`wxt build`, `wxt build -b firefox`). WXT has no Preact module,
// so the Preact preset goes in through `vite`.
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

export default defineConfig({
  srcDir: 'extension',
  outDir: '.output',
  publicDir: 'extension/public',
  // Explicit imports only (STYLE.md: one explicit export list, no globals).
  imports: false,
  // The preset's types come from the root vite (vitest's); wxt builds with its own vite 7.
  // The plugin objects work with both, only their types differ: hence the cast.
  vite: () => ({
    plugins: [preact({ prefreshEnabled: false, devToolsEnabled: false }) as never],
  }),
  manifest: ({ browser, manifestVersion }) => ({
    name: 'Sightline',
    description: 'Live page metrics, Sightline alerts and one-click performance snapshots for LTI tools in Canvas and Moodle.',
    permissions: ['storage', 'alarms', 'notifications', 'downloads', 'activeTab', 'tabs'],
    // The Sightline server's origin is asked for at run time (options page), never at install.
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    // MV2 (Firefox) has no optional_host_permissions: origins go in optional_permissions.
    ...(manifestVersion === 2 ? { optional_permissions: ['http://*/*', 'https://*/*'] } : {}),
    ...(browser === 'firefox' ? { browser_specific_settings: { gecko: { id: 'sightline@sightline.dev', strict_min_version: '115.0' } } } : {}),
    web_accessible_resources: [
      { resources: ['page-errors.js'], matches: ['<all_urls>'] },
    ],
    commands: {
      'toggle-overlay': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: 'Show or hide the Sightline overlay on this site',
      },
    },
  }),
});
