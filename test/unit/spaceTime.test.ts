/**
 * The space-time diagram's geometry (src/lib/snapshot/spaceTime.ts): positions are functions of
 * time (an arrow's tip from sentAt, arrivesAt and now), the cut line through the recorded states,
 * the messages crossing the cut; and opening a process lesson's links (src/lib/snapshot/prepare.ts).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { ProcessRun } from '../../src/sim/snapshot/ProcessRun.ts';
import type { ProcessScenario } from '../../src/sim/snapshot/ProcessScenario.ts';
import courseJson from '../../src/sim/snapshot/scenarios/course-p1p2p3.json';
import nonFifoJson from '../../src/sim/snapshot/scenarios/non-fifo.json';
import { arrowGeometry, arrowsAt, cutLine, cutPoints, eventDots, LOOP_RISE, progressAt, sideOf, spaceTimeScale, timeTicks } from '../../src/lib/snapshot/spaceTime.ts';
import { describeStep } from '../../src/lib/snapshot/snapshotWords.ts';
import { isProcessLesson, prepareProcessLesson, processKernelStepParam } from '../../src/lib/snapshot/prepare.ts';
import { compileLessons } from '../../src/lesson/compile.ts';
import { formatRoute, parseHash, type LessonRoute } from '../../src/lib/router.ts';

const course = ProcessRun.record(courseJson as ProcessScenario);
const nonFifo = ProcessRun.record(nonFifoJson as ProcessScenario);
const box = { width: 1000, height: 300, left: 50, right: 10, top: 60, bottom: 40 };
const sc = spaceTimeScale(['P1', 'P2', 'P3'], course.endTime, box);

describe('scales', () => {
  it('maps time onto the width and processes onto evenly spaced lines', () => {
    expect(sc.tMax).toBe(441);
    expect(sc.x(0)).toBe(50);
    expect(sc.x(sc.tMax)).toBe(990);
    expect(sc.x(-5)).toBe(50);
    expect(sc.x(10_000)).toBe(990);
    expect([sc.y('P1'), sc.y('P2'), sc.y('P3')]).toEqual([60, 160, 260]);
  });
  it('x is increasing in time', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 440 }), fc.integer({ min: 1, max: 50 }), (t, d) => sc.x(t) < sc.x(Math.min(t + d, 441)) || t + d > 441));
  });
  it('ticks are round and cover the axis', () => {
    expect(timeTicks(441)).toEqual([0, 100, 200, 300, 400]);
    expect(timeTicks(0.5)[0]).toBe(0);
  });
});

describe('arrows as functions of time', () => {
  it('progress goes 0 → 1 between send and arrival, and is 1 once received', () => {
    expect(progressAt(100, 200, 100, false)).toBe(0);
    expect(progressAt(100, 200, 150, false)).toBe(0.5);
    expect(progressAt(100, 200, 260, false)).toBe(1);
    expect(progressAt(100, 200, 120, true)).toBe(1);
    expect(progressAt(100, 100, 100, false)).toBe(1);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 2000 }), (s, lat, now) => {
        const p = progressAt(s, s + lat, now, false);
        return p >= 0 && p <= 1 && (now <= s ? p === 0 : true) && (now >= s + lat ? p === 1 : true);
      }),
    );
  });
  it('a straight arrow tip moves along the segment from sender to receiver', () => {
    const half = arrowGeometry(sc, 'P2', 'P1', 180, 240, 0.5);
    expect(half.tip.x).toBeCloseTo((sc.x(180) + sc.x(240)) / 2);
    expect(half.tip.y).toBeCloseTo(110);
    const full = arrowGeometry(sc, 'P2', 'P1', 180, 240, 1);
    expect(full.tip).toEqual({ x: sc.x(240), y: sc.y('P1') });
    expect(full.d.startsWith(`M${Math.round(sc.x(180) * 10) / 10},160L`)).toBe(true);
  });
  it('a self-loop arcs above its line, its apex LOOP_RISE above, and lands on the line', () => {
    const mid = arrowGeometry(sc, 'P1', 'P1', 100, 230, 0.5);
    expect(mid.tip.y).toBeCloseTo(sc.y('P1') - LOOP_RISE);
    expect(mid.tip.x).toBeCloseTo((sc.x(100) + sc.x(230)) / 2);
    const end = arrowGeometry(sc, 'P1', 'P1', 100, 230, 1);
    expect(end.tip.x).toBeCloseTo(sc.x(230));
    expect(end.tip.y).toBeCloseTo(sc.y('P1'));
    expect(end.d).toMatch(/^M[\d.]+,60Q/);
  });
  it('at each step, one arrow per message and marker sent so far; in-flight tips follow now, nothing stored', () => {
    for (let s = 0; s <= course.steps; s++) {
      const sent = course.traceUntil(s).filter((e) => e.type === 'message.sent' || e.type === 'marker.sent').length;
      const arrows = arrowsAt(course.worldAt(s), sc, course.timeOfStep(s));
      expect(arrows).toHaveLength(sent);
    }
    // Step 9 (t = 200): P1 has just sent its three markers; H is in flight on C21 (sent 180, arrives 240).
    const w = course.worldAt(9);
    const at = (now: number) => arrowsAt(w, sc, now).find((a) => a.label === 'H')!;
    expect(at(200).progress).toBeCloseTo(20 / 60);
    expect(at(220).progress).toBeCloseTo(40 / 60);
    expect(at(220).tip.x).toBeGreaterThan(at(200).tip.x);
    expect(arrowsAt(w, sc, 200).filter((a) => a.kind === 'marker').map((a) => [a.channel, a.progress])).toEqual([['C11', 0], ['C12', 0], ['C13', 0]]);
  });
});

describe('events and the cut', () => {
  it('labels sends, receives and internal events on their lines', () => {
    const dots = eventDots(course.traceUntil(course.steps), sc);
    const named = dots.filter((d) => d.label).map((d) => `${d.process}:${d.label}`);
    expect(named).toEqual(['P2:E', 'P2:F', 'P1:A', 'P2:G', 'P1:B', 'P3:I', 'P2:H', 'P3:J', 'P1:D', 'P3:K', 'P1:M', 'P1:L', 'P2:N']);
    // A's receive (P1 to itself) has no label of its own.
    expect(dots.filter((d) => !d.label).map((d) => [d.process, d.t])).toEqual([['P1', 230]]);
  });
  it('draws the cut only once every process recorded, through the rings top to bottom', () => {
    expect(cutLine(cutPoints(course.worldAt(13), sc), sc)).toBeNull();
    const pts = cutPoints(course.worldAt(14), sc);
    expect(pts.map((p) => [p.process, p.t, p.name])).toEqual([['P1', 200, 'S1'], ['P2', 270, 'S2'], ['P3', 230, 'S3']]);
    const line = cutLine(pts, sc)!;
    expect(line).toHaveLength(5);
    expect(line[0]).toEqual({ x: sc.x(200), y: 60 - 18 });
    expect(line[2]).toEqual({ x: sc.x(270), y: 160 });
    expect(line[4]).toEqual({ x: sc.x(230), y: 260 + 18 });
  });
  it('marks A and H in transit across the course cut, and M an orphan without FIFO', () => {
    const side = (run: ProcessRun) => arrowsAt(run.worldAt(run.steps), sc, run.endTime).filter((a) => a.side === 'inTransit' || a.side === 'orphan' || a.side === 'missed').map((a) => `${a.label}:${a.side}`);
    expect(side(course)).toEqual(['A:inTransit', 'H:inTransit']);
    expect(side(nonFifo)).toEqual(['A:inTransit', 'H:missed', 'M:orphan']);
    expect(sideOf({ id: 0, channel: 'C12', kind: 'marker', from: 'P1', to: 'P2', sentStep: 1, receivedStep: 2 }, new Map([['P1', 1], ['P2', 1]]))).toBeNull();
  });
});

describe('words', () => {
  it('says a step in one sentence, in both languages', () => {
    expect(describeStep(course.traceBetween(8, 9), 'en')).toBe(
      'P1 initiates the snapshot: events [A, B], 9 tokens, and at once sends a marker on every output channel; P1 starts recording its input channel C11; P1 starts recording its input channel C21; P1 starts recording its input channel C31.',
    );
    expect(describeStep(course.traceBetween(19, 20), 'zh')).toBe('P1 从 C21 收到 marker（不是第一个）；P1 关闭 C21：C21 = [H]。');
  });
});

describe('process lesson links land on the exact frame', () => {
  const lesson = compileLessons(fileURLToPath(new URL('../../lessons', import.meta.url))).find((l) => l.id === '14-global-snapshots')!;
  it('opens every step, at its position and at other times, round-tripping through the URL', () => {
    expect(isProcessLesson(lesson)).toBe(true);
    const first = prepareProcessLesson(lesson, { name: 'lesson', id: lesson.id });
    if (!first.ok) throw new Error('does not open');
    const { runs, positions } = first.prepared;
    lesson.steps.forEach((st, i) => {
      const run = runs[st.scenario]!;
      const pos = positions[i]!;
      const frames = [pos, { step: 0, time: 0 }, { step: run.steps, time: run.endTime }];
      for (let s = 1; s < run.steps; s += 3) frames.push({ step: s, time: run.timeOfStep(s) });
      for (const at of frames) {
        const k = processKernelStepParam(run, at, pos);
        const route: LessonRoute = { name: 'lesson', id: lesson.id, step: i + 1, t: at.time, ...(k !== undefined ? { k } : {}) };
        const parsed = parseHash(formatRoute(route), [{ id: lesson.id, steps: lesson.steps.length }]);
        expect(parsed.ok).toBe(true);
        const again = prepareProcessLesson(lesson, parsed.ok ? (parsed.route as LessonRoute) : route);
        if (!again.ok) throw new Error(`step ${i + 1}: ${JSON.stringify(again)}`);
        expect(again.prepared.index).toBe(i);
        expect(again.prepared.at).toEqual(at);
      }
    });
  });
  it('names a bad step or time', () => {
    expect(prepareProcessLesson(lesson, { name: 'lesson', id: lesson.id, step: 99 })).toMatchObject({ ok: false, routeError: { code: 'stepRange' } });
    expect(prepareProcessLesson(lesson, { name: 'lesson', id: lesson.id, step: 1, t: 5000 })).toMatchObject({ ok: false, routeError: { code: 'tRange' } });
  });
});
