/**
 * The `flinkscope` command line: runs a scenario (a JSON file, a lesson folder or a lesson id) to
 * its end and prints the trace, one line per event (or one JSON object per line with `--json`),
 * then a summary. `runCli` is what the `bin` launcher calls; tests call it in-process.
 */
import { TIME_EVENT_TYPES, formatTimeEvent } from './formatTime.ts';
import { describeClusterEvent } from '../lib/describeCluster.ts';
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Timeline } from '../sim/Timeline.ts';
import { SimulationError } from '../sim/kernel/errors.ts';
import type { Json, ResolvedScenario } from '../sim/scenario/Scenario.ts';
import { ScenarioError } from '../sim/scenario/ScenarioError.ts';
import { isPlainObject, LIMITS } from '../sim/scenario/schema.ts';
import { parseJsonText, suggest, validateScenario } from '../sim/scenario/validate.ts';
import type { TraceEvent } from '../sim/trace.ts';

/** Where the CLI writes and what it resolves relative paths against. */
export interface CliIo {
  /** One line of standard output (no trailing newline). */
  out(line: string): void;
  /** One line (or block) of standard error. */
  err(line: string): void;
  /** Directory relative paths are resolved against. */
  cwd: string;
}

export const USAGE = `Usage: flinkscope run <scenario-or-lesson> [options]

Runs a Flinkscope scenario to its end and prints its trace, then a summary.

  <scenario-or-lesson>  a scenario JSON file, a lesson folder (lessons/01-anatomy)
                        or a lesson id (01-anatomy, looked up under lessons/)

Options:
  --seed N          seed of the run (a 32-bit integer; default: the lesson's, else the scenario's)
  --until T         stop at simulated time T ms (overrides the scenario's "until")
  --scenario NAME   which scenario of a lesson to run (default: the first in lesson.json)
  --json            one JSON object per line: every trace event, then {"type":"summary",…}
  --quiet           print only the summary
  -h, --help        show this help

Exit codes: 0 ok, 1 the simulation failed (e.g. event cap), 2 bad arguments or scenario.`;

/** Bad command line or input file: printed without a stack trace, exit code 2. */
class UsageError extends Error {}

interface Options {
  target: string;
  seed?: number;
  until?: number;
  scenario?: string;
  json: boolean;
  quiet: boolean;
}

const VALUE_FLAGS = ['--seed', '--until', '--scenario'] as const;
const BOOL_FLAGS = ['--json', '--quiet', '--help', '-h'] as const;
/** The readable summary lists at most this many outputs (the last ones). */
const MAX_SUMMARY_OUTPUTS = 50;
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Runs the CLI; resolves to the exit code. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    if (argv.length === 0) {
      io.err(USAGE);
      return 2;
    }
    if (argv.some((a) => a === '--help' || a === '-h') || argv[0] === 'help') {
      io.out(USAGE);
      return 0;
    }
    const opts = parseArgs(argv);
    await run(opts, io);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`flinkscope: ${e.message}`);
      return 2;
    }
    if (e instanceof ScenarioError) {
      io.err(`flinkscope: invalid input:\n${indent(e)}`);
      return 2;
    }
    if (e instanceof SimulationError) {
      io.err(`flinkscope: simulation stopped: ${e.message}`);
      return 1;
    }
    const msg = e instanceof Error ? e.message : String(e);
    io.err(`flinkscope: internal error: ${msg} (this is a bug; set FLINKSCOPE_DEBUG=1 to see the stack)`);
    if (process.env.FLINKSCOPE_DEBUG && e instanceof Error && e.stack) io.err(e.stack);
    return 1;
  }
}

function parseArgs(argv: string[]): Options {
  const [command, ...rest] = argv;
  if (command !== 'run') {
    const hint = command?.startsWith('-') ? 'put the command first: flinkscope run <scenario-or-lesson>' : `${suggest(command ?? '', ['run']) ? 'did you mean "run"? ' : ''}the only command is "run"`;
    throw new UsageError(`unknown command "${command}": ${hint} (see flinkscope --help)`);
  }
  const opts: Options = { target: '', json: false, quiet: false };
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if ((BOOL_FLAGS as readonly string[]).includes(flag)) {
      if (eq > 0) throw new UsageError(`${flag} takes no value, got "${arg}"`);
      if (flag === '--json') opts.json = true;
      if (flag === '--quiet') opts.quiet = true;
      continue;
    }
    if (!(VALUE_FLAGS as readonly string[]).includes(flag)) {
      const near = suggest(flag, [...VALUE_FLAGS, ...BOOL_FLAGS]);
      throw new UsageError(`unknown option ${flag}${near ? `; did you mean ${near}?` : ''} (see flinkscope --help)`);
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (i + 1 < rest.length && !rest[i + 1]!.startsWith('--')) value = rest[++i];
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value, e.g. ${flag} ${flag === '--scenario' ? 'main' : '42'}`);
    if (flag === '--seed') opts.seed = integerFlag(flag, value, LIMITS.int32Min, LIMITS.int32Max, 'a 32-bit integer');
    else if (flag === '--until') opts.until = integerFlag(flag, value, 1, Number.MAX_SAFE_INTEGER, 'an integer > 0 (simulated ms)');
    else opts.scenario = value;
  }
  if (positional.length === 0) throw new UsageError('missing <scenario-or-lesson>: give a scenario JSON file, a lesson folder or a lesson id, e.g. flinkscope run 01-anatomy');
  if (positional.length > 1) throw new UsageError(`expected one scenario or lesson, got ${positional.length}: ${positional.join(' ')}`);
  opts.target = positional[0]!;
  return opts;
}

const indent = (e: ScenarioError) => e.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n');

function integerFlag(flag: string, value: string, min: number, max: number, what: string): number {
  const n = /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be ${what}, got "${value}"`);
  return n;
}

/** A scenario file to run, with the lesson's seed when it comes from a lesson. */
interface Target {
  file: string;
  lessonSeed?: number;
}

async function run(opts: Options, io: CliIo): Promise<void> {
  const target = await resolveTarget(opts, io.cwd);
  const shown = displayPath(target.file, io.cwd);
  const text = await readText(target.file, 'scenario');
  let scenario: ResolvedScenario;
  try {
    const raw = parseJsonText(text, shown);
    if (opts.until !== undefined && isPlainObject(raw)) raw.until = opts.until;
    scenario = validateScenario(raw);
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(`${shown} is not a valid scenario:\n${indent(e)}`);
    throw e;
  }
  const seed = opts.seed ?? target.lessonSeed ?? scenario.seed;
  scenario.seed = seed;
  const tl = Timeline.record(scenario, { seed });

  if (!opts.quiet) for (const e of tl.trace) io.out(opts.json ? JSON.stringify(e) : formatEvent(e));
  const world = tl.worldAt(tl.steps);
  const outputs = tl.trace.flatMap((e) => (e.type === 'output.emitted' ? [e.text] : []));
  const summary = {
    type: 'summary' as const,
    scenario: shown,
    seed,
    steps: tl.steps,
    endTime: tl.endTime,
    stopReason: tl.stopReason,
    jobStatus: world.jobStatus,
    sourceRecords: tl.trace.filter((e) => e.type === 'source.emitted').length,
    outputs,
    tasks: tl.plan.execution.tasks.map((t, i) => ({
      id: t.id,
      name: t.name,
      state: world.tasks[i]!.state,
      recordsIn: world.tasks[i]!.recordsIn,
      recordsOut: world.tasks[i]!.recordsOut,
    })),
  };
  if (opts.json) {
    io.out(JSON.stringify(summary));
    return;
  }
  if (!opts.quiet) io.out('');
  io.out(`${scenario.name ?? basename(target.file)} (seed ${seed})`);
  io.out(`steps ${summary.steps}, end time ${summary.endTime} ms (${summary.stopReason}), job ${summary.jobStatus}`);
  io.out(`records emitted by sources: ${summary.sourceRecords}`);
  const shownOutputs = outputs.slice(-MAX_SUMMARY_OUTPUTS);
  io.out(`outputs (${outputs.length}${shownOutputs.length < outputs.length ? `, the last ${shownOutputs.length}; --json lists all` : ''}):`);
  for (const o of shownOutputs) io.out(`  ${o}`);
  const w = Math.max(4, ...summary.tasks.map((t) => t.id.length));
  io.out(`tasks:\n  ${'task'.padEnd(w)}  ${'state'.padEnd(12)} ${'in'.padStart(6)} ${'out'.padStart(6)}  name`);
  for (const t of summary.tasks) {
    io.out(`  ${t.id.padEnd(w)}  ${t.state.padEnd(12)} ${String(t.recordsIn).padStart(6)} ${String(t.recordsOut).padStart(6)}  ${t.name}`);
  }
}

/** A scenario file, a lesson folder (or its lesson.json) or a lesson id under `lessons/`. */
async function resolveTarget(opts: Options, cwd: string): Promise<Target> {
  const path = resolve(cwd, opts.target);
  const kind = await fileKind(path);
  if (kind === 'dir') return fromLesson(path, opts.scenario);
  if (kind === 'file' && basename(path) === 'lesson.json') return fromLesson(dirname(path), opts.scenario);
  if (kind === 'file') {
    if (opts.scenario !== undefined) throw new UsageError(`--scenario only applies to lessons; ${opts.target} is a scenario file: drop --scenario`);
    return { file: path };
  }
  const looksLikeId = /^[\w.-]+$/.test(opts.target) && !opts.target.endsWith('.json');
  const known = new Set<string>();
  if (looksLikeId) {
    for (const root of new Set([cwd, REPO_ROOT])) {
      const dir = join(root, 'lessons');
      const ids = (await readdir(dir).catch(() => [] as string[])).filter((d) => !d.startsWith('.'));
      ids.forEach((d) => known.add(d));
      const match = ids.includes(opts.target) ? opts.target : ids.filter((d) => d.startsWith(`${opts.target}-`)).length === 1 ? ids.find((d) => d.startsWith(`${opts.target}-`)) : undefined;
      if (match && (await fileKind(join(dir, match))) === 'dir') return fromLesson(join(dir, match), opts.scenario);
    }
  }
  const near = suggest(opts.target, [...known]);
  throw new UsageError(
    `no such file or lesson: ${opts.target}; give a scenario JSON file, a lesson folder or a lesson id` +
      (near ? ` (did you mean ${near}?)` : known.size ? ` (lessons: ${[...known].sort().join(', ')})` : ''),
  );
}

async function fromLesson(dir: string, name: string | undefined): Promise<Target> {
  const file = join(dir, 'lesson.json');
  if ((await fileKind(file)) !== 'file') throw new UsageError(`${dir} is not a lesson: it has no lesson.json (a lesson folder lists its scenarios there)`);
  let lesson: unknown;
  try {
    lesson = parseJsonText(await readText(file, 'lesson'), file);
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(`${file} is not valid:\n${indent(e)}`);
    throw e;
  }
  const scenarios = isPlainObject(lesson) ? lesson.scenarios : undefined;
  if (!isPlainObject(scenarios) || Object.keys(scenarios).length === 0 || !Object.values(scenarios).every((f) => typeof f === 'string')) {
    throw new UsageError(`${file}: "scenarios" must map names to scenario files, e.g. {"main": "scenario.json"}`);
  }
  const names = Object.keys(scenarios);
  const chosen = name ?? names[0]!;
  if (!Object.hasOwn(scenarios, chosen)) {
    const near = suggest(chosen, names);
    throw new UsageError(`--scenario: the lesson has no scenario "${chosen}"; ${near ? `did you mean "${near}"? ` : ''}its scenarios: ${names.join(', ')}`);
  }
  const seed = (lesson as Record<string, Json>).seed;
  if (seed !== undefined && !(Number.isInteger(seed) && (seed as number) >= LIMITS.int32Min && (seed as number) <= LIMITS.int32Max)) {
    throw new UsageError(`${file}: "seed" must be a 32-bit integer, got ${JSON.stringify(seed)}`);
  }
  const target: Target = { file: join(dir, scenarios[chosen] as string) };
  if (typeof seed === 'number') target.lessonSeed = seed;
  return target;
}

/** `file` relative to `cwd` when it lies inside it, else absolute. */
function displayPath(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

async function fileKind(path: string): Promise<'file' | 'dir' | null> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? 'dir' : 'file';
  } catch {
    return null;
  }
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${what} file not found: ${file}` : `cannot read ${what} file ${file}: ${(e as Error).message}`);
  }
}

/** A value as Flink prints it, tuples in parentheses: `("flink",1)`. */
export function formatValue(v: Json | undefined): string {
  if (Array.isArray(v)) return `(${v.map(formatValue).join(',')})`;
  return JSON.stringify(v) ?? 'undefined';
}

/** One readable line per trace event: `t=  120ms step 14  record.sent      source/0 → count/1  ("flink",1) HASH kg=94`. */
export function formatEvent(e: TraceEvent): string {
  const head = `t=${String(e.t).padStart(6)}ms step ${String(e.step).padStart(5)}  ${e.type.padEnd(16)} `;
  switch (e.type) {
    case 'job.status':
      return `${head}job ${e.from} → ${e.to}`;
    case 'task.state':
      return `${head}${e.task}  ${e.from} → ${e.to}${e.attempt ? ` (attempt ${e.attempt})` : ''}`;
    case 'source.emitted':
      return `${head}${e.task}  offset ${e.offset}  #${e.record.id} ${formatValue(e.record.value)}`;
    case 'record.sent': {
      const kg = e.record.keyGroup !== undefined ? ` key=${formatValue(e.record.key)} kg=${e.record.keyGroup}` : '';
      return `${head}${e.task} → ${e.to}  #${e.record.id} ${formatValue(e.record.value)} ${e.partitioner}${kg} arrives ${e.arrivesAt}ms`;
    }
    case 'record.received':
      return `${head}${e.task} ← ${e.from}  #${e.record}`;
    case 'record.processed':
      return `${head}${e.task}  ${e.operator} #${e.record}${e.outputs.length ? ` → ${e.outputs.map((o) => `#${o}`).join(' ')}` : ' → (nothing)'}`;
    case 'state.changed':
      return `${head}${e.task}  ${e.operator} key=${formatValue(e.key)} kg=${e.keyGroup}  ${formatValue(e.from ?? null)} → ${formatValue(e.to)}`;
    case 'output.emitted':
      return `${head}${e.task}  ${e.operator}  ${e.text}`;
    case 'end.sent':
      return `${head}${e.task} → ${e.to}  end of partition, arrives ${e.arrivesAt}ms`;
    case 'end.received':
      return `${head}${e.task} ← ${e.from}  end of partition`;
    case 'action.applied':
      return `${head}${JSON.stringify(e.action)}`;
    default:
      if (TIME_EVENT_TYPES.has(e.type)) return `${head}${formatTimeEvent(e)}`;
      // Cluster events: the same sentence the Log tab shows.
      return `${head}${describeClusterEvent(e as Parameters<typeof describeClusterEvent>[0], 'en')}`;
  }
}
