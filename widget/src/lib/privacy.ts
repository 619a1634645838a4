// The browser's own privacy signals: Global Privacy Control (https://globalprivacycontrol.org/,
// a legal opt-out under CCPA and read as an objection under GDPR) and the older Do Not Track.

export type PrivacySignalChoice = 'no-user' | 'no-collection';

type Signals = { globalPrivacyControl?: boolean; doNotTrack?: string | null };

/**
 * True when the user's browser asks not to be tracked: GPC on, or DNT "1". (Only IE, old
 * Edge and old Safari kept DNT on window; none of them runs this bundle's ES2022.)
 */
export function asksNotToTrack(nav: Signals): boolean {
  return nav.globalPrivacyControl === true || nav.doNotTrack === '1';
}
