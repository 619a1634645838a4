// The browser's own words when the extension may not touch a page ("Cannot access
// contents of url … Extension manifest must request permission to access this host")
// turned into what a support person can do about it.

export interface AccessProblem {
  text: string;
  /** Asking for the site's access would fix it: the popup offers a grant button. */
  canGrant: boolean;
}

const NO_HOST_ACCESS =
  /cannot access contents of|must request permission|missing host permission|permission to access|no host permission/i;
const BROWSER_PAGE =
  /cannot access a chrome|chrome-extension:|about:|extensions gallery cannot be scripted|moz-extension:|addons\.mozilla\.org/i;

export function explainAccessError(message: string, host: string): AccessProblem {
  if (BROWSER_PAGE.test(message))
    return {
      text: 'The browser keeps extensions out of its own pages and its add-on store: Sightline cannot run here.',
      canGrant: false,
    };
  if (NO_HOST_ACCESS.test(message))
    return {
      text: `Sightline needs your permission to read pages on ${host}. Grant it below, or open this popup from the toolbar icon while the page is showing: that lets Sightline into this tab until it reloads.`,
      canGrant: true,
    };
  if (/was not granted/.test(message))
    return { text: `${message} The overlay runs here only once it is.`, canGrant: true };
  return { text: `Could not switch the overlay: ${message}`, canGrant: false };
}
