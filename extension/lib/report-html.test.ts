import { describe, expect, it } from 'vitest';
import type { SnapshotInput } from '../../shared/snapshot';
import type { SnapshotData } from './messages';
import { escapeHtml, renderReportHtml } from './report-html';
import { scrubText, scrubUrl } from './scrub';
import { assembleSnapshot, snapshotFileName } from './snapshot';

const evil = '<img src=x onerror=alert(1)>"\'&';
const data: SnapshotData = {
  url: 'https://canvas.example/courses/1?x=…',
  title: `Quiz ${evil}`,
  lms: { platform: 'canvas', toolFrame: true },
  frames: [
    {
      url: 'https://canvas.example/courses/1',
      route: '/courses/:id',
      title: evil,
      platform: 'canvas',
      framed: false,
      errors: 1,
      vitals: [
        {
          name: 'LCP',
          value: 2600,
          rating: 'needs-improvement',
          target: `div${evil}`,
          detail: `image in ${evil}`,
          parts: { ttfb: 100 },
          fieldP75: 1800,
        },
      ],
    },
    {
      url: 'https://tool.example/launch',
      route: '/launch',
      title: 'Tool',
      platform: 'other',
      framed: true,
      errors: 0,
      vitals: [],
    },
  ],
  navigation: {
    type: 'navigate',
    dns: 1,
    tcp: 2,
    tls: 3,
    ttfb: 90,
    download: 4,
    domInteractive: 300,
    domContentLoaded: 320,
    load: 400,
    transferSize: 1234,
  },
  resources: [
    {
      url: `https://cdn.example/${evil}.js`,
      type: 'script',
      start: 10,
      duration: 900,
      transferSize: 5000,
      status: 200,
    },
  ],
  errors: [
    { message: `TypeError: ${evil}`, stack: `at f (https://tool.example/app.js:1:2)\n${evil}`, count: 2 },
  ],
  device: {
    userAgent: `UA ${evil}`,
    viewport: { width: 1280, height: 800 },
    screen: { width: 1920, height: 1080 },
    devicePixelRatio: 2,
    connection: { effectiveType: '4g', rtt: 50 },
  },
};
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);

describe('snapshot assembly', () => {
  it('adds the time, the version and a screenshot that fits', () => {
    const s = assembleSnapshot(data, 'data:image/jpeg;base64,AAAA', NOW, '0.1.0');
    expect(s).toMatchObject({
      capturedAt: '2026-11-27T12:00:00.000Z',
      extensionVersion: '0.1.0',
      screenshot: 'data:image/jpeg;base64,AAAA',
      url: data.url,
    });
    expect(
      assembleSnapshot(data, `data:image/jpeg;base64,${'A'.repeat(2_000_000)}`, NOW, '0.1.0'),
    ).not.toHaveProperty('screenshot');
    expect(assembleSnapshot(data, null, NOW, '0.1.0')).not.toHaveProperty('screenshot');
    expect(snapshotFileName(s, 'SL-7K3Q-9F')).toBe('sightline-snapshot-2026-11-27T12-00-00Z-SL-7K3Q-9F');
  });
});

describe('the HTML report', () => {
  const html = renderReportHtml(
    assembleSnapshot(data, 'data:image/png;base64,iVBORw0KGgo=', NOW, '0.1.0'),
    'SL-7K3Q-9F',
  );

  it('escapes every untrusted string', () => {
    expect(escapeHtml(evil)).toBe('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // The only <img> is the screenshot, and no script of any kind.
    expect(html.match(/<img /g)).toHaveLength(1);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain("default-src 'none'");
  });

  it('shows the code, the vitals with field p75, timing, resources, errors and the device', () => {
    expect(html).toContain('data-code>SL-7K3Q-9F<');
    expect(html).toContain('2.60 s (needs improvement)');
    expect(html).toContain('1.80 s'); // field p75
    expect(html).toContain('Tool frame: Tool');
    expect(html).toContain('900 ms');
    expect(html).toContain('4g, rtt 50 ms');
    expect(html).toContain(
      '<img alt="The visible tab when the snapshot was taken" src="data:image/png;base64,iVBORw0KGgo=">',
    );
  });

  it('never links to a non-http URL, and drops a screenshot that is not an image data URL', () => {
    const s: SnapshotInput = {
      ...assembleSnapshot(data, null, NOW, '0.1.0'),
      url: 'javascript:alert(1)',
      screenshot: 'data:text/html;base64,PHNjcmlwdD4=',
    };
    const out = renderReportHtml(s, null);
    expect(out).toContain('<a href="#">javascript:alert(1)</a>');
    expect(out).toContain('No screenshot: ');
    expect(out).toContain('toolbar icon');
    expect(out).toContain('Not uploaded');
  });
});

describe('scrubbing', () => {
  it('hides query values and drops LTI launch parameters and fragments', () => {
    expect(scrubUrl('https://tool.example/launch?id_token=eyJ&course=5&state=abc&x=1#frag')).toBe(
      'https://tool.example/launch?course=…&x=…',
    );
    expect(scrubUrl('https://canvas.example/courses/1')).toBe('https://canvas.example/courses/1');
    expect(scrubUrl('not a url')).toBe('');
    expect(scrubText('failed at https://a.example/x.js?token=1:2:3')).toBe(
      'failed at https://a.example/x.js',
    );
  });
});
