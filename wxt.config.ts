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
    description:
      'Live page metrics, Sightline alerts and one-click performance snapshots for LTI tools in Canvas and Moodle.',
    // `scripting`: the content script is registered at run time for the sites the user
    // chose and granted (extension/lib/content-registration.ts), and injected into a tab
    // when the overlay is switched on there.
    permissions: ['storage', 'alarms', 'notifications', 'downloads', 'activeTab', 'tabs', 'scripting'],
    // Every origin is asked for at run time, never at install: the Sightline server's and
    // the sites' when the options are saved, a site's when the popup switches it on.
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    // MV2 (Firefox) has no optional_host_permissions: origins go in optional_permissions.
    ...(manifestVersion === 2 ? { optional_permissions: ['http://*/*', 'https://*/*'] } : {}),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: { id: 'sightline@sightline.dev', strict_min_version: '115.0' },
          },
        }
      : {}),
    // The content script puts page-errors.js into the page on whichever site it runs; this
    // lets pages load the file and grants no access to them.
    web_accessible_resources: [{ resources: ['page-errors.js'], matches: ['<all_urls>'] }],
    commands: {
      'toggle-overlay': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: 'Show or hide the Sightline overlay on this site',
      },
    },
  }),
  hooks: {
    // With its only content script registered at run time, WXT still writes an empty
    // `content_scripts`: drop it, so the manifest says plainly that none is declared.
    'build:manifestGenerated': (_wxt, manifest) => {
      if (!manifest.content_scripts?.length) delete manifest.content_scripts;
    },
  },
});
