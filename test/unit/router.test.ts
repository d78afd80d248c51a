import { describe, expect, it } from 'vitest';
import { checkKernelStep, checkTime, formatRoute, parseHash, type LessonRoute, type Route, type RouteErrorCode } from '../../src/lib/router.ts';
import { encodeActions, encodeBase64Url, encodeSharedRun, type SharedRun } from '../../src/sim/share.ts';
import type { TimedAction } from '../../src/sim/actions.ts';
import { strings } from '../../src/lib/i18n.ts';

const LESSONS = [
  { id: '01-anatomy', steps: 10 },
  { id: '02-checkpoints', steps: 5 },
];

const actions: TimedAction[] = [
  { type: 'pauseTask', task: 'count/1', step: 12, time: 300 },
  { type: 'setSourceRate', operator: 'source', ratePerSec: 5, subtask: 1, step: 20, time: 410 },
  { type: 'resumeTask', task: 'count/1', step: 30, time: 500 },
];

const run: SharedRun = {
  format: 'flinkscope-run',
  version: 1,
  scenario: { operators: [{ id: 'src', type: 'source', events: [{ at: 0, value: 'a' }] }, { id: 'out', type: 'sink', input: 'src' }] },
  seed: 42,
  actions: [{ type: 'pauseTask', task: 'out/0', step: 2, time: 10 }],
  position: { step: 3, time: 20 },
};

function ok(hash: string, lessons = LESSONS): Route {
  const r = parseHash(hash, lessons);
  if (!r.ok) throw new Error(`expected ${hash} to parse, got ${JSON.stringify(r.error)}`);
  return r.route;
}

function err(hash: string, lessons: typeof LESSONS | undefined = LESSONS) {
  const r = parseHash(hash, lessons);
  if (r.ok) throw new Error(`expected ${hash} to fail, got ${JSON.stringify(r.route)}`);
  return r.error;
}

describe('parseHash: good URLs', () => {
  it('home for empty, "#", "#/" and a language', () => {
    expect(ok('')).toEqual({ name: 'home' });
    expect(ok('#')).toEqual({ name: 'home' });
    expect(ok('#/')).toEqual({ name: 'home' });
    expect(ok('#/?lang=zh')).toEqual({ name: 'home', lang: 'zh' });
  });

  it('a lesson with every parameter', () => {
    const hash = `#/lesson/01-anatomy?step=3&t=420&k=37&lang=zh&seed=-5&actions=${encodeActions(actions)}`;
    expect(ok(hash)).toEqual({ name: 'lesson', id: '01-anatomy', step: 3, t: 420, k: 37, lang: 'zh', seed: -5, actions });
  });

  it('a lesson with no parameters, and an empty actions parameter', () => {
    expect(ok('#/lesson/02-checkpoints')).toEqual({ name: 'lesson', id: '02-checkpoints' });
    expect(ok('#/lesson/02-checkpoints?actions=')).toEqual({ name: 'lesson', id: '02-checkpoints' });
  });

  it('the step bound itself and t = 0', () => {
    expect(ok('#/lesson/01-anatomy?step=10&t=0')).toMatchObject({ step: 10, t: 0 });
  });

  it('without the lesson list, any well-formed id parses', () => {
    const r = parseHash('#/lesson/99-future?step=50');
    expect(r.ok && r.route).toMatchObject({ id: '99-future', step: 50 });
  });

  it('a shared run', () => {
    expect(ok(`#/run?r=${encodeSharedRun(run)}&lang=en`)).toEqual({ name: 'run', run, lang: 'en' });
  });
});

describe('formatRoute ∘ parseHash round trips', () => {
  const routes: Route[] = [
    { name: 'home' },
    { name: 'home', lang: 'zh' },
    { name: 'lesson', id: '01-anatomy' },
    { name: 'lesson', id: '01-anatomy', step: 1 },
    { name: 'lesson', id: '01-anatomy', step: 7, t: 1234, lang: 'en' },
    { name: 'lesson', id: '02-checkpoints', step: 5, t: 0, k: 0, lang: 'zh', seed: 2147483647, actions },
    { name: 'lesson', id: '01-anatomy', seed: -2147483648 },
    { name: 'run', run },
    { name: 'run', run: { ...run, scenario: undefined as never, lesson: { id: '01-anatomy', scenario: 'main' } }, lang: 'zh' },
  ];
  for (const r of routes) {
    it(JSON.stringify(r).slice(0, 90), () => {
      const clean = JSON.parse(JSON.stringify(r)) as Route;
      const hash = formatRoute(clean);
      expect(hash.startsWith('#/')).toBe(true);
      expect(ok(hash)).toEqual(clean);
      expect(formatRoute(ok(hash))).toBe(hash);
    });
  }

  it('leaves out empty actions and absent parameters', () => {
    expect(formatRoute({ name: 'lesson', id: '01-anatomy', step: 2, actions: [] })).toBe('#/lesson/01-anatomy?step=2');
    expect(formatRoute({ name: 'home' })).toBe('#/');
  });
});

describe('parseHash: every bad URL names its parameter', () => {
  const cases: [string, RouteErrorCode, string][] = [
    ['#/nowhere', 'path', 'path'],
    ['#/lesson/01-anatomy/extra', 'lessonUnknown', 'lesson'],
    ['#/run/extra', 'path', 'path'],
    ['#/%E0%A4%A', 'path', 'path'],
    ['#/lesson', 'lessonMissing', 'lesson'],
    ['#/lesson/', 'lessonMissing', 'lesson'],
    ['#/lesson/no-such-lesson', 'lessonUnknown', 'lesson'],
    ['#/lesson/bad%20id', 'lessonUnknown', 'lesson'],
    ['#/lesson/01-anatomy?step=0', 'step', 'step'],
    ['#/lesson/01-anatomy?step=-1', 'step', 'step'],
    ['#/lesson/01-anatomy?step=2.5', 'step', 'step'],
    ['#/lesson/01-anatomy?step=abc', 'step', 'step'],
    ['#/lesson/01-anatomy?step=', 'step', 'step'],
    ['#/lesson/01-anatomy?step=03', 'step', 'step'],
    ['#/lesson/01-anatomy?step=11', 'stepRange', 'step'],
    ['#/lesson/02-checkpoints?step=6', 'stepRange', 'step'],
    ['#/lesson/01-anatomy?t=4.5', 't', 't'],
    ['#/lesson/01-anatomy?t=-1', 't', 't'],
    ['#/lesson/01-anatomy?t=1e3', 't', 't'],
    ['#/lesson/01-anatomy?t=soon', 't', 't'],
    ['#/lesson/01-anatomy?t=99999999999999999999', 't', 't'],
    ['#/lesson/01-anatomy?k=x', 'k', 'k'],
    ['#/lesson/01-anatomy?lang=fr', 'lang', 'lang'],
    ['#/?lang=zh-CN', 'lang', 'lang'],
    ['#/lesson/01-anatomy?seed=1.5', 'seed', 'seed'],
    ['#/lesson/01-anatomy?seed=2147483648', 'seed', 'seed'],
    ['#/lesson/01-anatomy?seed=x', 'seed', 'seed'],
    ['#/lesson/01-anatomy?actions=!!!', 'actions', 'actions'],
    ['#/lesson/01-anatomy?actions=bm90IGpzb24', 'actions', 'actions'], // "not json"
    [`#/lesson/01-anatomy?actions=${encodeBase64Url('{"a":1}')}`, 'actions', 'actions'],
    [`#/lesson/01-anatomy?actions=${encodeBase64Url('[{"type":"explode","step":1,"time":1}]')}`, 'actions', 'actions'],
    [`#/lesson/01-anatomy?actions=${encodeBase64Url('[{"type":"pauseTask","task":"a/0","step":1,"time":1.5}]')}`, 'actions', 'actions'],
    [`#/lesson/01-anatomy?actions=${encodeActions(actions).slice(0, -6)}`, 'actions', 'actions'],
    ['#/run', 'runMissing', 'r'],
    ['#/run?r=', 'runMissing', 'r'],
    ['#/run?r=***', 'run', 'r'],
    [`#/run?r=${encodeSharedRun(run).slice(0, 30)}`, 'run', 'r'],
    [`#/run?r=${encodeBase64Url('{"format":"other"}')}`, 'run', 'r'],
    [`#/run?r=${encodeBase64Url(JSON.stringify({ ...run, version: 2 }))}`, 'run', 'r'],
  ];
  for (const [hash, code, param] of cases) {
    it(`${hash.slice(0, 70)} → ${code}`, () => {
      const e = err(hash);
      expect(e.code).toBe(code);
      expect(e.param).toBe(param);
      // Every error has a readable message naming the parameter (or the page) in both languages.
      for (const lang of ['en', 'zh'] as const) {
        const msg = strings(lang).routeError(e);
        expect(msg.length).toBeGreaterThan(20);
        if (param !== 'path' && param !== 'lesson') expect(msg).toContain(param);
      }
    });
  }

  it('damaged actions say which field is wrong', () => {
    const e = err(`#/lesson/01-anatomy?actions=${encodeBase64Url('[{"type":"pauseTask","task":"a/0","step":-1,"time":1}]')}`);
    expect(e.detail).toContain('actions[0].step');
  });

  it('an unknown lesson lists the known ones', () => {
    expect(err('#/lesson/03-nope').known).toEqual(['01-anatomy', '02-checkpoints']);
    expect(strings('en').routeError(err('#/lesson/03-nope'))).toContain('01-anatomy');
  });

  it('range errors carry the bound', () => {
    expect(err('#/lesson/01-anatomy?step=12').max).toBe(10);
    expect(strings('en').routeError(err('#/lesson/01-anatomy?step=12'))).toContain('step=10');
  });

  it('keeps a valid language for the error page', () => {
    const r = parseHash('#/lesson/zzz?lang=zh', LESSONS);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.lang).toBe('zh');
  });
});

describe('checks that need the run', () => {
  const times = [0, 0, 10, 10, 10, 30, 50];
  const tos = (s: number) => times[s]!;
  it('checkTime', () => {
    expect(checkTime(0, 50)).toBeNull();
    expect(checkTime(50, 50)).toBeNull();
    expect(checkTime(51, 50)).toMatchObject({ code: 'tRange', param: 't', max: 50 });
  });
  it('checkKernelStep', () => {
    expect(checkKernelStep(2, 10, 6, tos)).toBeNull();
    expect(checkKernelStep(4, 10, 6, tos)).toBeNull();
    expect(checkKernelStep(4, 20, 6, tos)).toBeNull(); // between steps 4 (10 ms) and 5 (30 ms)
    expect(checkKernelStep(5, 20, 6, tos)).toMatchObject({ code: 'kRange', param: 'k' });
    expect(checkKernelStep(1, 20, 6, tos)).toMatchObject({ code: 'kRange' });
    expect(checkKernelStep(7, 50, 6, tos)).toMatchObject({ code: 'kRange' });
    expect(checkKernelStep(6, 50, 6, tos)).toBeNull();
  });
});

// Keeps the LessonRoute type import used (documents the shape).
const _shape: LessonRoute = { name: 'lesson', id: 'x' };
void _shape;
