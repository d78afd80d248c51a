/**
 * A window operator's configuration, resolved from its scenario entry
 * (`{"type": "window", "window": {…}, "trigger": {…}, "evictor": {…}, "allowedLateness", "lateOutput",
 * "aggregate", "field", "function"}`) with the checks Flink itself makes, quoting Flink's messages.
 *
 * Errors: `checkWindowSpec` returns every problem as `{path, message}` (path relative to the operator,
 * e.g. `window.size`); `resolveWindowSpec` throws a `ScenarioError` with them, so callers validate first.
 * Only what Flink rejects is an error, plus a few simulator limits that say so in their message.
 */
import type { FieldRef, Json } from '../scenario/Scenario.ts';
import { ScenarioError, type ScenarioIssue } from '../scenario/ScenarioError.ts';
import { defaultTrigger, isEventTime, isMerging, type AssignerSpec } from './WindowAssigner.ts';
import { canMerge, type TriggerSpec } from './Triggers.ts';
import type { EvictorSpec } from './Evictors.ts';
import { AGGREGATE_NAMES, FIELD_AGGREGATES, FUNCTION_KINDS, type WindowFunctionSpec } from './WindowFunctions.ts';
import { parseAssigner, parseEvictor, parseTrigger, readDuration, unknownName, type Add } from './WindowSpecParts.ts';

/** The resolved window operator: assigner, trigger, evictor, lateness, late-data tag and function. */
export interface ResolvedWindowSpec extends WindowFunctionSpec {
  assigner: AssignerSpec;
  /** The trigger in effect: the one given, else the count window's, else the assigner's default. */
  trigger: TriggerSpec;
  /** With an evictor every element is buffered (EvictingWindowOperator). */
  evictor: EvictorSpec | null;
  /** `allowedLateness(…)` in ms, as given; Flink only applies it to event-time assigners. */
  allowedLateness: number;
  /** `sideOutputLateData(new OutputTag(lateOutput))`. */
  lateOutput: string | null;
  /** Things Flink accepts but ignores (lateness on processing-time windows …), for views and the CLI. */
  notes: string[];
}
/** Alias of `ResolvedWindowSpec`. */
export type WindowSpec = ResolvedWindowSpec;

/** A window operator entry as written (keys unchecked). */
export type RawWindowOperator = { id?: unknown; [key: string]: unknown } | { id: string; window: { [key: string]: Json } };

const isObj = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
const isFieldRef = (x: unknown): x is FieldRef =>
  (typeof x === 'number' && Number.isInteger(x) && x >= 0) || (typeof x === 'string' && x.length > 0);

/** Checks and resolves; `spec` is null when there are issues. */
export function parseWindowSpec(raw: RawWindowOperator): { spec: ResolvedWindowSpec | null; issues: ScenarioIssue[] } {
  const op = raw as Record<string, unknown>;
  const issues: ScenarioIssue[] = [];
  const add: Add = (path, message) => {
    if (!issues.some((i) => i.path === path)) issues.push({ path, message });
  };
  const notes: string[] = [];
  const id = typeof op.id === 'string' ? op.id : '?';

  if (!isObj(op.window)) {
    add('window', 'is required for a window operator and must be an object: add "window": {"type": "tumbling", "size": "5 s"}');
    return { spec: null, issues };
  }
  const win = parseAssigner(op.window, add);
  let trigger = win?.trigger ?? null;
  let evictor = win?.evictor ?? null;
  const assigner = win?.assigner ?? null;

  if (op.trigger !== undefined) {
    const t = isObj(op.trigger) ? parseTrigger(op.trigger, assigner, add) : (add('trigger', 'must be an object such as {"type": "count", "count": 3}'), null);
    if (t && assigner) {
      // WindowOperatorBuilder.java#trigger
      if (isMerging(assigner) && !canMerge(t)) {
        const fix = 'Use a trigger that can merge (eventTime, processingTime, count, continuousEventTime).';
        add('trigger', `A merging window assigner cannot be used with a trigger that does not support merging. ${fix}`);
      }
      if (win?.trigger) notes.push('trigger replaces the trigger of the count window (WindowedStream.trigger sets the only trigger).');
    }
    trigger = t;
  }
  if (op.evictor !== undefined) {
    const e = isObj(op.evictor) ? parseEvictor(op.evictor, add) : (add('evictor', 'must be an object such as {"type": "count", "max": 3}'), null);
    if (e && win?.evictor) notes.push('evictor replaces the CountEvictor of countWindow(size, slide) (WindowedStream.evictor sets the only evictor).');
    evictor = e;
  }

  let allowedLateness = 0;
  if (op.allowedLateness !== undefined) {
    const l = readDuration(op.allowedLateness, 'allowedLateness', add);
    // WindowOperatorBuilder.java#allowedLateness: checkArgument(millis >= 0, …)
    if (l !== null && l < 0) add('allowedLateness', `The allowed lateness cannot be negative. Got ${l} ms: use 0 or more.`);
    else if (l !== null) allowedLateness = l;
    // WindowOperator.java#cleanupTime / #isWindowLate / #isElementLate apply it only when isEventTime()
    if (l !== null && l > 0 && assigner && !isEventTime(assigner)) {
      notes.push('allowedLateness is ignored: Flink applies it only to event-time windows (WindowOperator.cleanupTime, isWindowLate).');
    }
  }
  let lateOutput: string | null = null;
  if (op.lateOutput !== undefined) {
    if (typeof op.lateOutput !== 'string' || op.lateOutput === '') add('lateOutput', 'OutputTag id must not be empty. Name the side output tag, e.g. "late".');
    else lateOutput = op.lateOutput;
    if (assigner && !isEventTime(assigner)) notes.push('lateOutput never receives records: only event-time windows have late data (WindowOperator.isElementLate).');
  }

  let aggregate: WindowFunctionSpec['aggregate'] = 'sum';
  let aggregateOk = true;
  if (op.aggregate !== undefined) {
    const a = op.aggregate;
    if (typeof a === 'string' && (AGGREGATE_NAMES as readonly string[]).includes(a)) aggregate = a as WindowFunctionSpec['aggregate'];
    else {
      aggregateOk = false;
      add('aggregate', unknownName('aggregate', a, AGGREGATE_NAMES));
    }
  }
  let field: FieldRef = '$';
  if (op.field !== undefined && !isFieldRef(op.field)) {
    add('field', 'must be a tuple position (integer ≥ 0), a field name, or "$" for the whole value');
  } else if (aggregateOk && FIELD_AGGREGATES.includes(aggregate)) {
    if (op.field === undefined) add('field', `aggregate "${aggregate}" reads a field: add "field": 1 (a tuple position), a field name, or "$" for the whole value`);
    else field = op.field;
  } else if (op.field !== undefined) {
    notes.push(`field is ignored: aggregate "${aggregate}" does not read a field.`);
  }
  let fn: WindowFunctionSpec['function'] = 'aggregate';
  if (op.function !== undefined) {
    const f = op.function;
    if (typeof f === 'string' && (FUNCTION_KINDS as readonly string[]).includes(f)) fn = f as WindowFunctionSpec['function'];
    else add('function', unknownName('window function', f, FUNCTION_KINDS));
  }

  trigger ??= assigner ? defaultTrigger(assigner) : null;
  if (issues.length > 0 || !assigner || !trigger) return { spec: null, issues };
  return { spec: { id, assigner, trigger, evictor, allowedLateness, lateOutput, aggregate, field, function: fn, notes }, issues };
}

/** Every problem of a window operator entry (paths relative to the operator: `window.size`, `trigger.count` …). */
export function checkWindowSpec(raw: RawWindowOperator): ScenarioIssue[] {
  return parseWindowSpec(raw).issues;
}

/** The resolved spec; throws `ScenarioError` (paths prefixed with the operator id) when the entry is invalid. */
export function resolveWindowSpec(raw: RawWindowOperator): ResolvedWindowSpec {
  const { spec, issues } = parseWindowSpec(raw);
  if (spec) return spec;
  const id = typeof raw.id === 'string' ? raw.id : '?';
  throw new ScenarioError(issues.map((i) => ({ path: `operator "${id}" ${i.path}`, message: i.message })));
}
