/**
 * Hash routing, as pure functions (no DOM): `parseHash` turns `location.hash` into a route or an
 * error naming the bad parameter; `formatRoute` is its inverse. Routes:
 *   #/                                   home (list of lessons)
 *   #/lesson/<id>?step=&t=&k=&lang=&seed=&actions=
 *                                        a lesson at lesson step `step` (1-based), simulated time `t` (ms);
 *                                        `k` (kernel step) only when the time alone is ambiguous
 *   #/run?r=<encodeSharedRun>&lang=      a shared run of any scenario
 * Every parameter is optional except the lesson id and `r`. Checks that need the lessons (unknown
 * id, step out of range) take them as an argument; checks that need the run (t past the end) are
 * in `checkTime` / `checkKernelStep`, called once the run is recorded.
 */
import type { TimedAction } from '../sim/actions.ts';
import { decodeSharedRun, encodeActions, encodeSharedRun, parseActions, decodeBase64Url, ShareError, type SharedRun } from '../sim/share.ts';
import { LANGUAGES, type Lang } from '../lesson/types.ts';

export interface HomeRoute {
  name: 'home';
  lang?: Lang;
}

export interface LessonRoute {
  name: 'lesson';
  id: string;
  /** Lesson step, 1-based. */
  step?: number;
  /** Simulated time in ms. */
  t?: number;
  /** Kernel step, when several steps share the time `t`. */
  k?: number;
  lang?: Lang;
  seed?: number;
  actions?: TimedAction[];
}

export interface RunRoute {
  name: 'run';
  run: SharedRun;
  lang?: Lang;
}

export type Route = HomeRoute | LessonRoute | RunRoute;

export type RouteErrorCode =
  | 'path' // unknown path
  | 'lessonMissing' // #/lesson without an id
  | 'lessonUnknown' // no lesson with that id
  | 'step' // not an integer ≥ 1
  | 'stepRange' // past the lesson's last step
  | 't' // not an integer ≥ 0
  | 'tRange' // past the end of the run
  | 'k' // not an integer ≥ 0
  | 'kRange' // not a step at time t
  | 'lang'
  | 'seed'
  | 'actions' // damaged or invalid actions
  | 'runMissing' // #/run without r
  | 'run'; // damaged shared run

export interface RouteError {
  code: RouteErrorCode;
  /** The URL parameter (or part) that is wrong: `step`, `t`, `actions`, `lesson` … */
  param: string;
  /** The offending value as written in the URL. */
  value: string;
  /** Upper bound for range errors (last lesson step, end time …). */
  max?: number;
  /** Lower bound for range errors. */
  min?: number;
  /** Details from a decoder (which field of the actions is wrong). */
  detail?: string;
  /** Lesson ids, for `lessonUnknown`. */
  known?: string[];
}

export type ParseResult = { ok: true; route: Route } | { ok: false; error: RouteError; lang?: Lang };

/** What the router needs to know about the lessons to check a lesson route. */
export interface LessonInfo {
  id: string;
  /** Number of lesson steps. */
  steps: number;
}

const INT = /^(0|[1-9]\d*)$/;
const SIGNED_INT = /^-?(0|[1-9]\d*)$/;
const ID = /^[A-Za-z0-9_-]+$/;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

const fail = (error: RouteError, lang?: Lang): ParseResult => (lang ? { ok: false, error, lang } : { ok: false, error });

/** Splits `#/a/b?x=1` into path segments and query parameters. */
function split(hash: string): { segments: string[]; params: URLSearchParams } {
  let h = hash.startsWith('#') ? hash.slice(1) : hash;
  const q = h.indexOf('?');
  const query = q >= 0 ? h.slice(q + 1) : '';
  h = q >= 0 ? h.slice(0, q) : h;
  const segments = h.split('/').filter((s) => s !== '');
  return { segments, params: new URLSearchParams(query) };
}

function parseLang(params: URLSearchParams): { lang?: Lang; error?: RouteError } {
  const v = params.get('lang');
  if (v === null) return {};
  if ((LANGUAGES as readonly string[]).includes(v)) return { lang: v as Lang };
  return { error: { code: 'lang', param: 'lang', value: v } };
}

/** Parses a hash (with or without the leading `#`). With `lessons`, also checks the id and the step range. */
export function parseHash(hash: string, lessons?: readonly LessonInfo[]): ParseResult {
  const { segments, params } = split(hash);
  const { lang, error: langError } = parseLang(params);
  if (langError) return fail(langError);

  if (segments.length === 0) return { ok: true, route: lang ? { name: 'home', lang } : { name: 'home' } };

  let first: string;
  try {
    first = decodeURIComponent(segments[0]!);
  } catch {
    return fail({ code: 'path', param: 'path', value: segments[0]! }, lang);
  }

  if (first === 'lesson') {
    if (segments.length < 2) return fail({ code: 'lessonMissing', param: 'lesson', value: '' }, lang);
    let id: string;
    try {
      id = decodeURIComponent(segments[1]!);
    } catch {
      id = segments[1]!;
    }
    if (segments.length > 2 || !ID.test(id)) {
      return fail({ code: 'lessonUnknown', param: 'lesson', value: segments.slice(1).join('/'), known: lessons?.map((l) => l.id) ?? [] }, lang);
    }
    const route: LessonRoute = { name: 'lesson', id };
    if (lang) route.lang = lang;
    const info = lessons?.find((l) => l.id === id);
    if (lessons && !info) return fail({ code: 'lessonUnknown', param: 'lesson', value: id, known: lessons.map((l) => l.id) }, lang);

    const step = params.get('step');
    if (step !== null) {
      if (!INT.test(step) || Number(step) < 1 || !Number.isSafeInteger(Number(step))) {
        return fail({ code: 'step', param: 'step', value: step, ...(info ? { max: info.steps } : {}) }, lang);
      }
      if (info && Number(step) > info.steps) return fail({ code: 'stepRange', param: 'step', value: step, max: info.steps }, lang);
      route.step = Number(step);
    }
    const t = params.get('t');
    if (t !== null) {
      if (!INT.test(t) || !Number.isSafeInteger(Number(t))) return fail({ code: 't', param: 't', value: t }, lang);
      route.t = Number(t);
    }
    const k = params.get('k');
    if (k !== null) {
      if (!INT.test(k) || !Number.isSafeInteger(Number(k))) return fail({ code: 'k', param: 'k', value: k }, lang);
      route.k = Number(k);
    }
    const seed = params.get('seed');
    if (seed !== null) {
      const n = Number(seed);
      if (!SIGNED_INT.test(seed) || n < INT32_MIN || n > INT32_MAX) return fail({ code: 'seed', param: 'seed', value: seed }, lang);
      route.seed = n;
    }
    const actions = params.get('actions');
    if (actions !== null && actions !== '') {
      try {
        route.actions = parseActions(JSON.parse(decodeBase64Url(actions)));
      } catch (e) {
        return fail({ code: 'actions', param: 'actions', value: shorten(actions), detail: errorDetail(e) }, lang);
      }
    }
    return { ok: true, route };
  }

  if (first === 'run' && segments.length === 1) {
    const r = params.get('r');
    if (r === null || r === '') return fail({ code: 'runMissing', param: 'r', value: '' }, lang);
    try {
      const run = decodeSharedRun(r);
      return { ok: true, route: lang ? { name: 'run', run, lang } : { name: 'run', run } };
    } catch (e) {
      return fail({ code: 'run', param: 'r', value: shorten(r), detail: errorDetail(e) }, lang);
    }
  }

  return fail({ code: 'path', param: 'path', value: '/' + segments.join('/') }, lang);
}

function errorDetail(e: unknown): string {
  if (e instanceof ShareError) return e.message;
  if (e instanceof SyntaxError) return 'not valid JSON';
  return e instanceof Error ? e.message : String(e);
}

const shorten = (s: string) => (s.length > 40 ? s.slice(0, 37) + '…' : s);

/** The hash for a route; `parseHash(formatRoute(r))` gives `r` back. Defaults are left out. */
export function formatRoute(route: Route): string {
  const q: [string, string][] = [];
  switch (route.name) {
    case 'home':
      if (route.lang) q.push(['lang', route.lang]);
      return '#/' + query(q);
    case 'lesson':
      if (route.step !== undefined) q.push(['step', String(route.step)]);
      if (route.t !== undefined) q.push(['t', String(route.t)]);
      if (route.k !== undefined) q.push(['k', String(route.k)]);
      if (route.lang) q.push(['lang', route.lang]);
      if (route.seed !== undefined) q.push(['seed', String(route.seed)]);
      if (route.actions && route.actions.length > 0) q.push(['actions', encodeActions(route.actions)]);
      return `#/lesson/${encodeURIComponent(route.id)}` + query(q);
    case 'run':
      q.push(['r', encodeSharedRun(canonicalRun(route.run))]);
      if (route.lang) q.push(['lang', route.lang]);
      return '#/run' + query(q);
  }
}

// base64url, ids and integers need no escaping except `-` (fine) — encode anyway for safety.
const query = (q: [string, string][]) => (q.length ? '?' + q.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&') : '');

/** The same run with its keys in the order `parseSharedRun` builds them, so links are stable. */
export function canonicalRun(run: SharedRun): SharedRun {
  const out: SharedRun = {
    format: 'flinkscope-run',
    version: 1,
    seed: run.seed,
    actions: run.actions.map((a) => ({ ...a })),
    position: { step: run.position.step, time: run.position.time },
  };
  if (run.lesson) out.lesson = { id: run.lesson.id, scenario: run.lesson.scenario };
  else if (run.scenario !== undefined) out.scenario = run.scenario;
  return out;
}

/** `t` must lie within the recorded run [0, endTime]. */
export function checkTime(t: number, endTime: number): RouteError | null {
  return t > endTime ? { code: 'tRange', param: 't', value: String(t), min: 0, max: endTime } : null;
}

/**
 * `k` must be a kernel step that can be shown at time `t`: its time ≤ t, and the next step's time ≥ t.
 * `timeOfStep` and `steps` come from the timeline.
 */
export function checkKernelStep(k: number, t: number, steps: number, timeOfStep: (s: number) => number): RouteError | null {
  const ok = k <= steps && timeOfStep(k) <= t && (k === steps || timeOfStep(k + 1) >= t);
  return ok ? null : { code: 'kRange', param: 'k', value: String(k), max: steps };
}
