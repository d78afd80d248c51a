import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/main.ts';
import { Timeline } from '../../src/sim/Timeline.ts';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { TRACE_EVENT_TYPES } from '../../src/sim/trace.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Word count at parallelism 2 with two sentences. */
const WORDS = {
  name: 'tiny word count',
  seed: 3,
  job: { parallelism: 2 },
  operators: [
    { id: 'source', type: 'source', events: [{ at: 10, value: 'a b a', subtask: 0 }, { at: 500, value: 'b c', subtask: 1 }] },
    { id: 'split', type: 'flatMap', input: 'source', fn: 'splitWords' },
    { id: 'count', type: 'sum', input: 'split', keyBy: 0, field: 1 },
    { id: 'print', type: 'sink', input: 'count' },
  ],
};

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'flinkscope-cli-'));
  writeFileSync(join(dir, 'wc.json'), JSON.stringify(WORDS, null, 2));
  writeFileSync(join(dir, 'broken.json'), '{\n  "operators": [\n    {"id": "a",}\n  ]\n}\n');
  writeFileSync(join(dir, 'invalid.json'), JSON.stringify({ ...WORDS, operators: [WORDS.operators[0], { ...WORDS.operators[2], parallelism: 0 }] }));
  writeFileSync(join(dir, 'capped.json'), JSON.stringify({ ...WORDS, maxEvents: 5 }));
  const lesson = join(dir, 'lessons', '07-tiny');
  mkdirSync(lesson, { recursive: true });
  writeFileSync(join(lesson, 'main.json'), JSON.stringify(WORDS));
  writeFileSync(join(lesson, 'other.json'), JSON.stringify({ ...WORDS, name: 'other one' }));
  writeFileSync(join(lesson, 'lesson.json'), JSON.stringify({ id: '07-tiny', seed: 99, scenarios: { main: 'main.json', other: 'other.json' }, steps: [] }));
  mkdirSync(join(dir, 'not-a-lesson'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in-process in the temp dir. */
async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s), cwd: dir });
  return { code, out, err: err.join('\n') };
}

describe('flinkscope CLI: arguments', () => {
  it('prints help with --help and usage (exit 2) with no arguments', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.out.join('\n')).toContain('Usage: flinkscope run <scenario-or-lesson>');
    expect(help.out.join('\n')).toContain('--seed N');
    const none = await cli();
    expect(none.code).toBe(2);
    expect(none.err).toContain('Usage:');
  });

  it('rejects an unknown command and unknown flags with a suggestion', async () => {
    const cmd = await cli('rnu', 'wc.json');
    expect(cmd.code).toBe(2);
    expect(cmd.err).toContain('unknown command "rnu"');
    expect(cmd.err).toContain('did you mean "run"');
    const flag = await cli('run', 'wc.json', '--sed', '4');
    expect(flag.code).toBe(2);
    expect(flag.err).toContain('unknown option --sed; did you mean --seed?');
  });

  it('rejects a missing or bad flag value, naming the flag and the fix', async () => {
    const missing = await cli('run', 'wc.json', '--seed');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--seed needs a value');
    for (const bad of ['abc', '1.5', '2147483648']) {
      const r = await cli('run', 'wc.json', '--seed', bad);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`--seed must be a 32-bit integer, got "${bad}"`);
    }
    const until = await cli('run', 'wc.json', '--until=0');
    expect(until.code).toBe(2);
    expect(until.err).toContain('--until must be an integer > 0');
    const json = await cli('run', 'wc.json', '--json=yes');
    expect(json.code).toBe(2);
    expect(json.err).toContain('--json takes no value');
  });

  it('requires exactly one scenario or lesson', async () => {
    const none = await cli('run', '--json');
    expect(none.code).toBe(2);
    expect(none.err).toContain('missing <scenario-or-lesson>');
    const two = await cli('run', 'wc.json', 'wc.json');
    expect(two.code).toBe(2);
    expect(two.err).toContain('expected one scenario or lesson');
  });
});

describe('flinkscope CLI: bad input', () => {
  it('reports a missing file, suggesting lessons', async () => {
    const r = await cli('run', 'nope.json');
    expect(r.code).toBe(2);
    expect(r.err).toContain('no such file or lesson: nope.json');
    const id = await cli('run', '07-tine');
    expect(id.err).toContain('did you mean 07-tiny?');
  });

  it('reports invalid JSON with file, line and column, without a stack trace', async () => {
    const r = await cli('run', 'broken.json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/broken\.json:3:\d+: invalid JSON/);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('reports every scenario issue with its path and fix', async () => {
    const r = await cli('run', 'invalid.json');
    expect(r.code).toBe(2);
    expect(r.err).toContain('invalid.json is not a valid scenario');
    expect(r.err).toContain('operators[1].parallelism: must be 1..maxParallelism (128), got 0');
    expect(r.err).toContain('operators[1].input: no operator "split"');
  });

  it('exits 1 on a simulation error (event cap), naming the cap and the fix', async () => {
    const r = await cli('run', 'capped.json', '--quiet');
    expect(r.code).toBe(1);
    expect(r.err).toContain('simulation stopped');
    expect(r.err).toContain('maxEvents = 5');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('rejects a folder without lesson.json and an unknown lesson scenario', async () => {
    const folder = await cli('run', 'not-a-lesson');
    expect(folder.code).toBe(2);
    expect(folder.err).toContain('has no lesson.json');
    const name = await cli('run', 'lessons/07-tiny', '--scenario', 'mian');
    expect(name.code).toBe(2);
    expect(name.err).toContain('no scenario "mian"; did you mean "main"?');
    expect(name.err).toContain('main, other');
    const file = await cli('run', 'wc.json', '--scenario', 'main');
    expect(file.code).toBe(2);
    expect(file.err).toContain('--scenario only applies to lessons');
  });
});

describe('flinkscope CLI: runs', () => {
  it('--json prints the exact trace, one event per line, then a summary', async () => {
    const r = await cli('run', 'wc.json', '--json');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const lines = r.out.map((l) => JSON.parse(l));
    const summary = lines.pop();
    const expected = Timeline.record(validateScenario(WORDS)).trace;
    expect(lines).toEqual(JSON.parse(JSON.stringify(expected)));
    for (const e of lines) expect(TRACE_EVENT_TYPES).toContain(e.type);
    expect(summary).toMatchObject({ type: 'summary', scenario: 'wc.json', seed: 3, jobStatus: 'FINISHED', stopReason: 'finished', sourceRecords: 2 });
    expect(summary.steps).toBeGreaterThanOrEqual(lines[lines.length - 1].step);
    expect(summary.outputs).toEqual(lines.filter((e) => e.type === 'output.emitted').map((e) => e.text));
    expect(summary.outputs).toHaveLength(5); // a b a b c
    expect(summary.tasks.map((t: { id: string }) => t.id)).toEqual(['source/0', 'source/1', 'count/0', 'count/1']);
    const into = (id: string) => summary.tasks.find((t: { id: string }) => t.id === id).recordsIn;
    expect(into('count/0') + into('count/1')).toBe(5);
  });

  it('prints readable lines and a summary; --quiet keeps only the summary', async () => {
    const r = await cli('run', 'wc.json');
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    expect(text).toMatch(/^t= +\d+ms step +\d+ {2}job\.status/m);
    expect(text).toMatch(/record\.sent +source\/\d → count\/\d {2}#\d+ \("a",1\) HASH key="a" kg=\d+/);
    expect(text).toContain('records emitted by sources: 2');
    expect(text).toContain('outputs (5):');
    expect(text).toMatch(/count\/0 +FINISHED/);
    const quiet = await cli('run', 'wc.json', '--quiet');
    expect(quiet.out.some((l) => l.startsWith('t='))).toBe(false);
    expect(quiet.out.join('\n')).toContain('job FINISHED');
  });

  it('lists only the last 50 outputs in the readable summary', async () => {
    const gen = { ...WORDS, operators: [{ id: 'source', type: 'source', generator: { seed: 1, ratePerSec: 1000, count: 30, values: ['x y'] } }, ...WORDS.operators.slice(1)] };
    writeFileSync(join(dir, 'many.json'), JSON.stringify(gen));
    const r = await cli('run', 'many.json', '--quiet');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('outputs (120, the last 50; --json lists all):');
    expect(r.out.some((l) => l.endsWith('> (x,60)'))).toBe(true); // the final count of x: 2 subtasks × 30
    expect(r.out.filter((l) => /^ {2}\d+> \(/.test(l))).toHaveLength(50);
  });

  it('--until overrides the scenario and --seed the seed', async () => {
    const r = await cli('run', 'wc.json', '--json', '--until', '300', '--seed=-8');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out[r.out.length - 1]!);
    expect(summary.seed).toBe(-8);
    expect(summary.stopReason).toBe('until');
    expect(summary.endTime).toBeLessThanOrEqual(300);
    expect(summary.sourceRecords).toBe(1); // the second sentence comes at 500 ms
  });

  it('is deterministic', async () => {
    const a = await cli('run', 'wc.json', '--json');
    const b = await cli('run', 'wc.json', '--json');
    expect(a.out).toEqual(b.out);
  });

  it('runs a lesson by folder, by id and by id prefix, with the lesson seed', async () => {
    for (const target of ['lessons/07-tiny', 'lessons/07-tiny/lesson.json', '07-tiny', '07']) {
      const r = await cli('run', target, '--json', '--quiet');
      expect(r.code, r.err).toBe(0);
      expect(r.out).toHaveLength(1);
      expect(JSON.parse(r.out[0]!)).toMatchObject({ type: 'summary', seed: 99, scenario: join('lessons', '07-tiny', 'main.json') });
    }
    const other = await cli('run', '07-tiny', '--scenario', 'other', '--seed', '5', '--quiet');
    expect(other.code).toBe(0);
    expect(other.out[0]).toBe('other one (seed 5)');
  });
});

describe('flinkscope bin', () => {
  it('runs as a child process: node src/cli/flinkscope.mjs run <file> --json', async () => {
    const run = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
        execFile(process.execPath, [join(REPO, 'src/cli/flinkscope.mjs'), ...args], { cwd: dir }, (error, stdout, stderr) => {
          done({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr });
        });
      });
    const ok = await run(['run', join(dir, 'wc.json'), '--json']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const lines = ok.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ step: 1, t: 0, type: 'taskmanager.status', tm: 'tm-1', to: 'starting' });
    expect(lines.find((l) => l.type === 'job.status')).toMatchObject({ type: 'job.status', from: 'INITIALIZING', to: 'CREATED' });
    expect(lines[lines.length - 1]).toMatchObject({ type: 'summary', jobStatus: 'FINISHED', sourceRecords: 2 });
    const bad = await run(['run', 'missing.json']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('no such file or lesson: missing.json');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
