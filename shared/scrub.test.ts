import { describe, expect, it } from 'vitest';
import { scrub } from './scrub';

describe('scrub', () => {
  it('replaces emails', () => {
    expect(scrub('TypeError: no grade for jane.doe+math@students.example.edu in row 4')).toBe(
      'TypeError: no grade for [email] in row 4',
    );
    expect(scrub('/grades?email=jo%40uni.example&x=1')).toBe('/grades?email=[email]&x=1');
  });

  it('replaces runs of six or more digits, not shorter numbers or digits inside words', () => {
    expect(scrub('student 20231187 not enrolled in course 101 (retry 3)')).toBe(
      'student [number] not enrolled in course 101 (retry 3)',
    );
    expect(scrub('https://tool.example/users/4401234/grades?x=1')).toBe(
      'https://tool.example/users/[number]/grades?x=1',
    );
    expect(scrub('at save (https://tool.example/app.js:12345:67)')).toBe(
      'at save (https://tool.example/app.js:12345:67)',
    );
    expect(scrub('chunk-a1234567b.js and 0x12345678')).toBe('chunk-a1234567b.js and 0x12345678');
  });

  it('replaces JWTs, such as an LTI 1.3 id_token, whole', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLWJ5dGVz';
    expect(scrub(`invalid token ${jwt} (expired)`)).toBe('invalid token [jwt] (expired)');
  });

  it('replaces bearer tokens, keeping the scheme as written', () => {
    expect(scrub('401 for Authorization: Bearer 7Fj3k~x.q/9+Z== at /api')).toBe(
      '401 for Authorization: Bearer [token] at /api',
    );
    expect(scrub('bearer abc123')).toBe('bearer [token]');
  });

  it('replaces the values of LTI, OAuth and session parameters wherever they appear', () => {
    expect(
      scrub(
        'POST /launch?oauth_consumer_key=k1&oauth_signature=a%2Fb&lis_person_contact_email_primary=x&user_id=abc&page=2',
      ),
    ).toBe(
      'POST /launch?oauth_consumer_key=[redacted]&oauth_signature=[redacted]&lis_person_contact_email_primary=[redacted]&user_id=[redacted]&page=2',
    );
    expect(scrub('login failed: state=s3cr3t login_hint=42 lti_message_hint=zz')).toBe(
      'login failed: state=[redacted] login_hint=[redacted] lti_message_hint=[redacted]',
    );
    expect(scrub('#access_token=abc&token_type=bearer')).toBe('#access_token=[redacted]&token_type=bearer');
  });

  it('leaves text without personal data as it was', () => {
    const text =
      "TypeError: Cannot read properties of undefined (reading 'score')\n    at render (app.js:10:5)";
    expect(scrub(text)).toBe(text);
    expect(scrub('')).toBe('');
  });
});
