// The player (PlayerState rune class), the keyboard mapping and the lesson-link frame logic.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Timeline } from '../../src/sim/Timeline.ts';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { PlayerState, REDUCED_TICK_MS, SPEEDS } from '../../src/lib/player/PlayerState.svelte.ts';
import { FocusOrigin, commandFor, isFocusVisible } from '../../src/lib/player/shortcuts.ts';
import { kernelStepParam, positionsWith, prepareLesson } from '../../src/lib/lesson/prepare.ts';
import { compileLessons } from '../../src/lesson/compile.ts';
import { formatRoute, parseHash, type LessonRoute } from '../../src/lib/router.ts';

const tl = Timeline.record(
  validateScenario({
    seed: 7,
    job: { parallelism: 2 },
    network: { latencyMs: 60 },
    operators: [
      { id: 'source', type: 'source', events: [{ at: 100, subtask: 0, value: 'to be or not to be' }, { at: 300, subtask: 1, value: 'flink is fast' }] },
      { id: 'split', type: 'flatMap', input: 'source', fn: 'splitWords' },
      { id: 'count', type: 'sum', input: 'split', keyBy: 0, field: 1 },
      { id: 'print', type: 'sink', input: 'count' },
    ],
  }),
);

/** A hand-driven animation clock. */
function fakeHost(reduced = false) {
  let cb: ((now: number) => void) | null = null;
  let now = 0;
  return {
    host: { raf: (f: (n: number) => void) => ((cb = f), 1), caf: () => (cb = null), reducedMotion: () => reduced },
    /** Runs frames of `ms` each. */
    tick(ms: number, frames = 1) {
      for (let i = 0; i < frames && cb; i++) {
        now += ms;
        const f = cb;
        cb = null;
        f(now);
      }
    },
  };
}

describe('PlayerState', () => {
  it('steps forward and back through kernel steps, keeping time at each step', () => {
    const p = new PlayerState(tl, fakeHost().host);
    expect([p.step, p.time]).toEqual([0, 0]);
    p.stepForward();
    expect([p.step, p.time]).toEqual([1, tl.timeOfStep(1)]);
    p.seekStep(20);
    p.stepForward();
    expect(p.step).toBe(21);
    p.stepBack();
    p.stepBack();
    expect([p.step, p.time]).toEqual([19, tl.timeOfStep(19)]);
    p.toEnd();
    expect(p.atEnd).toBe(true);
    p.stepForward();
    expect(p.step).toBe(tl.steps);
    p.restart();
    p.stepBack();
    expect([p.step, p.time]).toEqual([0, 0]);
  });

  it('seekTime lands on the last step at or before t and can sit between steps', () => {
    const p = new PlayerState(tl, fakeHost().host);
    p.seekTime(130);
    expect(p.time).toBe(130);
    expect(p.step).toBe(tl.stepAtTime(130));
    expect(tl.timeOfStep(p.step)).toBeLessThanOrEqual(130);
    p.seekTime(1e9);
    expect(p.time).toBe(tl.endTime);
    p.seek({ step: 5, time: 1e9 });
    expect(p.time).toBe(tl.timeOfStep(6)); // clamped to the invariant
  });

  it('plays wall time × speed and stops at the end', () => {
    const clock = fakeHost();
    const p = new PlayerState(tl, clock.host);
    p.setSpeedIndex(SPEEDS.indexOf(1));
    p.play();
    clock.tick(16); // first frame only starts the clock
    clock.tick(50, 2);
    expect(p.time).toBe(100);
    expect(p.step).toBe(tl.stepAtTime(100));
    p.setSpeedIndex(SPEEDS.indexOf(0.5));
    clock.tick(40);
    expect(p.time).toBe(120);
    p.setSpeedIndex(SPEEDS.length - 1); // 100×
    clock.tick(100, 200);
    expect(p.playing).toBe(false);
    expect(p.stopReason).toBe('end');
    expect(p.atEnd).toBe(true);
    p.play(); // from the end: starts over
    expect([p.playing, p.step, p.time]).toEqual([true, 0, 0]);
    p.pause();
  });

  it('stops at a breakpoint (a lesson question) exactly, then plays on past it', () => {
    const clock = fakeHost();
    const p = new PlayerState(tl, clock.host);
    const bp = { step: 20, time: tl.timeOfStep(20) };
    p.breakpoints = [bp];
    let hit = null as unknown;
    p.onbreakpoint = (b) => (hit = b);
    p.play();
    clock.tick(16);
    clock.tick(50, 100);
    expect(p.playing).toBe(false);
    expect(p.stopReason).toBe('breakpoint');
    expect([p.step, p.time]).toEqual([20, bp.time]);
    expect(hit).toEqual(bp);
    p.play();
    clock.tick(16);
    clock.tick(50, 40);
    expect(p.step).toBeGreaterThan(20);
  });

  it('stops at every breakpoint in turn (lesson steps), never at the one it starts on', () => {
    const clock = fakeHost();
    const p = new PlayerState(tl, clock.host);
    p.setSpeedIndex(SPEEDS.length - 1); // 100×: one frame crosses many steps
    const at = (step: number) => ({ step, time: tl.timeOfStep(step), kind: 'step' });
    p.breakpoints = [at(30), at(10), at(20)];
    const hits: number[] = [];
    p.onbreakpoint = (b) => hits.push(b.step);
    // Starting exactly on a breakpoint does not stop there again: Play always moves on.
    p.seek(at(10));
    for (const expected of [20, 30]) {
      p.play();
      clock.tick(16);
      clock.tick(100, 50);
      expect([p.playing, p.stopReason, p.step, p.time]).toEqual([false, 'breakpoint', expected, tl.timeOfStep(expected)]);
    }
    expect(hits).toEqual([20, 30]);
    expect(p.stoppedAt).toEqual(at(30));
    // Past the last one: to the end.
    p.play();
    clock.tick(16);
    clock.tick(100, 200);
    expect([p.stopReason, p.atEnd]).toEqual(['end', true]);
  });

  it('compares breakpoints by step and time: one between two events stops playback at its time', () => {
    const clock = fakeHost();
    const p = new PlayerState(tl, clock.host);
    p.setSpeedIndex(SPEEDS.indexOf(1));
    const step = tl.stepAtTime(150);
    expect(tl.timeOfStep(step)).toBeLessThan(150); // 150 ms falls between two events
    p.breakpoints = [{ step, time: 150 }];
    p.play();
    clock.tick(16);
    clock.tick(20, 20);
    expect([p.playing, p.step, p.time]).toEqual([false, step, 150]);
    // Paused at it, and playing on from it: not stopped again.
    p.play();
    clock.tick(16);
    clock.tick(20);
    expect(p.time).toBe(170);
    p.pause();
  });

  it('lets its owner handle Play (a lesson step at the playhead is shown first), except at the end', () => {
    const clock = fakeHost();
    const p = new PlayerState(tl, clock.host);
    let handle = true;
    let asked = 0;
    p.onplay = () => (asked++, handle);
    p.play();
    expect([asked, p.playing]).toEqual([1, false]);
    handle = false;
    p.play();
    expect([asked, p.playing]).toEqual([2, true]);
    p.pause();
    p.toEnd();
    handle = true;
    p.play(); // from the end: starts over, whatever the owner says
    expect([asked, p.playing, p.step]).toEqual([2, true, 0]);
    p.pause();
  });

  it('with reduced motion, jumps one event per tick', () => {
    const clock = fakeHost(true);
    const p = new PlayerState(tl, clock.host);
    p.play();
    clock.tick(16);
    clock.tick(50, REDUCED_TICK_MS / 50 - 1);
    expect(p.step).toBe(0);
    clock.tick(50);
    expect([p.step, p.time]).toEqual([1, tl.timeOfStep(1)]);
    p.setSpeedIndex(SPEEDS.indexOf(1)); // 10× the default speed → one event per 70 ms
    clock.tick(50, 2);
    expect(p.step).toBe(2);
    p.pause();
  });

  it('slower/faster move along the speed notches and clamp', () => {
    const p = new PlayerState(tl, fakeHost().host);
    expect(p.speed).toBe(0.1);
    p.slower();
    expect(p.speed).toBe(0.05);
    for (let i = 0; i < 20; i++) p.slower();
    expect(p.speed).toBe(0.01);
    for (let i = 0; i < 20; i++) p.faster();
    expect(p.speed).toBe(100);
  });
});

describe('keyboard shortcuts', () => {
  const el = (tagName: string, attrs: Record<string, string> = {}) => ({ tagName, getAttribute: (k: string) => attrs[k] ?? null }) as unknown as EventTarget;
  it('maps the player keys', () => {
    expect(commandFor({ key: ' ' })).toBe('toggle');
    expect(commandFor({ key: 'ArrowLeft' })).toBe('stepBack');
    expect(commandFor({ key: 'ArrowRight' })).toBe('stepForward');
    expect(commandFor({ key: '[' })).toBe('slower');
    expect(commandFor({ key: ']' })).toBe('faster');
    expect(commandFor({ key: 'Home' })).toBe('start');
    expect(commandFor({ key: 'End' })).toBe('end');
    expect(commandFor({ key: '?' })).toBe('help');
    expect(commandFor({ key: 'PageDown' })).toBe('nextLessonStep');
    expect(commandFor({ key: 'PageUp' })).toBe('previousLessonStep');
    expect(commandFor({ key: 'x' })).toBeNull();
  });
  it('ignores keys while typing, with modifiers, and arrows in tab lists', () => {
    expect(commandFor({ key: 'ArrowLeft', target: el('INPUT') })).toBeNull();
    expect(commandFor({ key: ' ', target: el('TEXTAREA') })).toBeNull();
    expect(commandFor({ key: '[', target: el('SELECT') })).toBeNull();
    expect(commandFor({ key: 'ArrowRight', ctrlKey: true })).toBeNull();
    expect(commandFor({ key: 'ArrowRight', target: el('BUTTON', { role: 'tab' }) })).toBeNull();
    expect(commandFor({ key: ' ', target: el('BUTTON') })).toBeNull(); // the button's own click
    expect(commandFor({ key: 'ArrowRight', target: el('BUTTON') })).toBe('stepForward');
    expect(commandFor({ key: ' ', target: el('DIV') })).toBe('toggle');
    expect(commandFor({ key: ' ', target: el('g', { role: 'button' }) })).toBeNull(); // an SVG subtask box selects itself
  });
  it('Space on a button the mouse focused (no :focus-visible) plays or pauses; keyboard focus keeps the button\'s Space', () => {
    // After a click on Next →, Space must not press Next again.
    expect(commandFor({ key: ' ', target: el('BUTTON'), focusVisible: false })).toBe('toggle');
    expect(commandFor({ key: ' ', target: el('BUTTON', { role: 'tab' }), focusVisible: false })).toBe('toggle');
    expect(commandFor({ key: ' ', target: el('g', { role: 'button' }), focusVisible: false })).toBe('toggle');
    expect(commandFor({ key: ' ', target: el('SUMMARY'), focusVisible: false })).toBe('toggle');
    // Focused with the keyboard (or unknown): Space presses the button, as usual.
    expect(commandFor({ key: ' ', target: el('BUTTON'), focusVisible: true })).toBeNull();
    expect(commandFor({ key: ' ', target: el('g', { role: 'button' }), focusVisible: true })).toBeNull();
    expect(commandFor({ key: ' ', target: el('BUTTON') })).toBeNull();
    // Only Space changes: other keys and other targets are as before.
    expect(commandFor({ key: 'Enter', target: el('BUTTON'), focusVisible: false })).toBeNull();
    expect(commandFor({ key: ' ', target: el('A'), focusVisible: false })).toBeNull(); // Space scrolls from a link
    expect(commandFor({ key: ' ', target: el('INPUT'), focusVisible: false })).toBeNull();
    expect(commandFor({ key: ' ', target: el('DIV'), focusVisible: false })).toBe('toggle');
  });
  /** An element whose :focus-visible can be switched, like Chromium's (which turns it on at any key press). */
  const probe = (matches: boolean | 'throws') => {
    const el = {
      visible: matches,
      matches: (sel: string) => {
        if (el.visible === 'throws') throw new SyntaxError(sel);
        return sel === ':focus-visible' && el.visible;
      },
    };
    return el;
  };
  it('isFocusVisible reads :focus-visible, and says nothing when it cannot', () => {
    expect(isFocusVisible(probe(true) as unknown as EventTarget)).toBe(true);
    expect(isFocusVisible(probe(false) as unknown as EventTarget)).toBe(false);
    expect(isFocusVisible(probe('throws') as unknown as EventTarget)).toBeUndefined();
    expect(isFocusVisible(null)).toBeUndefined();
    expect(isFocusVisible({} as EventTarget)).toBeUndefined();
  });
  it('FocusOrigin remembers that a pointer focused an element, even once a key press makes it :focus-visible', () => {
    const origin = new FocusOrigin();
    const clicked = probe(false);
    origin.focusin({ target: clicked as unknown as EventTarget });
    clicked.visible = true; // Chromium, at keydown
    expect(origin.visible(clicked as unknown as EventTarget)).toBe(false);
    // Another element focused with the keyboard: it shows its focus.
    const tabbed = probe(true);
    origin.focusin({ target: tabbed as unknown as EventTarget });
    expect(origin.visible(tabbed as unknown as EventTarget)).toBe(true);
    expect(origin.visible(clicked as unknown as EventTarget)).toBe(true);
    expect(origin.visible(null)).toBeUndefined();
  });
});

describe('lesson links land on the exact frame', () => {
  const lessons = compileLessons(fileURLToPath(new URL('../../lessons', import.meta.url)));

  it('every lesson step, at its own position and at other times, round-trips through the URL', () => {
    expect(lessons.length).toBeGreaterThan(0);
    for (const lesson of lessons) {
      // Lessons on process scenarios open with their own prepare (test/unit/spaceTime.test.ts).
      if (lesson.processScenarios) continue;
      const first = prepareLesson(lesson, { name: 'lesson', id: lesson.id });
      if (!first.ok) throw new Error(`lesson ${lesson.id} does not open`);
      const { originals, positions } = first.prepared;
      lesson.steps.forEach((st, i) => {
        const tl = originals[st.scenario]!;
        const pos = positions[i]!;
        const frames = [pos, { step: 0, time: 0 }, { step: tl.steps, time: tl.endTime }];
        for (let s = 1; s < tl.steps; s += Math.max(1, Math.floor(tl.steps / 7))) frames.push({ step: s, time: tl.timeOfStep(s) });
        for (const at of frames) {
          const k = kernelStepParam(tl, at, pos);
          const route: LessonRoute = { name: 'lesson', id: lesson.id, step: i + 1, t: at.time, ...(k !== undefined ? { k } : {}) };
          const parsed = parseHash(formatRoute(route), [{ id: lesson.id, steps: lesson.steps.length }]);
          expect(parsed.ok).toBe(true);
          const again = prepareLesson(lesson, parsed.ok ? (parsed.route as LessonRoute) : route);
          if (!again.ok) throw new Error(`${lesson.id} step ${i + 1}: ${JSON.stringify(again)}`);
          expect(again.prepared.index).toBe(i);
          expect(again.prepared.at).toEqual(at);
        }
      });
    }
  });

  it('a link without t opens at the step position; bad t and k name the parameter', () => {
    const lesson = lessons[0]!;
    const r = prepareLesson(lesson, { name: 'lesson', id: lesson.id, step: 2 });
    expect(r.ok && r.prepared.at).toEqual(r.ok ? { step: r.prepared.positions[1]!.step, time: r.prepared.positions[1]!.time } : null);
    const late = prepareLesson(lesson, { name: 'lesson', id: lesson.id, t: 10_000_000 });
    expect(!late.ok && 'routeError' in late && late.routeError.code).toBe('tRange');
    const badK = prepareLesson(lesson, { name: 'lesson', id: lesson.id, t: 0, k: 100_000 });
    expect(!badK.ok && 'routeError' in badK && badK.routeError.code).toBe('kRange');
    const badTask = prepareLesson(lesson, { name: 'lesson', id: lesson.id, actions: [{ type: 'pauseTask', task: 'nope/9', step: 3, time: 10 }] });
    expect(!badTask.ok && 'routeError' in badTask && badTask.routeError).toMatchObject({ code: 'actions', param: 'actions' });
  });

  it('forks: the link with actions reproduces the forked run; positions fall back to the original', () => {
    const lesson = lessons[0]!;
    const base = prepareLesson(lesson, { name: 'lesson', id: lesson.id });
    if (!base.ok) throw new Error('lesson does not open');
    const { originals, scenario } = base.prepared;
    const tl = originals[scenario]!;
    const task = tl.plan.execution.tasks.at(-1)!.id;
    const at = { step: Math.floor(tl.steps / 3), time: tl.timeOfStep(Math.floor(tl.steps / 3)) };
    const forked = tl.fork({ type: 'pauseTask', task }, at);
    const r = prepareLesson(lesson, { name: 'lesson', id: lesson.id, actions: [...forked.actions] });
    if (!r.ok) throw new Error('forked link does not open');
    expect(r.prepared.current.trace).toEqual(forked.trace);
    const pos = positionsWith(r.prepared, scenario, r.prepared.current);
    expect(pos.every((p) => !p.error || base.prepared.positions[pos.indexOf(p)]!.error)).toBe(true);
  });
});
