/**
 * One open run: the original recording, the player over the current (maybe forked) timeline, and
 * what the views show (main stage, graph level, selection, side tab, highlight). Forking applies a
 * learner action at the playhead and re-simulates the future; "back to original" drops every fork.
 */
import type { Action } from '../../sim/actions.ts';
import type { Position, Timeline } from '../../sim/Timeline.ts';
import type { World } from '../../sim/world.ts';
import type { StepView } from '../../lesson/types.ts';
import type { Selection } from '../graph/selection.ts';
import type { Level } from '../graph/layoutTypes.ts';
import { PlayerState } from '../player/PlayerState.svelte.ts';
import { hasEventTime } from '../time/timeModel.ts';
import { resolveCheckpointConfig } from '../../sim/checkpoint/CheckpointConfig.ts';

export type Tab = 'inspector' | 'keys' | 'windows' | 'output' | 'checkpoints' | 'log' | 'jobstatus' | 'memory';
export type { Level } from '../graph/layoutTypes.ts';
/**
 * What the main area shows: the graph (at its level), the cluster, the Gantt timeline of subtask
 * states, the JobStatus machine, event time (the event-time × processing-time plot), or the
 * space-time diagram of the subtasks (barriers, records, a checkpoint's cut; jobs that checkpoint).
 */
export type Stage = 'graph' | 'cluster' | 'gantt' | 'jobstatus' | 'time' | 'spacetime';

export class RunSession {
  /** The run without learner actions (same scenario and seed). */
  original: Timeline = $state.raw() as unknown as Timeline;
  readonly player: PlayerState;
  /** Graph level shown on the graph stage (the ExecutionGraph: subtasks and their states). */
  level: Level = $state('execution');
  stage: Stage = $state('graph');
  selection: Selection | null = $state.raw(null);
  tab: Tab = $state('inspector');
  highlight: string[] = $state.raw([]);
  /** Keyed operator shown in the key-groups tab (null: the first keyed operator). */
  keyOperator: string | null = $state(null);
  /** Operator shown by the event-time plot (null: the first window operator, else the last with a watermark). */
  timeOperator: string | null = $state(null);
  /** Why the last fork could not be applied ('' when it was). */
  forkError: string = $state('');

  /** The job has event time (a watermark strategy, a window or a process operator): the Event time stage and the Windows tab are offered. */
  readonly eventTime: boolean = $derived.by(() => hasEventTime(this.player.timeline.plan));
  /** The job checkpoints (execution.checkpointing.interval set): the Space-time stage is offered. */
  readonly checkpointing: boolean = $derived.by(() => resolveCheckpointConfig(this.player.timeline.scenario.config).enabled);

  /** The world after the current step: a private copy, so views may keep it. */
  readonly world: World = $derived.by(() => structuredClone(this.player.timeline.worldAt(this.player.step)));
  readonly forked: boolean = $derived.by(() => this.player.timeline.actions.length > 0);
  /** The first learner action (where the run left the original). */
  readonly forkPoint: Position | null = $derived.by(() => {
    const a = this.player.timeline.actions[0];
    return a ? { step: a.step, time: a.time } : null;
  });

  constructor(original: Timeline, current: Timeline = original) {
    this.original = original;
    this.player = new PlayerState(current);
  }

  get timeline(): Timeline {
    return this.player.timeline;
  }

  /** Another run (another scenario of a lesson): forks are dropped. */
  setRun(original: Timeline, at: Position = { step: 0, time: 0 }): void {
    this.player.pause();
    this.original = original;
    this.player.setTimeline(original, at);
    const sel = this.selection;
    // A record, or a subtask the new job does not have, cannot stay selected.
    if (sel?.kind === 'record' || (sel?.kind === 'task' && !original.plan.execution.tasks.some((t) => t.id === sel.task))) this.selection = null;
    // An operator of the old job, and the event-time views of a job without event time, cannot stay.
    if (this.timeOperator !== null && !original.plan.streamGraph.nodes.some((n) => n.id === this.timeOperator)) this.timeOperator = null;
    if (!hasEventTime(original.plan)) {
      if (this.stage === 'time') this.stage = 'graph';
      if (this.tab === 'windows') this.tab = 'inspector';
    }
    if (this.stage === 'spacetime' && !resolveCheckpointConfig(original.scenario.config).enabled) this.stage = 'graph';
  }

  /**
   * Applies `action` at the playhead: the future is re-simulated and the playhead moves to the step
   * where the action takes effect. Returns an error message, or null on success.
   */
  fork(action: Action): string | null {
    this.player.pause();
    const tl = this.player.timeline;
    const at = this.player.position;
    let next: Timeline;
    try {
      next = tl.fork(action, at);
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
    this.player.setTimeline(next, at);
    const applied = next.traceBetween(at.step, next.steps).find((e) => e.type === 'action.applied');
    if (applied) this.player.seek({ step: applied.step, time: applied.t }, 'user');
    else this.player.cause = 'user';
    return null;
  }

  /** Drops every fork; the playhead keeps its simulated time. */
  backToOriginal(): void {
    this.player.pause();
    const t = Math.min(this.player.time, this.original.endTime);
    this.player.setTimeline(this.original, { step: this.original.stepAtTime(t), time: t });
    this.player.cause = 'user';
    if (this.selection?.kind === 'record') this.selection = null;
  }

  /**
   * Shows what a lesson step asks for. A step that names a graph level and no stage wants the graph
   * on the stage; one that names neither leaves the stage as it is.
   */
  applyView(view: StepView | undefined): void {
    if (!view) return;
    if (view.graph) this.level = view.graph;
    if (view.stage) this.stage = view.stage;
    else if (view.graph) this.stage = 'graph';
    if (view.panel) this.tab = view.panel;
    if (view.select?.task !== undefined) this.selection = { kind: 'task', task: view.select.task };
    else if (view.select?.record !== undefined) this.selection = { kind: 'record', record: view.select.record };
    this.highlight = view.highlight ?? [];
  }

  destroy(): void {
    this.player.destroy();
  }
}
