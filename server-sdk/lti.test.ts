import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { ServerEventInput } from './events';
import { fakeClock, fakeCollector } from './fake-collector';
import { createSightline } from './index';
import { contextTypeName, createLtiMonitor, gradeErrorKind, issuerHost, launchKey, roleBucket } from './lti';

const LIS = 'http://purl.imsglobal.org/vocab/lis/v2';

describe('issuerHost', () => {
  it.each([
    ['https://canvas.instructure.com', 'canvas.instructure.com'],
    ['https://Moodle.Example.edu/', 'moodle.example.edu'],
    ['https://lms.example.edu:8443/moodle', 'lms.example.edu:8443'],
    ['canvas.test.instructure.com', 'canvas.test.instructure.com'],
    ['', 'unknown'],
  ])('%s → %s', (issuer, host) => {
    expect(issuerHost(issuer)).toBe(host);
  });
});

describe('roleBucket', () => {
  it.each([
    [[`${LIS}/membership#Learner`, `${LIS}/institution/person#Student`], 'learner'],
    [[`${LIS}/membership#Instructor`], 'instructor'],
    [[`${LIS}/membership/Instructor#TeachingAssistant`, `${LIS}/membership#Instructor`], 'ta'],
    [[`${LIS}/institution/person#Administrator`, `${LIS}/membership#Instructor`], 'admin'],
    [[`${LIS}/membership#ContentDeveloper`], 'instructor'],
    [[`${LIS}/membership#Mentor`], 'other'],
    ['Instructor,urn:lti:role:ims/lis/Learner', 'instructor'],
    ['urn:lti:role:ims/lis/TeachingAssistant', 'ta'],
    [[], 'other'],
    [undefined, 'other'],
  ])('%j → %s', (roles, bucket) => {
    expect(roleBucket(roles)).toBe(bucket);
  });
});

describe('contextTypeName', () => {
  it('keeps the short name of the first context type', () => {
    expect(contextTypeName([`${LIS}/course#CourseOffering`, `${LIS}/course#CourseSection`])).toBe(
      'CourseOffering',
    );
    expect(contextTypeName('Group')).toBe('Group');
    expect(contextTypeName(undefined)).toBeUndefined();
  });
});

describe('gradeErrorKind', () => {
  it.each([
    [undefined, 'network'],
    [401, 'auth'],
    [403, 'auth'],
    [404, 'not_found'],
    [422, 'invalid'],
    [429, 'rate_limited'],
    [502, 'platform'],
    [418, 'other'],
  ])('%s → %s', (status, kind) => {
    expect(gradeErrorKind(status)).toBe(kind);
  });
});

describe('createLtiMonitor', () => {
  it('records launches, deep-link steps, NRPS requests and grade posts as lti events', () => {
    const events: ServerEventInput[] = [];
    const lti = createLtiMonitor((e) => events.push(e));
    lti.launch({
      ok: true,
      duration: 230.456,
      platform: 'https://canvas.instructure.com',
      contextType: [`${LIS}/course#CourseOffering`],
      roles: [`${LIS}/membership#Learner`],
    });
    lti.launch({ ok: false, platform: 'moodle.example.edu', role: 'instructor' });
    lti.deepLink('created', { ok: true, platform: 'https://canvas.instructure.com' });
    lti.nrps({ ok: true, duration: 410, platform: 'https://canvas.instructure.com' });
    lti.grade({ ok: false, duration: 95, platform: 'https://canvas.instructure.com', status: 429 });
    lti.grade({ ok: true, platform: 'https://canvas.instructure.com', status: 200 });
    expect(events).toEqual([
      {
        kind: 'lti',
        action: 'launch',
        ok: true,
        duration: 230.46,
        platform: 'canvas.instructure.com',
        contextType: 'CourseOffering',
        role: 'learner',
      },
      { kind: 'lti', action: 'launch', ok: false, platform: 'moodle.example.edu', role: 'instructor' },
      { kind: 'lti', action: 'deep_link', ok: true, platform: 'canvas.instructure.com', stage: 'created' },
      { kind: 'lti', action: 'nrps', ok: true, duration: 410, platform: 'canvas.instructure.com' },
      {
        kind: 'lti',
        action: 'grade',
        ok: false,
        duration: 95,
        platform: 'canvas.instructure.com',
        errorKind: 'rate_limited',
      },
      { kind: 'lti', action: 'grade', ok: true, platform: 'canvas.instructure.com' },
    ]);
  });
});

describe('the launch chain', () => {
  it('times login initiation and launch on hand-built requests, keyed by a hash of the state, and hands the key to the page', async () => {
    const collector = fakeCollector();
    const clock = fakeClock();
    const sightline = createSightline({
      endpoint: 'https://sightline.test/v1/ingest/server',
      token: 'sl_ingest_x',
      fetch: collector.fetch,
      clock,
      flushIntervalMs: 0,
    });
    const app = new Hono();
    const state = 'state-3f9c1e';
    app.post('/lti/login', async (c) => {
      const startedAt = clock();
      const form = await c.req.formData();
      clock.advance(12); // making the state and nonce, storing them
      sightline.lti.login({ state, platform: String(form.get('iss')), startedAt });
      return c.redirect(`https://lms.test/auth?state=${state}`, 302);
    });
    app.post('/lti/launch', async (c) => {
      const startedAt = clock();
      const form = await c.req.formData();
      clock.advance(240); // validating the id_token, rendering
      const timing = sightline.lti.launch({
        ok: true,
        platform: 'https://canvas.test',
        state: String(form.get('state')),
        startedAt,
        placement: 'course navigation!',
        route: '/lti/launch',
      });
      return c.html('<p>tool</p>', 200, { 'server-timing': timing!.serverTiming });
    });

    const t0 = clock();
    await app.fetch(
      new Request('https://tool.test/lti/login', {
        method: 'POST',
        body: new URLSearchParams({ iss: 'https://canvas.test' }),
      }),
    );
    clock.advance(900); // the LMS authenticates and posts back
    const page = await app.fetch(
      new Request('https://tool.test/lti/launch', {
        method: 'POST',
        body: new URLSearchParams({ state, id_token: 'x' }),
      }),
    );
    const key = launchKey(state);
    expect(key).toMatch(/^[0-9a-f]{28}$/);
    expect(key).not.toContain(state);
    expect(page.headers.get('server-timing')).toBe(`lti-launch;desc=${key}`);

    await sightline.flush();
    // fakeCollector accepts only what the server's schemas accept.
    expect(collector.events()).toMatchObject([
      { kind: 'lti', action: 'login', ok: true, platform: 'canvas.test', t: t0, duration: 12, launch: key },
      {
        kind: 'lti',
        action: 'launch',
        platform: 'canvas.test',
        t: t0 + 912,
        duration: 240,
        launch: key,
        placement: 'course_navigation_',
        route: '/lti/launch',
      },
    ]);
  });

  it('keeps a launch without a state as before: no key, nothing for the page', () => {
    const events: ServerEventInput[] = [];
    expect(
      createLtiMonitor((e) => events.push(e)).launch({ ok: true, platform: 'canvas.test' }),
    ).toBeUndefined();
    expect(events).toEqual([{ kind: 'lti', action: 'launch', ok: true, platform: 'canvas.test' }]);
  });
});
