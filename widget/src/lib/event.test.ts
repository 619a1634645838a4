import { describe, expect, it } from 'vitest';
import { cleanUrl, LTI_PARAMS, scrubText } from './event';

describe('cleanUrl', () => {
  it('drops query string, fragment and credentials', () => {
    expect(cleanUrl('https://u:p@tool.example.edu/launch/?token=secret&x=1#frag')).toBe(
      'https://tool.example.edu/launch/',
    );
  });

  it('keeps only allow-listed parameters, in their order', () => {
    const url = 'https://tool.example.edu/quiz?attempt=3&session=abc&page=2&utm=x';
    expect(cleanUrl(url, ['page', 'attempt'])).toBe('https://tool.example.edu/quiz?attempt=3&page=2');
  });

  it('never keeps LTI launch parameters, even allow-listed', () => {
    const query = LTI_PARAMS.map((p) => `${p}=v`).join('&');
    expect(cleanUrl(`https://tool.example.edu/lti/launch?${query}&course=7`, [...LTI_PARAMS, 'course'])).toBe(
      'https://tool.example.edu/lti/launch?course=7',
    );
  });

  it('answers empty for what is not a URL and cuts long ones to the protocol limit', () => {
    expect(cleanUrl('not a url')).toBe('');
    expect(cleanUrl(`https://tool.example.edu/${'a'.repeat(5_000)}`)).toHaveLength(2_048);
  });
});

describe('scrubText', () => {
  it('removes queries from stack frames, keeping line and column', () => {
    const stack = [
      'Error: boom',
      '    at save (https://tool.example.edu/app.js?v=3&id_token=eyJhbGci.x-y:10:5)',
      '    at https://tool.example.edu/lti/launch?login_hint=abc#top:2:1',
      'save@https://tool.example.edu/app.js?state=s:10:5',
    ].join('\n');
    expect(scrubText(stack, 8_192)).toBe(
      [
        'Error: boom',
        '    at save (https://tool.example.edu/app.js:10:5)',
        '    at https://tool.example.edu/lti/launch:2:1',
        'save@https://tool.example.edu/app.js:10:5',
      ].join('\n'),
    );
  });

  it('removes queries from URLs in messages and leaves other text alone', () => {
    expect(
      scrubText('Failed to fetch https://api.example/x?id_token=abc. Why? (see https://d.example/?q=1)', 200),
    ).toBe('Failed to fetch https://api.example/x Why? (see https://d.example/)');
    expect(scrubText('x'.repeat(50), 10)).toBe('x'.repeat(10));
  });
});

describe('personal data', () => {
  it('is scrubbed from URLs, kept parameters included', () => {
    expect(
      cleanUrl('https://tool.example.edu/students/20231187/grades?email=jo@uni.example&page=2', [
        'email',
        'page',
      ]),
    ).toBe('https://tool.example.edu/students/[number]/grades?email=[email]&page=2');
  });

  it('is scrubbed from messages and stacks after the queries go', () => {
    expect(
      scrubText(
        'No grade for jo@uni.example (20231187): Bearer abc.def at https://tool.example.edu/g?id_token=x:3:1',
        200,
      ),
    ).toBe('No grade for [email] ([number]): Bearer [token] at https://tool.example.edu/g:3:1');
  });
});
