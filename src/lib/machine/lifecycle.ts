/**
 * The data behind the task-lifecycle view: which subtask it shows, its last state change, and the
 * drawing options of the ExecutionState machine. Pure functions.
 */
import type { Lang } from '../../lesson/types.ts';
import type { TraceEvent } from '../../sim/trace.ts';
import type { JobPlan } from '../../sim/graph/types.ts';
import type { Selection } from '../graph/selection.ts';
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

/** The subtask shown: the selected one, else the first. Returns its index in `plan.execution.tasks`. */
export function lifecycleTask(plan: Pick<JobPlan, 'execution'>, selection: Selection | null): number {
  if (selection?.kind === 'task') {
    const i = plan.execution.tasks.findIndex((t) => t.id === selection.task);
    if (i >= 0) return i;
  }
  return 0;
}

/** The latest `task.state` change of `task` in a trace prefix (`timeline.traceUntil(step)`). */
export function lastTaskTransition(trace: readonly TraceEvent[], task: string): { from: string; to: string } | null {
  for (let i = trace.length - 1; i >= 0; i--) {
    const e = trace[i]!;
    if (e.type === 'task.state' && e.task === task) return { from: e.from, to: e.to };
  }
  return null;
}
