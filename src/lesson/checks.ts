/**
 * Lesson checks: facts a step's narrative states, evaluated against the recorded run at the step.
 * The lesson tests require every check to hold; the lesson panel shows them as verified.
 */
import type { Timeline } from '../sim/Timeline.ts';
import type { Check, CheckpointCheck, RuntimeCheck, TimeCheck } from './types.ts';
import { evaluateRuntimeCheck, RUNTIME_CHECK_KINDS } from './runtimeChecks.ts';
import { evaluateTimeCheck, TIME_CHECK_KINDS } from './timeChecks.ts';
import { CHECKPOINT_CHECK_KINDS, evaluateCheckpointCheck } from './checkpointChecks.ts';
import { assignToKeyGroup, computeOperatorIndexForKeyGroup } from '../sim/state/KeyGroupRangeAssignment.ts';
import type { ProcessRun } from '../sim/snapshot/ProcessRun.ts';
import { evaluateOnProcessRun, SNAPSHOT_CHECK_KINDS } from './snapshotChecks.ts';

export const CHECK_KINDS = [
  'jobVertices', 'chained', 'notChained', 'route', 'taskState', 'keyedState', 'recordsIn', 'idle', 'outputs', 'jobStatus',
  ...RUNTIME_CHECK_KINDS,
  ...TIME_CHECK_KINDS,
  ...CHECKPOINT_CHECK_KINDS,
  ...SNAPSHOT_CHECK_KINDS,
] as const;

export interface CheckResult {
  check: Check;
  ok: boolean;
  /** What was found, in words (for test failures and the panel). */
  message: string;
  /** The same in Chinese. */
  zh: string;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function evaluateCheck(check: Check, run: Timeline | ProcessRun, step: number): CheckResult {
  // Process scenarios (classic Chandy–Lamport) have their own checks: snapshotChecks.ts.
  const onProcess = evaluateOnProcessRun(check, run, step);
  if (onProcess) return { check, ...onProcess };
  const tl = run as Timeline;
  const plan = tl.plan;
  const world = tl.worldAt(step);
  const taskIndex = (id: string) => plan.execution.tasks.findIndex((t) => t.id === id);
  const r = (ok: boolean, message: string, zh: string): CheckResult => ({ check, ok, message, zh });
  if ('jobVertices' in check) {
    const n = plan.jobGraph.vertices.length;
    return r(n === check.jobVertices, `the JobGraph has ${n} job vertices`, `JobGraph 有 ${n} 个 JobVertex`);
  }
  if ('chained' in check) {
    const v = plan.jobGraph.vertices.find((x) => check.chained.every((op) => x.operators.includes(op)));
    const ops = check.chained.join(', ');
    return r(!!v, v ? `${ops} run in one task: ${v.name}` : `${ops} are not in one chain`, v ? `${ops} 在同一个任务中运行：${v.name}` : `${ops} 不在同一条链中`);
  }
  if ('notChained' in check) {
    const { from, to, rule } = check.notChained;
    const e = plan.streamGraph.edges.find((x) => x.source === from && x.target === to);
    const d = e ? plan.jobGraph.chainDecisions[e.index] : undefined;
    const what = d ? `${from} → ${to}: ${d.chained ? 'chained' : d.reason} (${d.rule})` : `no edge ${from} → ${to}`;
    return r(!!d && !d.chained && d.rule === rule, what, d ? `${from} → ${to}：${d.chained ? '已链接' : `未链接，规则 ${d.rule}`}` : `没有边 ${from} → ${to}`);
  }
  if ('route' in check) {
    const { operator, key, subtask, keyGroup } = check.route;
    const node = plan.streamGraph.nodes.find((n) => n.id === operator);
    if (!node) return r(false, `no operator ${operator}`, `没有算子 ${operator}`);
    const kg = assignToKeyGroup(key, node.maxParallelism);
    const idx = computeOperatorIndexForKeyGroup(node.maxParallelism, node.parallelism, kg);
    // And the run agrees: every record with this key sent into the operator went to that subtask.
    const target = (id: string) => plan.execution.tasks.find((t) => t.id === id)!;
    const stray = tl
      .traceUntil(step)
      .filter((e) => e.type === 'record.sent' && e.partitioner === 'HASH' && same(e.record.key, key))
      .filter((e) => e.type === 'record.sent' && target(e.to).operators.includes(operator) && target(e.to).subtask !== idx);
    const ok = idx === subtask && (keyGroup === undefined || kg === keyGroup) && stray.length === 0;
    const k = JSON.stringify(key);
    // Named as Flink names subtasks: "Keyed Aggregation (2/2)" is subtask index 1.
    const sub = `${node.name} (${idx + 1}/${node.parallelism})`;
    return r(
      ok,
      `key ${k} → key group ${kg} → ${sub}${stray.length ? ` (but ${stray.length} records went elsewhere)` : ''}`,
      `键 ${k} → 键组 ${kg} → ${sub}${stray.length ? `（但有 ${stray.length} 条记录去了别处）` : ''}`,
    );
  }
  if ('taskState' in check) {
    const t = world.tasks[taskIndex(check.taskState.task)];
    return r(t?.state === check.taskState.state, `${check.taskState.task} is ${t?.state ?? 'missing'}`, `${check.taskState.task} 处于 ${t?.state ?? '（不存在）'}`);
  }
  if ('keyedState' in check) {
    const { task, operator, key, value } = check.keyedState;
    const entry = world.tasks[taskIndex(task)]?.keyed[operator]?.[JSON.stringify(key)];
    const shown = `${task} ${operator}[${JSON.stringify(key)}] = ${entry ? JSON.stringify(entry.value) : ''}`;
    return r(!!entry && same(entry.value, value), entry ? shown : `${shown}nothing`, entry ? shown : `${shown}（无）`);
  }
  if ('recordsIn' in check) {
    const { task, equals, min } = check.recordsIn;
    const n = world.tasks[taskIndex(task)]?.recordsIn ?? -1;
    return r((equals === undefined || n === equals) && (min === undefined || n >= min), `${task} received ${n} records`, `${task} 收到 ${n} 条记录`);
  }
  if ('idle' in check) {
    const counts = check.idle.map((id) => world.tasks[taskIndex(id)]?.recordsIn ?? -1);
    return r(
      counts.every((n) => n === 0),
      check.idle.map((id, i) => `${id} received ${counts[i]} records`).join('; '),
      check.idle.map((id, i) => `${id} 收到 ${counts[i]} 条记录`).join('；'),
    );
  }
  if ('outputs' in check) {
    const n = tl.traceUntil(step).filter((e) => e.type === 'output.emitted').length;
    return r(n === check.outputs, `${n} lines printed`, `打印了 ${n} 行`);
  }
  if ('jobStatus' in check) return r(world.jobStatus === check.jobStatus, `the job is ${world.jobStatus}`, `作业处于 ${world.jobStatus}`);
  const kind = Object.keys(check)[0]!;
  const found = (TIME_CHECK_KINDS as readonly string[]).includes(kind)
    ? evaluateTimeCheck(check as TimeCheck, tl, step)
    : (CHECKPOINT_CHECK_KINDS as readonly string[]).includes(kind)
      ? evaluateCheckpointCheck(check as CheckpointCheck, tl, step)
      : evaluateRuntimeCheck(check as RuntimeCheck, tl, step);
  return r(found.ok, found.message, found.zh);
}

export const evaluateChecks = (checks: Check[] | undefined, tl: Timeline | ProcessRun, step: number) =>
  (checks ?? []).map((c) => evaluateCheck(c, tl, step));
