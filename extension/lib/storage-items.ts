// What the extension keeps in storage.local, one typed item each (@wxt-dev/storage).
import { storage } from '@wxt-dev/storage';
import { EMPTY_CACHE } from './alert-poller';
import type { SiteInfo } from './server-client';
import { DEFAULT_SETTINGS, type AlertCache, type OverlayPlace, type Settings } from './types';

export const settingsItem = storage.defineItem<Settings>('local:settings', { fallback: DEFAULT_SETTINGS });
/** Per host: the overlay switched on (true) or off (false) by hand; absent = the options decide. */
export const togglesItem = storage.defineItem<Record<string, boolean>>('local:overlayToggles', {
  fallback: {},
});
export const alertCacheItem = storage.defineItem<AlertCache>('local:alerts', { fallback: EMPTY_CACHE });
/** The server's sites (id, origins): which alerts concern which page. */
export const sitesItem = storage.defineItem<SiteInfo[]>('local:sites', { fallback: [] });
export const placeItem = (host: string) =>
  storage.defineItem<OverlayPlace>(`local:overlayPlace:${host}`, {
    fallback: { x: null, y: null, collapsed: false },
  });
