/**
 * Build-time lesson compiler (Node): reads a lesson folder, validates lesson.json, the scenarios and
 * both narratives, renders the Markdown, and returns a `CompiledLesson`. Every problem is a
 * LessonError naming the file, the field and the fix.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { marked } from 'marked';
import { TRACE_EVENT_TYPES } from '../sim/trace.ts';
import { validateScenario } from '../sim/scenario/validate.ts';
import { ScenarioError } from '../sim/scenario/ScenarioError.ts';
import type { Scenario } from '../sim/scenario/Scenario.ts';
import { LANGUAGES, type CompiledLesson, type Lang, type LessonFile, type LessonStep, type StepText, type StepView } from './types.ts';
import { CHECK_KINDS } from './checks.ts';
import { isProcessScenario, PROCESS_TRACE_EVENT_TYPES } from './snapshotChecks.ts';
import { resolveProcessScenario, type ProcessScenario } from '../sim/snapshot/ProcessScenario.ts';

export class LessonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LessonError';
  }
}

const STEP_MARK = /^<!--\s*step:\s*([A-Za-z0-9_-]+)\s*-->\s*$/m;

function readJson(file: string, shown: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new LessonError(`${shown}: file not found; create it`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new LessonError(`${shown}: not valid JSON (${(e as Error).message})`);
  }
}

/** Splits a narrative into step sections keyed by step id. */
export function splitSections(md: string, shown: string): Map<string, string> {
  const parts = md.split(STEP_MARK);
  const sections = new Map<string, string>();
  for (let i = 1; i < parts.length; i += 2) {
    const id = parts[i]!;
    if (sections.has(id)) throw new LessonError(`${shown}: step "${id}" appears twice; keep one "<!-- step: ${id} -->" section`);
    sections.set(id, parts[i + 1]!.trim());
  }
  return sections;
}

/** CJK characters and punctuation: a line break between two of them is not a space in Chinese. */
const CJK_BREAK = /([\u2E80-\u9FFF\u3000-\u303F\uFF00-\uFFEF])\n(?=[\u2E80-\u9FFF\u3000-\u303F\uFF00-\uFFEF])/g;

/**
 * Markdown → HTML. Soft line breaks between Chinese characters are dropped (a browser would show
 * them as spaces); code blocks that may scroll sideways get keyboard focus (axe:
 * scrollable-region-focusable).
 */
export const render = (md: string) =>
  (marked.parse(md.replace(CJK_BREAK, '$1'), { async: false, gfm: true }) as string).replaceAll('<pre>', '<pre tabindex="0">');
const inline = (md: string) => marked.parseInline(md, { async: false, gfm: true }) as string;

/** One step's Markdown → title, HTML and (for questions) prompt, choices, answer and reveal. */
export function compileStepText(md: string, where: string): StepText {
  const heading = /^#{1,3}\s+(.+)$/m.exec(md);
  const title = heading ? heading[1]!.trim() : '';
  const body = heading ? md.replace(heading[0], '') : md;
  const [main, rest] = body.split(/^<!--\s*question\s*-->\s*$/m);
  const text: StepText = { title, html: render(main!.trim()) };
  if (rest === undefined) return text;
  const [q, reveal] = rest.split(/^<!--\s*reveal\s*-->\s*$/m);
  if (reveal === undefined) throw new LessonError(`${where}: a question needs a "<!-- reveal -->" part after its choices`);
  const choices: string[] = [];
  let answer = -1;
  const prompt: string[] = [];
  for (const line of q!.split('\n')) {
    const m = /^\s*[-*]\s+\[( |x|X)\]\s+(.*)$/.exec(line);
    if (m) {
      if (m[1] !== ' ') {
        if (answer >= 0) throw new LessonError(`${where}: more than one choice is marked [x]; mark only the right one`);
        answer = choices.length;
      }
      choices.push(inline(m[2]!));
    } else prompt.push(line);
  }
  if (choices.length < 2) throw new LessonError(`${where}: a question needs at least two "- [ ] choice" lines`);
  if (answer < 0) throw new LessonError(`${where}: no choice is marked "[x]"; mark the right answer`);
  text.question = { promptHtml: render(prompt.join('\n').trim()), choices, answer, revealHtml: render(reveal.trim()) };
  return text;
}

/** The values a step's `view` may name. */
export const VIEW_GRAPHS = ['stream', 'job', 'execution'] as const satisfies readonly NonNullable<StepView['graph']>[];
export const VIEW_STAGES = ['graph', 'cluster', 'gantt', 'jobstatus', 'time', 'spacetime'] as const satisfies readonly NonNullable<StepView['stage']>[];
export const VIEW_PANELS = ['inspector', 'keys', 'output', 'log', 'jobstatus', 'memory', 'windows', 'checkpoints'] as const satisfies readonly NonNullable<StepView['panel']>[];
const VIEW_KEYS = ['graph', 'stage', 'panel', 'select', 'highlight'] as const;

const quoted = (xs: readonly string[]) => xs.map((x) => `"${x}"`).join(', ');

/**
 * Checks a step's `view`: known keys only, and each value one of the allowed ones. `operators` are
 * the ids of the step's scenario's operators (what `highlight` may name); `eventTime` says whether
 * that scenario has event time (the `time` stage and the `windows` panel are offered only then).
 */
export function checkView(view: unknown, p: string, operators: readonly string[], eventTime = true, checkpointing = true): void {
  if (view === undefined) return;
  if (!view || typeof view !== 'object' || Array.isArray(view)) {
    throw new LessonError(`${p}: must be an object such as {"graph": "execution", "panel": "inspector"}; use the keys ${quoted(VIEW_KEYS)}`);
  }
  const v = view as Record<string, unknown>;
  const extra = Object.keys(v).filter((k) => !(VIEW_KEYS as readonly string[]).includes(k));
  if (extra.length) throw new LessonError(`${p}: unknown field ${quoted(extra)}; a view has only ${quoted(VIEW_KEYS)}`);
  const oneOf = (key: string, allowed: readonly string[], what: string) => {
    if (v[key] === undefined) return;
    if (typeof v[key] !== 'string' || !allowed.includes(v[key])) {
      throw new LessonError(`${p}.${key}: ${JSON.stringify(v[key])} is not ${what}; use one of ${quoted(allowed)}`);
    }
  };
  oneOf('graph', VIEW_GRAPHS, 'a graph level');
  oneOf('stage', VIEW_STAGES, 'a stage');
  oneOf('panel', VIEW_PANELS, 'a side panel');
  if (!eventTime && (v.stage === 'time' || v.panel === 'windows')) {
    const what = v.stage === 'time' ? 'stage "time"' : 'panel "windows"';
    throw new LessonError(`${p}.${v.stage === 'time' ? 'stage' : 'panel'}: the ${what} is shown only for a job with event time; give the scenario a "watermarks" strategy, a window or a process operator, or choose another ${v.stage === 'time' ? 'stage' : 'panel'}`);
  }
  if (!checkpointing && v.stage === 'spacetime') {
    throw new LessonError(`${p}.stage: the stage "spacetime" is shown only for a job that checkpoints; set "execution.checkpointing.interval" in the scenario's config, or choose another stage`);
  }
  if (v.select !== undefined) {
    const sel = v.select as Record<string, unknown>;
    const forms = 'use {"task": "count/1"} or {"record": 12}';
    if (!sel || typeof sel !== 'object' || Array.isArray(sel)) throw new LessonError(`${p}.select: must be an object; ${forms}`);
    const keys = Object.keys(sel);
    const unknown = keys.filter((k) => k !== 'task' && k !== 'record');
    if (unknown.length) throw new LessonError(`${p}.select: unknown field ${quoted(unknown)}; ${forms}`);
    if (keys.length !== 1) throw new LessonError(`${p}.select: give exactly one of "task", "record" (got ${keys.length ? quoted(keys) : 'none'}); ${forms}`);
    if (sel.task !== undefined && (typeof sel.task !== 'string' || !/^[^/\s]+\/\d+$/.test(sel.task))) {
      throw new LessonError(`${p}.select.task: ${JSON.stringify(sel.task)} is not a subtask id; subtask ids are "<chain head operator>/<subtask index>", like "count/1"`);
    }
    if (sel.record !== undefined && !(Number.isInteger(sel.record) && (sel.record as number) >= 0)) {
      throw new LessonError(`${p}.select.record: must be a record id, an integer ≥ 0`);
    }
  }
  if (v.highlight !== undefined) {
    if (!Array.isArray(v.highlight) || v.highlight.some((h) => typeof h !== 'string')) {
      throw new LessonError(`${p}.highlight: must be a list of operator ids, like ["split", "count"]`);
    }
    const unknown = (v.highlight as string[]).filter((h) => !operators.includes(h));
    if (unknown.length) throw new LessonError(`${p}.highlight: no operator ${quoted(unknown)} in the step's scenario; use its operator ids: ${quoted(operators)}`);
  }
}


function checkStep(step: LessonStep, i: number, scenarios: string[], shown: string, eventTypes: readonly string[] = TRACE_EVENT_TYPES): void {
  const p = `${shown}: steps[${i}]`;
  if (!step || typeof step.id !== 'string' || !/^[A-Za-z0-9_-]+$/.test(step.id)) throw new LessonError(`${p}.id: must be a word like "chains"`);
  if (step.scenario !== undefined && !scenarios.includes(step.scenario)) {
    throw new LessonError(`${p}.scenario: "${step.scenario}" is not in "scenarios"; use one of ${scenarios.join(', ')}`);
  }
  const at = step.at as Record<string, unknown> | undefined;
  const forms = 'use one of {"start":true}, {"end":true}, {"time":ms} or {"event":{...}}';
  if (!at || typeof at !== 'object' || Array.isArray(at)) throw new LessonError(`${p}.at: missing; ${forms}`);
  const kinds = ['start', 'end', 'time', 'event'].filter((k) => k in at);
  if (kinds.length !== 1) throw new LessonError(`${p}.at: give exactly one of start, end, time, event (got ${kinds.join(', ') || 'none'}); ${forms}`);
  if (('start' in at && at.start !== true) || ('end' in at && at.end !== true)) throw new LessonError(`${p}.at: ${kinds[0]} must be true`);
  const extra = Object.keys(at).filter((k) => !['start', 'end', 'time', 'event', 'nth', 'before'].includes(k));
  if (extra.length) throw new LessonError(`${p}.at: unknown field ${extra.join(', ')}; ${forms}, with "nth" and "before" for events`);
  if (step.question !== undefined && !(Number.isInteger(step.question?.answer) && step.question.answer >= 0)) {
    throw new LessonError(`${p}.question.answer: must be the 0-based index of the right choice, e.g. {"answer": 1}`);
  }
  if (step.expect !== undefined && !Array.isArray(step.expect)) throw new LessonError(`${p}.expect: must be a list of checks`);
  if ('event' in at) {
    const ev = at.event as Record<string, unknown>;
    if (!ev || !eventTypes.includes(ev.type as never)) {
      throw new LessonError(`${p}.at.event.type: unknown trace event ${JSON.stringify(ev?.type)}; use one of ${eventTypes.join(', ')}`);
    }
    if (at.nth !== undefined && !(Number.isInteger(at.nth) && (at.nth as number) >= 1)) throw new LessonError(`${p}.at.nth: must be an integer ≥ 1`);
  } else if ('time' in at) {
    if (!Number.isInteger(at.time) || (at.time as number) < 0) throw new LessonError(`${p}.at.time: must be an integer ≥ 0 (ms)`);
  }
  for (const [j, c] of (step.expect ?? []).entries()) {
    const keys = Object.keys(c);
    if (keys.length !== 1 || !CHECK_KINDS.includes(keys[0] as never)) {
      throw new LessonError(`${p}.expect[${j}]: a check has exactly one of ${CHECK_KINDS.join(', ')}; got ${keys.join(', ') || 'nothing'}`);
    }
  }
}

export function compileLesson(dir: string, root = dir): CompiledLesson {
  const shown = (f: string) => relative(root, join(dir, f)) || f;
  const file = readJson(join(dir, 'lesson.json'), shown('lesson.json')) as LessonFile;
  const where = shown('lesson.json');
  if (typeof file !== 'object' || !file) throw new LessonError(`${where}: must be a JSON object`);
  if (typeof file.id !== 'string' || !/^[a-z0-9-]+$/.test(file.id)) throw new LessonError(`${where}: id must be lower-case words with dashes, like "01-anatomy"`);
  if (!Number.isInteger(file.order)) throw new LessonError(`${where}: order must be an integer (the lesson's place in the course)`);
  for (const lang of LANGUAGES) {
    if (typeof file.title?.[lang] !== 'string') throw new LessonError(`${where}: title.${lang} is missing; give the title in ${lang}`);
  }
  if (!file.scenarios || typeof file.scenarios !== 'object' || Object.keys(file.scenarios).length === 0) {
    throw new LessonError(`${where}: scenarios must map a name to a scenario file, e.g. {"main": "scenario.json"}`);
  }
  const scenarios: Record<string, Scenario> = {};
  const processScenarios: Record<string, ProcessScenario> = {};
  const allNames: string[] = [];
  for (const [name, f] of Object.entries(file.scenarios)) {
    if (typeof f !== 'string' || !/^[\w.-]+\.json$/.test(f)) {
      throw new LessonError(`${where}: scenarios.${name} must name a JSON file in the lesson folder, like "scenario.json"`);
    }
    const raw = readJson(join(dir, f), shown(f));
    allNames.push(name);
    if (isProcessScenario(raw)) {
      // A process scenario (classic Chandy–Lamport, src/sim/snapshot): its own validation.
      try {
        resolveProcessScenario(raw);
      } catch (e) {
        if (e instanceof ScenarioError) throw new LessonError(`${shown(f)}: ${e.message}`);
        throw e;
      }
      processScenarios[name] = raw as ProcessScenario;
      continue;
    }
    try {
      validateScenario(raw);
    } catch (e) {
      if (e instanceof ScenarioError) throw new LessonError(`${shown(f)}: ${e.message}`);
      throw e;
    }
    scenarios[name] = raw as Scenario;
  }
  if (!Array.isArray(file.steps) || file.steps.length === 0) throw new LessonError(`${where}: steps must be a non-empty list`);
  const names = allNames;
  const ids = new Set<string>();
  const operatorIds = (name: string) => (scenarios[name]?.operators ?? []).map((o) => o.id);
  /** As `hasEventTime` of the views: a watermark strategy (source or timestamps), a window or a process operator. */
  const eventTime = (name: string) =>
    (scenarios[name]?.operators ?? []).some((o) => (o.type === 'source' && o.watermarks !== undefined) || o.type === 'timestamps' || o.type === 'window' || o.type === 'process');
  /** As `checkpointing` of the views: `execution.checkpointing.interval` is set. */
  const checkpointing = (name: string) => (scenarios[name]?.config as Record<string, unknown> | undefined)?.['execution.checkpointing.interval'] !== undefined;
  file.steps.forEach((s, i) => {
    const scenario = s.scenario ?? names[0]!;
    checkStep(s, i, names, where, processScenarios[scenario] ? PROCESS_TRACE_EVENT_TYPES : TRACE_EVENT_TYPES);
    checkView((s as { view?: unknown }).view, `${where}: steps[${i}].view`, operatorIds(scenario), eventTime(scenario), checkpointing(scenario));
    if (ids.has(s.id)) throw new LessonError(`${where}: steps[${i}].id "${s.id}" is used twice`);
    ids.add(s.id);
  });
  const text = {} as Record<Lang, Record<string, StepText>>;
  for (const lang of LANGUAGES) {
    const mdFile = `${lang}.md`;
    if (!existsSync(join(dir, mdFile))) throw new LessonError(`${shown(mdFile)}: missing; every lesson has en.md and zh.md`);
    const sections = splitSections(readFileSync(join(dir, mdFile), 'utf8'), shown(mdFile));
    text[lang] = {};
    for (const step of file.steps) {
      const md = sections.get(step.id);
      if (md === undefined) throw new LessonError(`${shown(mdFile)}: no section for step "${step.id}"; add "<!-- step: ${step.id} -->"`);
      const t = compileStepText(md, `${shown(mdFile)} step "${step.id}"`);
      if (step.question && !t.question) throw new LessonError(`${shown(mdFile)} step "${step.id}": lesson.json asks a question here; add "<!-- question -->" with choices and "<!-- reveal -->"`);
      if (!step.question && t.question) throw new LessonError(`${where}: steps "${step.id}" has a question in ${mdFile}; add "question": {"answer": ${t.question.answer}}`);
      if (step.question && t.question!.answer !== step.question.answer) {
        throw new LessonError(`${shown(mdFile)} step "${step.id}": the [x] choice is #${t.question!.answer + 1} but lesson.json says answer ${step.question.answer} (0-based); make them agree`);
      }
      text[lang][step.id] = t;
    }
    for (const id of sections.keys()) {
      if (!ids.has(id)) throw new LessonError(`${shown(mdFile)}: section "${id}" matches no step in lesson.json; remove it or add the step`);
    }
  }
  const compiled: CompiledLesson = {
    id: file.id,
    order: file.order,
    title: file.title,
    scenarios,
    steps: file.steps.map((s) => {
      const step = { ...s, scenario: s.scenario ?? names[0]! };
      if (s.view) step.view = s.view;
      return step;
    }),
    text,
  };
  if (Object.keys(processScenarios).length) compiled.processScenarios = processScenarios;
  if (file.summary) compiled.summary = file.summary;
  if (file.seed !== undefined) compiled.seed = file.seed;
  return compiled;
}

/** Compiles every lesson folder under `root`, sorted by `order`. */
export function compileLessons(root: string): CompiledLesson[] {
  return readdirSync(root)
    .filter((d) => statSync(join(root, d)).isDirectory() && existsSync(join(root, d, 'lesson.json')))
    .map((d) => compileLesson(join(root, d), root))
    .sort((a, b) => a.order - b.order);
}
