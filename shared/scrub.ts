// Personal data out of free text before it is stored or sent: error messages, stacks,
// URLs and custom props can carry a student's email, student number or a launch's
// tokens. Pure and tiny (no zod, one regular expression pass each) so the widget
// ships it and the server can run the same rules again on what it receives.

/**
 * What is replaced, in this order (a JWT's digits are not a student number):
 * - JWTs (`eyJ…​.…​.…`, LTI 1.3's id_token among them) → `[jwt]`
 * - `Bearer <token>` → `Bearer [token]`
 * - the value of LTI, OAuth and session parameters (`id_token=`, `oauth_signature=`,
 *   `lis_person_contact_email_primary=`, `user_id=` …) wherever they appear → `name=[redacted]`
 * - emails (their @ percent-encoded too, as in a URL) → `[email]`
 * - runs of 6 or more digits standing alone (student and staff numbers, phone numbers) → `[number]`
 */
const RULES: [RegExp, string][] = [
  [/\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, '[jwt]'],
  [/\b(bearer)\s+[\w~+/.-]+=*/gi, '$1 [token]'],
  [
    /\b((?:id_|access_|refresh_)?token|state|code|login_hint|lti_message_hint|client_secret|password|session(?:_?id)?|user_id|oauth_\w+|lis_\w+|ext_user_\w+|custom_\w+)=[^&\s#)"']+/gi,
    '$1=[redacted]',
  ],
  [/[\w.+-]+(?:@|%40)[\w-]+(?:\.[\w-]+)+/g, '[email]'],
  [/\b\d{6,}\b/g, '[number]'],
];

/** `text` with emails, long digit runs, JWTs, bearer tokens and LTI/OAuth parameter values replaced. */
export function scrub(text: string): string {
  for (const [pattern, replacement] of RULES) text = text.replace(pattern, replacement);
  return text;
}
