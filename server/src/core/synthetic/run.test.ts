import { describe, expect, it, vi } from 'vitest';
import { CheckInputSchema, type Check } from '../../../../shared/checks';
import type { HttpProbe, ProbeRequest, ProbeResponse } from '../../ports';
import { addressPolicy } from './guard';
import { MAX_REDIRECTS, runCheck } from './run';

const NOW = Date.UTC(2026, 10, 27, 12, 0);

function check(extra: Record<string, unknown> = {}): Check {
  return {
    ...CheckInputSchema.parse({ name: 'Home', url: 'https://tool.example/', ...extra }),
    id: 'home',
    site: 'site_a',
  };
}

/** A probe answering from a table of URL → response, recording each request. */
function fakeProbe(answers: Record<string, Partial<ProbeResponse>>) {
  const requests: ProbeRequest[] = [];
  const probe: HttpProbe = async (req) => {
    requests.push(req);
    const a = answers[req.url.href];
    if (!a) throw new Error(`connect ECONNREFUSED ${req.url.host}`);
    return { status: 200, location: null, body: '', ...a };
  };
  return { probe, requests };
}

const deps = (probe: HttpProbe, allowPrivate = false) => ({
  probe,
  policy: addressPolicy(allowPrivate),
  clock: () => NOW,
});

describe('runCheck', () => {
  it('passes on the expected status and reads no body without a body assertion', async () => {
    const { probe, requests } = fakeProbe({ 'https://tool.example/': { status: 204 } });
    expect(await runCheck(check(), deps(probe))).toEqual({
      checkId: 'home',
      at: NOW,
      ok: true,
      status: 204,
      latencyMs: 0,
      error: null,
    });
    expect(requests[0]).toMatchObject({ method: 'GET', maxBodyBytes: 0 });
  });

  it('fails on another status, naming both', async () => {
    const { probe } = fakeProbe({ 'https://tool.example/': { status: 503 } });
    expect(await runCheck(check(), deps(probe))).toMatchObject({
      ok: false,
      status: 503,
      error: 'status 503, expected "2xx"',
    });
  });

  it('fails on the body assertion with what was found', async () => {
    const { probe, requests } = fakeProbe({ 'https://tool.example/': { body: '{"status":"warn"}' } });
    const run = await runCheck(check({ expectedBody: { path: '$.status', equals: 'pass' } }), deps(probe));
    expect(run).toMatchObject({ ok: false, status: 200, error: '$.status is "warn", expected "pass"' });
    expect(requests[0].maxBodyBytes).toBe(1024 * 1024);
  });

  it('reports a connection failure as a failed run', async () => {
    const { probe } = fakeProbe({});
    expect(await runCheck(check(), deps(probe))).toMatchObject({
      ok: false,
      status: null,
      error: 'connect ECONNREFUSED tool.example',
    });
  });

  it('follows redirects, resolving relative locations, and 303 turns a POST into a GET', async () => {
    const { probe, requests } = fakeProbe({
      'https://tool.example/': { status: 301, location: '/login' },
      'https://tool.example/login': { status: 303, location: 'https://sso.example/start?x=1' },
      'https://sso.example/start?x=1': { status: 200 },
    });
    expect(await runCheck(check({ method: 'POST' }), deps(probe))).toMatchObject({ ok: true, status: 200 });
    expect(requests.map((r) => `${r.method} ${r.url.href}`)).toEqual([
      'POST https://tool.example/',
      'GET https://tool.example/login',
      'GET https://sso.example/start?x=1',
    ]);
  });

  it('does not follow a redirect the check expects', async () => {
    const { probe, requests } = fakeProbe({ 'https://tool.example/': { status: 302, location: '/login' } });
    expect(await runCheck(check({ expectedStatus: 302 }), deps(probe))).toMatchObject({
      ok: true,
      status: 302,
    });
    expect(requests).toHaveLength(1);
  });

  it(`gives up after ${MAX_REDIRECTS} redirects`, async () => {
    const answers = Object.fromEntries(
      Array.from({ length: 10 }, (_, i) => [
        `https://tool.example/${i}`,
        { status: 302, location: `/${i + 1}` },
      ]),
    );
    const { probe, requests } = fakeProbe(answers);
    expect(await runCheck(check({ url: 'https://tool.example/0' }), deps(probe))).toMatchObject({
      ok: false,
      error: `more than ${MAX_REDIRECTS} redirects`,
    });
    expect(requests).toHaveLength(MAX_REDIRECTS + 1);
  });

  it('refuses a redirect to a private or metadata address before requesting it', async () => {
    for (const location of [
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/',
      'http://[::1]/',
      'http://2130706433/',
      'http://localhost/',
    ]) {
      const { probe, requests } = fakeProbe({ 'https://tool.example/': { status: 302, location } });
      const run = await runCheck(check(), deps(probe));
      expect(run.ok).toBe(false);
      expect(run.error).toMatch(/^redirect to .* refused: .*(is a|loopback name)/);
      expect(requests).toHaveLength(1);
    }
  });

  it('refuses a private target without sending anything, unless allowed', async () => {
    const probe = vi.fn<HttpProbe>(async () => ({ status: 200, location: null, body: '' }));
    for (const url of ['http://127.0.0.1:9/', 'http://10.0.0.1/', 'http://169.254.169.254/']) {
      expect((await runCheck(check({ url }), deps(probe))).error).toMatch(/^refused: /);
    }
    expect(probe).not.toHaveBeenCalled();
    expect((await runCheck(check({ url: 'http://10.0.0.1/' }), deps(probe, true))).ok).toBe(true);
    expect((await runCheck(check({ url: 'http://169.254.169.254/' }), deps(probe, true))).error).toMatch(
      /metadata/,
    );
  });

  it('times out the whole run, redirects included', async () => {
    vi.useFakeTimers();
    try {
      const probe: HttpProbe = (req) =>
        new Promise((_, reject) => req.signal.addEventListener('abort', () => reject(new Error('aborted'))));
      const pending = runCheck(check({ timeoutSeconds: 2 }), deps(probe));
      await vi.advanceTimersByTimeAsync(2_000);
      expect(await pending).toMatchObject({ ok: false, status: null, error: 'timed out after 2000 ms' });
    } finally {
      vi.useRealTimers();
    }
  });
});
