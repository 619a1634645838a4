// URLs leave the page only scrubbed: query values hidden (their names say enough
// to support staff), LTI launch parameters and fragments dropped.
const LTI_PARAMS = new Set([
  'id_token',
  'state',
  'login_hint',
  'lti_message_hint',
  'code',
  'token',
  'access_token',
]);

export function scrubUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return '';
  }
  if (!/^https?:$/.test(url.protocol)) return `${url.protocol}//${url.host}${url.pathname}`;
  // forEach, not [...keys()]: in a Firefox content script that iterator is not iterable.
  const kept: string[] = [];
  url.searchParams.forEach((_, k) => void (LTI_PARAMS.has(k.toLowerCase()) || kept.push(k)));
  const query = [...new Set(kept)].map((k) => `${encodeURIComponent(k)}=…`).join('&');
  return `${url.origin}${url.pathname}${query ? `?${query}` : ''}`;
}

/** Text that may contain URLs (error messages, stacks): their query strings go. */
export function scrubText(text: string): string {
  return text.replace(/(https?:\/\/[^\s?#)'"]+)[?#][^\s)'"]*/g, '$1');
}
