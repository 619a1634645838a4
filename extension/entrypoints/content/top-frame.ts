// The top frame: decides whether the overlay runs here, feeds its model (own
// readings, tool frames' reports, field p75, alerts) and answers the popup and
// the background (summary, snapshot data).
import { effect } from '@preact/signals';
import { browser } from 'wxt/browser';
import { alertsForPage } from '../../lib/alerts';
import type { ContentMessage, SnapshotData, TabSummary } from '../../lib/messages';
import { overlayDecision } from '../../lib/site-match';
import { alertCacheItem, placeItem, settingsItem, sitesItem, togglesItem } from '../../lib/storage-items';
import type { FieldVitals, FrameReport } from '../../lib/types';
import { createOverlayModel } from '../../models/overlay-model';
import type { MeasuredFrame } from './frame-state';
import { mountOverlay, type MountedOverlay } from './overlay';
import { deviceInfo, navigationTiming, longTaskSummary, slowestResources } from './page-details';

export async function startTopFrame(frame: MeasuredFrame) {
  frame.refresh();
  const host = location.hostname;
  const model = createOverlayModel(frame.report);
  frame.onChange((r) => (model.local.value = r));
  const place = placeItem(host);
  model.place.value = await place.getValue();

  // Tool frames' reports: those sent before this frame was ready, then as they come.
  const known = (await browser.runtime.sendMessage({ type: 'frame-reports' }).catch(() => null)) as Record<
    string,
    FrameReport
  > | null;
  for (const [id, r] of Object.entries(known ?? {})) model.setToolFrame(id, r);

  // Field p75, once per (origin, route).
  const asked = new Map<string, string>();
  effect(() => {
    for (const f of model.frames.value) {
      const want = `${f.origin}|${f.route}`;
      if (asked.get(f.key) === want) continue;
      asked.set(f.key, want);
      browser.runtime
        .sendMessage({ type: 'field', origin: f.origin, route: f.route })
        .then((v: FieldVitals) => v && model.setField(f.key, v))
        .catch((err: unknown) => model.setField(f.key, { state: 'error', message: String(err) }));
    }
  });

  // Alerts about this page's sites, from the background's cache.
  const updateAlerts = async () => {
    const [cache, sites] = await Promise.all([alertCacheItem.getValue(), sitesItem.getValue()]);
    model.alerts.value = alertsForPage(cache.alerts, sites, model.frames.value);
  };
  alertCacheItem.watch(() => void updateAlerts());
  sitesItem.watch(() => void updateAlerts());
  effect(() => (model.frames.value, void updateAlerts()));

  let mounted: MountedOverlay | null = null;
  let decision = { on: false, reason: 'off' as string };
  const decide = async () => {
    const [settings, toggles] = await Promise.all([settingsItem.getValue(), togglesItem.getValue()]);
    decision = overlayDecision(host, model.local.value.platform, settings, toggles);
    model.visible.value = decision.on;
    if (decision.on && !mounted)
      mounted = mountOverlay(model, frame.nodes, () => void place.setValue(model.place.value));
    if (!decision.on && mounted) (mounted.unmount(), (mounted = null));
  };
  settingsItem.watch(() => void decide());
  togglesItem.watch(() => void decide());
  // Page-world globals (Canvas's ENV) may arrive after the DOM: decide again on a platform change.
  let platform = model.local.value.platform;
  frame.onChange((r) => r.platform !== platform && ((platform = r.platform), void decide()));
  await decide();

  browser.runtime.onMessage.addListener((message: ContentMessage, _sender, respond) => {
    switch (message.type) {
      case 'frame-report':
        model.setToolFrame(String(message.frameId), message.report);
        return;
      case 'summary': {
        const summary: TabSummary = {
          host,
          overlayOn: decision.on,
          reason: decision.reason,
          frames: model.frames.value,
          field: model.field.value,
        };
        respond(summary);
        return;
      }
      case 'snapshot-data':
        respond(snapshotData(frame, model.frames.value, model.field.value));
        return;
    }
  });
}

function snapshotData(
  frame: MeasuredFrame,
  frames: FrameReport[],
  field: Record<string, FieldVitals>,
): SnapshotData {
  const top = frames[0];
  return {
    url: top.url,
    title: top.title,
    lms: {
      platform: frames.find((f) => f.platform !== 'other')?.platform ?? 'other',
      toolFrame: frames.length > 1,
    },
    frames: frames.map((f) => {
      const fv = field[f.key];
      return {
        url: f.url,
        route: f.route,
        title: f.title,
        platform: f.platform,
        framed: f.framed,
        errors: f.errors,
        vitals: Object.values(f.vitals).map((v) => ({
          ...v!,
          fieldP75: fv?.state === 'ok' ? (fv.metrics[v!.name]?.p75 ?? null) : undefined,
        })),
      };
    }),
    navigation: navigationTiming(),
    resources: slowestResources(10),
    longTasks: longTaskSummary(),
    errors: frame.errors.map((e) => ({ ...e })),
    device: deviceInfo(),
  };
}
