// The seed's LTIMetrics as thin typed helpers: launches, deep-link steps,
// Names and Roles requests and grade posts, each one `lti` event. Helpers turn
// what an LTI 1.3 message carries (issuer URL, role and context-type URIs) into
// the protocol's bounded values.
import { hashHex } from '../shared/hash';
import type { DeepLinkStage, GradeErrorKind, LtiRole } from '../shared/server-limits';
import type { LtiEvent } from '../shared/server-protocol';
import { clampMs, truncate, type ServerEventInput } from './events';

/** `https://canvas.instructure.com` → `canvas.instructure.com`; a bare host is lower-cased. */
export function issuerHost(issuer: string): string {
  try {
    return new URL(issuer).host.toLowerCase() || 'unknown';
  } catch {
    const host = issuer
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9.:[\]-]/g, '');
    return truncate(host, 253) || 'unknown';
  }
}

// LTI 1.3 role URIs (https://www.imsglobal.org/spec/lti/v1p3#role-vocabularies) and LTI 1.1 short names.
const ROLE_RULES: [LtiRole, RegExp][] = [
  [
    'admin',
    /(?:^|[#/])(?:Administrator|SysAdmin|SysSupport)$|institution\/person#Administrator|system\/person#(?:Administrator|SysAdmin)/i,
  ],
  ['ta', /TeachingAssistant/i],
  ['instructor', /(?:^|[#/])(?:Instructor|ContentDeveloper|Faculty)$/i],
  ['learner', /(?:^|[#/])(?:Learner|Student)$/i],
];

/** The dashboard's role bucket for a launch's roles claim, most privileged first; `other` when none fits. */
export function roleBucket(roles: string | readonly string[] | undefined): LtiRole {
  const list = typeof roles === 'string' ? roles.split(',') : (roles ?? []);
  for (const [bucket, pattern] of ROLE_RULES) if (list.some((r) => pattern.test(r.trim()))) return bucket;
  return 'other';
}

/** `http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering` → `CourseOffering`. */
export function contextTypeName(types: string | readonly string[] | undefined): string | undefined {
  const first = typeof types === 'string' ? types : types?.[0];
  if (!first) return undefined;
  return truncate(first.slice(Math.max(first.lastIndexOf('#'), first.lastIndexOf('/')) + 1) || first, 64);
}

/** Why a score post failed, from the platform's HTTP status (none: the request never got an answer). */
export function gradeErrorKind(status?: number): GradeErrorKind {
  if (status === undefined || status === 0) return 'network';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status === 400 || status === 409 || status === 422) return 'invalid';
  return status >= 500 ? 'platform' : 'other';
}

/** What every helper takes: the outcome, the platform (issuer URL or host) and, when known, how long it took. */
export interface LtiCall {
  ok: boolean;
  platform: string;
  duration?: number;
}

export interface LaunchInput extends LtiCall {
  /** The context claim's `type` (URIs or short names). */
  contextType?: string | readonly string[];
  /** A bucket, or the roles claim to bucket. */
  role?: LtiRole;
  roles?: string | readonly string[];
  /**
   * The launch's OIDC `state`, as the login initiation made it: joins this launch with
   * its login and its page (see `login`). Only a hash of it is sent.
   */
  state?: string;
  /** When the launch request arrived (epoch ms); the duration is then until now. */
  startedAt?: number;
  /** Where in the LMS it was launched from, e.g. Canvas's `https://www.instructure.com/placement` claim. */
  placement?: string;
  /** The route pattern of the page this launch answers with, e.g. `/lti/launch`. */
  route?: string;
}

export interface LoginInput {
  /** The OIDC `state` the tool made for this login and sends on to the platform. */
  state: string;
  /** The issuer (`iss` of the login initiation), URL or host. */
  platform: string;
  /** When the login initiation request arrived (epoch ms); it is timed until now. */
  startedAt: number;
}

/** What a launch gives the page it answers with: set `serverTiming` as the response's `Server-Timing` header. */
export interface LaunchTiming {
  /** The launch's key: a hash of its state. */
  key: string;
  /** `lti-launch;desc=<key>`: the widget reads it from the page's navigation entry. */
  serverTiming: string;
}

export interface GradeInput extends LtiCall {
  /** The platform's HTTP status when the post failed; the error kind is derived from it. */
  status?: number;
  errorKind?: GradeErrorKind;
}

export interface LtiMonitor {
  /**
   * The OIDC login initiation (LTI 1.3 §5.1.1), once its `state` is made and before the
   * redirect to the platform goes out: the launch's first stage.
   */
  login(input: LoginInput): void;
  /**
   * A launch. With `state`, it is joined with its login and its page into one launch
   * time; the answer then carries the header that hands the key to the page.
   */
  launch(input: LaunchInput): LaunchTiming | undefined;
  /** `created`: content items returned to the platform; `used`: a deep-linked item launched; `succeeded`: it worked. */
  deepLink(stage: DeepLinkStage, input: LtiCall): void;
  /** One Names and Roles Provisioning Services request. */
  nrps(input: LtiCall): void;
  /** One Assignment and Grade Services score post. */
  grade(input: GradeInput): void;
}

type LtiInput = Omit<LtiEvent, 'id' | 't'> & { t?: number };

/** A launch's key: two 53-bit hashes of its state (the state itself, a CSRF token, never leaves the tool). */
export const launchKey = (state: string) => hashHex(`lti-launch:${state}`) + hashHex(state, 1);

/** Placements are free text in LMS claims; the protocol takes a bounded token. */
const placementOf = (p: string) => truncate(p.trim().replace(/[^\w.:-]+/g, '_'), 64) || undefined;

/** `startedAt` as the event's time and its duration until `now`, when it is a plausible time. */
function timed(event: LtiInput, startedAt: number | undefined, now: number) {
  if (typeof startedAt !== 'number' || !Number.isFinite(startedAt) || startedAt <= 0) return;
  event.t = Math.floor(startedAt);
  event.duration = clampMs(now - startedAt);
}

function base(action: LtiEvent['action'], input: LtiCall): LtiInput {
  const event: LtiInput = {
    kind: 'lti',
    action,
    ok: Boolean(input.ok),
    platform: issuerHost(String(input.platform ?? '')),
  };
  if (typeof input.duration === 'number') event.duration = clampMs(input.duration);
  return event;
}

export function createLtiMonitor(
  record: (event: ServerEventInput) => void,
  clock: () => number = Date.now,
): LtiMonitor {
  return {
    login(input) {
      const event = base('login', { ok: true, platform: input.platform });
      timed(event, input.startedAt, clock());
      event.launch = launchKey(String(input.state));
      record(event);
    },
    launch(input) {
      const event = base('launch', input);
      timed(event, input.startedAt, clock());
      const contextType = contextTypeName(input.contextType);
      if (contextType) event.contextType = contextType;
      if (input.role || input.roles) event.role = input.role ?? roleBucket(input.roles);
      const placement = input.placement && placementOf(String(input.placement));
      if (placement) event.placement = placement;
      if (input.route) event.route = truncate(String(input.route), 256);
      if (input.state === undefined) return void record(event);
      const key = (event.launch = launchKey(String(input.state)));
      record(event);
      return { key, serverTiming: `lti-launch;desc=${key}` };
    },
    deepLink: (stage, input) => record({ ...base('deep_link', input), stage }),
    nrps: (input) => record(base('nrps', input)),
    grade(input) {
      const event = base('grade', input);
      if (!event.ok) event.errorKind = input.errorKind ?? gradeErrorKind(input.status);
      record(event);
    },
  };
}
