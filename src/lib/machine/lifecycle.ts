/**
 * The data behind the task-lifecycle view: which subtask it shows, its last state change, and the
 * drawing options of the ExecutionState machine. Pure functions.
 */
import type { Lang } from '../../lesson/types.ts';
import type { TraceEvent } from '../../sim/trace.ts';
import type { JobPlan } from '../../sim/graph/types.ts';
import type { World } from '../../sim/world.ts';
import type { Selection } from '../graph/selection.ts';
import { indexTrace, locateRecord } from '../inspect/records.ts';
import { executionStateMachine } from '../../sim/runtime/ExecutionState.ts';
import { machineLayout, type MachineLayout, type MachineLayoutOptions } from './machineGraph.ts';
import { t } from '../words.ts';

/**
 * RECONCILING is declared by Flink 1.20's ExecutionState but no main code sets it (a subtask never
 * enters it): left out of the drawing, with a footnote that says so. Its transitions stay in the
 * machine.
 */
export function lifecycleOptions(lang: Lang): MachineLayoutOptions {
  return { omit: ['RECONCILING'], footnote: t(lang, 'reconcilingNote') };
}

/** The drawing's layout (for the parent that sizes the pane). */
export function lifecycleLayout(lang: Lang): MachineLayout {
  return machineLayout(executionStateMachine, lifecycleOptions(lang));
}

/** The subtask the lifecycle shows, by index in `plan.execution.tasks`. */
export interface LifecycleTask {
  index: number;
  /** True when nothing (that has a subtask) is selected and the view chose one for the learner. */
  chosen: boolean;
}

/**
 * The subtask shown follows the selection: a subtask is itself; a record is the subtask it is in or
 * on its way to (`recordTask`); an operator is its first subtask. With nothing selected: the first
 * subtask of the last job vertex (the end of the job, the last to finish), marked `chosen`.
 */
export function lifecycleTask(
  plan: Pick<JobPlan, 'execution' | 'jobGraph'>,
  selection: Selection | null,
  recordTask: (record: number) => string | null = () => null,
): LifecycleTask {
  const tasks = plan.execution.tasks;
  let id: string | null = null;
  if (selection?.kind === 'task') id = selection.task;
  else if (selection?.kind === 'record') id = recordTask(selection.record);
  else if (selection?.kind === 'operator') id = tasks.find((t) => t.operators.includes(selection.operator))?.id ?? null;
  const index = id === null ? -1 : tasks.findIndex((t) => t.id === id);
  if (index >= 0) return { index, chosen: false };
  const last = plan.jobGraph.vertices.at(-1)?.id;
  const fallback = tasks.findIndex((t) => t.vertex === last);
  return { index: Math.max(0, fallback), chosen: true };
}

/**
 * The subtask a record is at, at this step: the one whose input queue holds it or that it travels
 * to on a channel; once gone, the last subtask that processed it (or printed it, or produced it).
 */
export function recordTask(plan: JobPlan, world: World, trace: readonly TraceEvent[], record: number): string | null {
  const at = locateRecord(plan, world, record);
  if (at?.location.kind === 'channel') return at.location.to;
  if (at?.location.kind === 'queued') return at.location.task;
  const ix = indexTrace(trace);
  return ix.childrenOf.get(record)?.at(-1)?.task ?? ix.printed.get(record)?.task ?? ix.producedBy.get(record)?.task ?? null;
}

/** The latest `task.state` change of `task` in a trace prefix (`timeline.traceUntil(step)`). */
export function lastTaskTransition(trace: readonly TraceEvent[], task: string): { from: string; to: string } | null {
  for (let i = trace.length - 1; i >= 0; i--) {
    const e = trace[i]!;
    if (e.type === 'task.state' && e.task === task) return { from: e.from, to: e.to };
  }
  return null;
}
