// Snapshot bounds without zod, for the extension's bundles.

/** The screenshot is a data URL (PNG or JPEG), ≤ about 1.9 MB of base64 so a request stays under 2 MB. */
export const MAX_SCREENSHOT_CHARS = 1_900_000;
/** The whole POST /v1/snapshots body; D1 caps a row at 2,000,000 bytes too. */
export const MAX_SNAPSHOT_BYTES = 2_000_000;
/** Support codes: `SL-` and 6 Crockford base32 characters (no I, L, O, U), grouped 4-2. */
export const SUPPORT_CODE = /^SL-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{2}$/;
