/**
 * Every lesson is regression-tested: it compiles, each step's anchor fires (in order, where the text
 * puts it), and every fact the step states (`expect`) holds in the simulation at that step.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, cpSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileLesson, compileLessons } from '../../src/lesson/compile.ts';
import { resolveStepPositions } from '../../src/lesson/anchors.ts';
import { evaluateChecks } from '../../src/lesson/checks.ts';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { Timeline } from '../../src/sim/Timeline.ts';
import { ProcessRun } from '../../src/sim/snapshot/ProcessRun.ts';

const root = fileURLToPath(new URL('../../lessons', import.meta.url));
const lessons = compileLessons(root);

describe('lessons', () => {
  it('finds the lessons in order', () => {
    expect(lessons.map((l) => l.id)[0]).toBe('01-anatomy');
    expect(lessons.map((l) => l.order)).toEqual([...lessons.map((l) => l.order)].sort((a, b) => a - b));
  });

  for (const lesson of lessons) {
    describe(lesson.id, () => {
      const timelines: Record<string, Timeline | ProcessRun> = Object.fromEntries([
        ...Object.entries(lesson.scenarios).map(([k, s]) => [k, Timeline.record(validateScenario(s), { seed: lesson.seed })]),
        // Process scenarios (classic Chandy–Lamport): a ProcessRun, with the same read API.
        ...Object.entries(lesson.processScenarios ?? {}).map(([k, s]) => [k, ProcessRun.record(s, lesson.seed === undefined ? {} : { seed: lesson.seed })]),
      ]);
      const positions = resolveStepPositions(lesson, timelines);

      it('every step anchor fires', () => {
        expect(positions.filter((p) => p.error).map((p) => p.error)).toEqual([]);
      });

      it('steps move forward within each scenario', () => {
        for (let i = 1; i < lesson.steps.length; i++) {
          if (lesson.steps[i]!.scenario === lesson.steps[i - 1]!.scenario) {
            expect(positions[i]!.step, `step ${lesson.steps[i]!.id}`).toBeGreaterThanOrEqual(positions[i - 1]!.step);
          }
        }
      });

      for (const [i, step] of lesson.steps.entries()) {
        if (!step.expect?.length) continue;
        it(`step "${step.id}" states only what the simulation shows`, () => {
          const results = evaluateChecks(step.expect, timelines[step.scenario]!, positions[i]!.step);
          expect(results.filter((r) => !r.ok).map((r) => r.message)).toEqual([]);
        });
      }

      it('has the same steps, questions and answers in every language', () => {
        for (const step of lesson.steps) {
          const en = lesson.text.en[step.id]!;
          const zh = lesson.text.zh[step.id]!;
          expect(en.title, step.id).not.toBe('');
          expect(zh.title, step.id).not.toBe('');
          expect(zh.question?.choices.length).toBe(en.question?.choices.length);
          expect(zh.question?.answer).toBe(en.question?.answer);
        }
        expect(lesson.steps.some((s) => s.question)).toBe(true);
      });

      it('runs every scenario to completion (the job ends: FINISHED, or FAILED/CANCELED/SUSPENDED on purpose)', () => {
        // A process run ends when nothing is left to happen (`idle`), its snapshot terminated.
        for (const tl of Object.values(timelines)) expect(tl instanceof ProcessRun ? ['idle'] : ['finished', 'terminal']).toContain(tl.stopReason);
      });
    });
  }
});

describe('lesson format errors', () => {
  const broken = (edit: (dir: string) => void) => {
    const dir = mkdtempSync(join(tmpdir(), 'lesson-'));
    cpSync(join(root, '01-anatomy'), dir, { recursive: true });
    edit(dir);
    return () => compileLesson(dir, join(dir, '..'));
  };
  const patchJson = (dir: string, f: (j: any) => void) => {
    const p = join(dir, 'lesson.json');
    const j = JSON.parse(readFileSync(p, 'utf8'));
    f(j);
    writeFileSync(p, JSON.stringify(j));
  };

  it('names a missing narrative section and how to add it', () => {
    const run = broken((d) => writeFileSync(join(d, 'zh.md'), readFileSync(join(d, 'zh.md'), 'utf8').replace('<!-- step: deploy -->', '')));
    expect(run).toThrow(/zh\.md: no section for step "deploy"; add "<!-- step: deploy -->"/);
  });
  it('names an unknown trace event type in an anchor', () => {
    const run = broken((d) => patchJson(d, (j) => (j.steps[2].at = { event: { type: 'record.sen' } })));
    expect(run).toThrow(/steps\[2\]\.at\.event\.type: unknown trace event "record\.sen"; use one of/);
  });
  it('rejects a question whose [x] disagrees with lesson.json', () => {
    const run = broken((d) => patchJson(d, (j) => (j.steps.find((s: any) => s.question).question.answer = 0)));
    expect(run).toThrow(/the \[x\] choice is #2 but lesson\.json says answer 0/);
  });
  it('reports a bad scenario with its file and field', () => {
    const run = broken((d) => {
      const p = join(d, 'one-key.json');
      const s = JSON.parse(readFileSync(p, 'utf8'));
      s.operators[2].parallelism = 0;
      writeFileSync(p, JSON.stringify(s));
    });
    expect(run).toThrow(/one-key\.json: .*operators\[2\]\.parallelism/);
  });
  it('rejects a check it does not know', () => {
    const run = broken((d) => patchJson(d, (j) => (j.steps[1].expect = [{ vertices: 2 }])));
    expect(run).toThrow(/expect\[0\]: a check has exactly one of jobVertices/);
  });
});

describe('lesson format errors (anchors and fields)', () => {
  const withLesson = (f: (j: any) => void) => {
    const dir = mkdtempSync(join(tmpdir(), 'lesson-'));
    cpSync(join(root, '01-anatomy'), dir, { recursive: true });
    const p = join(dir, 'lesson.json');
    const j = JSON.parse(readFileSync(p, 'utf8'));
    f(j);
    writeFileSync(p, JSON.stringify(j));
    return () => compileLesson(dir, join(dir, '..'));
  };
  it('rejects an anchor with two forms, or start: false', () => {
    expect(withLesson((j) => (j.steps[2].at = { time: 5, event: { type: 'job.status' } }))).toThrow(/steps\[2\]\.at: give exactly one of start, end, time, event \(got time, event\)/);
    expect(withLesson((j) => (j.steps[0].at = { start: false }))).toThrow(/steps\[0\]\.at: start must be true/);
  });
  it('rejects a scenario that is not a file name, and checks that are not a list', () => {
    expect(withLesson((j) => (j.scenarios.main = 5))).toThrow(/scenarios\.main must name a JSON file/);
    expect(withLesson((j) => (j.steps[1].expect = { jobVertices: 2 }))).toThrow(/steps\[1\]\.expect: must be a list of checks/);
  });
  it('rejects an answer that is not a choice index', () => {
    expect(withLesson((j) => (j.steps.find((s: any) => s.question).question.answer = 'B'))).toThrow(/question\.answer: must be the 0-based index/);
  });
});

describe('lesson views', () => {
  const withLesson = (f: (j: any) => void) => {
    const dir = mkdtempSync(join(tmpdir(), 'lesson-'));
    cpSync(join(root, '01-anatomy'), dir, { recursive: true });
    const p = join(dir, 'lesson.json');
    const j = JSON.parse(readFileSync(p, 'utf8'));
    f(j);
    writeFileSync(p, JSON.stringify(j));
    return () => compileLesson(dir, join(dir, '..'));
  };

  it('names the field and the allowed values of a bad graph, stage or panel', () => {
    expect(withLesson((j) => (j.steps[1].view = { graph: 'jobs' }))).toThrow(
      /lesson\.json: steps\[1\]\.view\.graph: "jobs" is not a graph level; use one of "stream", "job", "execution"/,
    );
    expect(withLesson((j) => (j.steps[2].view = { stage: 'tm' }))).toThrow(/steps\[2\]\.view\.stage: "tm" is not a stage; use one of "graph", "cluster", "gantt"/);
    expect(withLesson((j) => (j.steps[0].view = { panel: 'Memory' }))).toThrow(
      /steps\[0\]\.view\.panel: "Memory" is not a side panel; use one of "inspector", "keys", "output", "log", "jobstatus", "memory"/,
    );
    expect(withLesson((j) => (j.steps[0].view = { graph: 2 }))).toThrow(/view\.graph: 2 is not a graph level/);
  });

  it('rejects unknown view fields, and bad select and highlight values', () => {
    expect(withLesson((j) => (j.steps[1].view = { graph: 'job', tab: 'keys' }))).toThrow(
      /steps\[1\]\.view: unknown field "tab"; a view has only "graph", "stage", "panel", "select", "highlight"/,
    );
    expect(withLesson((j) => (j.steps[1].view = 'job'))).toThrow(/steps\[1\]\.view: must be an object/);
    expect(withLesson((j) => (j.steps[1].view = { select: { subtask: 'count/1' } }))).toThrow(/view\.select: unknown field "subtask"; use \{"task": "count\/1"\}/);
    expect(withLesson((j) => (j.steps[1].view = { select: { task: 'count' } }))).toThrow(/view\.select\.task: "count" is not a subtask id/);
    expect(withLesson((j) => (j.steps[1].view = { highlight: ['counter'] }))).toThrow(/view\.highlight: no operator "counter" in the step's scenario; use its operator ids: "source", "split", "count", "print"/);
  });

  it('accepts every allowed value', () => {
    const compiled = withLesson((j) => {
      j.steps[0].view = { graph: 'stream', stage: 'graph', panel: 'log', highlight: ['count'] };
      j.steps[1].view = { graph: 'job', stage: 'cluster', panel: 'jobstatus', select: { task: 'count/1' } };
      j.steps[2].view = { graph: 'execution', stage: 'gantt', panel: 'memory', select: { record: 3 } };
    })();
    expect(compiled.steps.slice(0, 3).map((s) => [s.view?.graph, s.view?.stage, s.view?.panel])).toEqual([
      ['stream', 'graph', 'log'],
      ['job', 'cluster', 'jobstatus'],
      ['execution', 'gantt', 'memory'],
    ]);
  });

  it('"job" is the JobGraph (chains) and "execution" the subtasks, as written', () => {
    const current = withLesson((j) => {
      j.steps[1].view = { graph: 'job' };
      j.steps[2].view = { graph: 'execution' };
    })();
    expect(current.steps.slice(1, 3).map((s) => s.view?.graph)).toEqual(['job', 'execution']);
  });
});

describe('lesson Markdown', () => {
  it('joins Chinese lines without a space, and keeps English line breaks as spaces', async () => {
    const { render } = await import('../../src/lesson/compile.ts');
    expect(render('在同一个线程里运行，\n通过方法调用传递数据')).toBe('<p>在同一个线程里运行，通过方法调用传递数据</p>\n');
    expect(render('runs in one\ntask')).toBe('<p>runs in one\ntask</p>\n');
  });
});

describe('lesson 14-global-snapshots (process scenarios: classic Chandy–Lamport)', () => {
  const lesson = lessons.find((l) => l.id === '14-global-snapshots')!;
  const runs = Object.fromEntries(Object.entries(lesson.processScenarios ?? {}).map(([k, s]) => [k, ProcessRun.record(s)]));
  const positions = resolveStepPositions(lesson, runs);
  const at = (id: string) => positions[lesson.steps.findIndex((s) => s.id === id)]!;

  it('compiles its two scenario files as process scenarios, not as jobs', () => {
    expect(Object.keys(lesson.scenarios)).toEqual([]);
    expect(Object.keys(lesson.processScenarios!)).toEqual(['course', 'non-fifo']);
  });

  it('puts each step where the text says (times of the course walk-through)', () => {
    expect(at('global-state')).toEqual({ step: 0, time: 0 });
    expect(at('before').time).toBe(190);
    expect(at('initiate').time).toBe(200);
    expect(at('predict')).toEqual(at('initiate'));
    expect(at('p3-first').time).toBe(230);
    expect(at('p1-closes-c31').time).toBe(250);
    expect(at('p2-first').time).toBe(270);
    expect(at('p2-closes').time).toBe(300);
    expect(at('p1-closes').time).toBe(330);
    expect(at('terminate').time).toBe(420);
    expect(at('overtake').time).toBe(230);
    expect(lesson.steps.find((s) => s.question)!.question!.answer).not.toBe(0);
  });

  it('fails a snapshot check on a job run and a job check on a process run, saying why', () => {
    const job = lessons.find((l) => l.id === '01-anatomy')!;
    const tl = Timeline.record(validateScenario(Object.values(job.scenarios)[0]!));
    const [onJob] = evaluateChecks([{ cut: { consistent: true } }], tl, tl.steps);
    expect(onJob).toMatchObject({ ok: false, message: expect.stringMatching(/check of a process scenario/) });
    const [onProcess] = evaluateChecks([{ jobVertices: 2 }], runs.course!, 0);
    expect(onProcess).toMatchObject({ ok: false, message: expect.stringMatching(/check of a Flink job/) });
    const [early] = evaluateChecks([{ cut: { consistent: true } }], runs.course!, 5);
    expect(early).toMatchObject({ ok: false, message: 'the snapshot has not terminated yet' });
  });

  it('reports a bad process scenario and a job trace event in a process step', () => {
    const withProcessLesson = (f: (dir: string) => void) => {
      const dir = mkdtempSync(join(tmpdir(), 'lesson-'));
      cpSync(join(root, '14-global-snapshots'), dir, { recursive: true });
      f(dir);
      return () => compileLesson(dir, join(dir, '..'));
    };
    expect(
      withProcessLesson((d) => {
        const p = join(d, 'non-fifo.json');
        const s = JSON.parse(readFileSync(p, 'utf8'));
        s.snapshots[0].initiator = 'P9';
        writeFileSync(p, JSON.stringify(s));
      }),
    ).toThrow(/non-fifo\.json: .*P9/);
    expect(
      withProcessLesson((d) => {
        const p = join(d, 'lesson.json');
        const j = JSON.parse(readFileSync(p, 'utf8'));
        j.steps[1].at = { event: { type: 'record.sent' } };
        writeFileSync(p, JSON.stringify(j));
      }),
    ).toThrow(/steps\[1\]\.at\.event\.type: unknown trace event "record\.sent"; use one of process\.event, message\.sent/);
  });
});
