/**
 * The lesson format. A lesson is a folder under `lessons/`:
 *   lesson.json    id, titles, scenarios, steps (what happens where, what the view shows, what must hold)
 *   en.md, zh.md   the narrative, one section per step: `<!-- step: <id> -->` then Markdown;
 *                  a question step adds `<!-- question -->` (prompt and a `- [ ]`/`- [x]` choice list)
 *                  and `<!-- reveal -->` (shown once the learner has answered)
 *   *.json         the scenarios named in lesson.json
 * `compileLesson` (Node, build time) turns a folder into a `CompiledLesson`: plain JSON with the
 * Markdown already rendered to HTML, so the browser ships no Markdown parser.
 */
import type { Json, Scenario } from '../sim/scenario/Scenario.ts';
import type { TraceEventType } from '../sim/trace.ts';
import type { ChainRule } from '../sim/graph/types.ts';
import type { ProcessScenario } from '../sim/snapshot/ProcessScenario.ts';
import type { ProcessTraceType } from '../sim/snapshot/ProcessTrace.ts';
import type { SnapshotCheck } from './snapshotChecks.ts';

export const LANGUAGES = ['en', 'zh'] as const;
export type Lang = (typeof LANGUAGES)[number];

/**
 * Where a step begins, in its scenario's run:
 * - `{ "start": true }` step 0, before anything happens; `{ "end": true }` the last step;
 * - `{ "time": 500 }` the last step at or before 500 ms;
 * - `{ "event": { "type": "record.sent", "partitioner": "HASH" }, "nth": 2, "before": true }`
 *   the nth trace event (default 1st) after the previous step's position whose fields match
 *   (objects match partially, recursively); `before` stops just before it (for predictions).
 */
export type Anchor =
  | { start: true }
  | { end: true }
  | { time: number }
  | { event: { type: TraceEventType | ProcessTraceType } & Record<string, Json>; nth?: number; before?: boolean };

/** What the views show at a step. */
export interface StepView {
  /**
   * `stream`: one node per operator (StreamGraph); `job`: chains (JobGraph); `execution`: chains with
   * their subtasks (ExecutionGraph).
   */
  graph?: 'stream' | 'job' | 'execution';
  /**
   * The main area: the job graph, the cluster (JobManager, TaskManagers, slots, RPCs), the Gantt of
   * subtask states, the JobStatus machine, event time (the event-time × processing-time plot;
   * only for a job with event time), or the space-time diagram of the subtasks (`spacetime`: barriers,
   * records and a checkpoint's cut; only for a job that checkpoints).
   */
  stage?: 'graph' | 'cluster' | 'gantt' | 'jobstatus' | 'time' | 'spacetime';
  /** Side panel to open (`windows`: the window and timer state of a window or process operator; `checkpoints`: checkpoint history and sink output). */
  panel?: 'inspector' | 'keys' | 'windows' | 'output' | 'log' | 'jobstatus' | 'memory' | 'checkpoints';
  /** Task or record to select in the inspector (`{ "task": "count/1" }`). */
  select?: { task?: string; record?: number };
  /** Operator ids to highlight. */
  highlight?: string[];
}

/**
 * A fact the narrative states at a step, checked against the simulation by the lesson tests
 * (and shown as ✓ in the lesson panel). Exactly one key per check.
 */
export type Check =
  | { jobVertices: number }
  | { chained: string[] }
  | { notChained: { from: string; to: string; rule: ChainRule } }
  | { route: { operator: string; key: Json; subtask: number; keyGroup?: number } }
  | { taskState: { task: string; state: string } }
  | { keyedState: { task: string; operator: string; key: Json; value: Json } }
  | { recordsIn: { task: string; equals?: number; min?: number } }
  | { idle: string[] }
  | { outputs: number }
  | { jobStatus: string }
  | RuntimeCheck
  | TimeCheck
  | CheckpointCheck
  /** Checks of a process scenario (classic Chandy–Lamport): `src/lesson/snapshotChecks.ts`. */
  | SnapshotCheck;

/** Checks of the runtime: attempts, restarts, TaskManagers, slots, regions, memory, trace counts. */
export type RuntimeCheck =
  /** The subtask's current execution attempt number (0 = first). */
  | { taskAttempt: { task: string; attempt: number } }
  /** The JobMaster's numberOfRestarts. */
  | { restarts: number }
  /** TaskManagers whose process runs (registered or not). */
  | { taskManagers: number }
  /** Slots allocated to the job on running TaskManagers. */
  | { slotsAllocated: number }
  /** Slots the job needs when all regions run (Σ over slot sharing groups of the max parallelism). */
  | { slotsNeeded: number }
  /** The given subtasks share one slot (one execution slot sharing group). */
  | { sameSlot: string[] }
  /** Number of execution-level pipelined regions. */
  | { regions: number }
  /** Trace events of a type so far, optionally of one subtask or RPC name. */
  | { traceCount: { type: string; count: number; task?: string; name?: string } }
  /**
   * A TaskExecutor memory component (bytes, as a decimal string), computed from the scenario's config:
   * a field of TaskExecutorProcessSpec (taskHeap, managed, network, jvmHeap …) or `managedPerSlot`.
   */
  | { memory: { component: string; bytes: string } };

/**
 * Checks of event time (`src/lesson/timeChecks.ts`): watermarks, idleness, window firings and
 * contents, late records and timers. `operator` defaults to the task's chain head (`watermark`) or
 * to the first window/process operator of the task's chain; a key is a JSON value.
 */
export type TimeCheck =
  /**
   * An operator's current watermark (`"MIN"` = Long.MIN_VALUE, no watermark yet; `"MAX"` = end of
   * input). Without `operator`, a task with inputs reports its StatusWatermarkValve's last output.
   */
  | { watermark: { task: string; operator?: string; value: number | 'MIN' | 'MAX' } }
  /** The task's input is idle (its valve's last output status), or a source task's output is (its emitter). */
  | { inputIdle: { task: string; idle: boolean } }
  /** `window.fired` events so far, optionally of one operator or key, on time (`late: false`) or late. */
  | { windowsFired: { count: number; operator?: string; key?: Json; late?: boolean } }
  /** Some firing of this key's window (`[start, end]` or `"global"`) emitted `result`. */
  | { windowResult: { key: Json; window: [number, number] | 'global'; result: Json; operator?: string } }
  /** `record.late` events so far; `sideOutput` true = sent to a side output, false = dropped. */
  | { lateRecords: { count: number; sideOutput?: boolean } }
  /** Windows holding state in the operator of a task (of one key, or of all). */
  | { openWindows: { task: string; count: number; operator?: string; key?: Json } }
  /** Values held by a window's state: 1 for an accumulator, n for n buffered elements, 0 for none. */
  | { windowState: { task: string; operator?: string; key: Json; window: [number, number] | 'global'; size: number } }
  /** Timers registered in the operator of a task, of one domain and key if given. */
  | { timers: { task: string; count: number; operator?: string; domain?: 'event' | 'processing'; key?: Json } };

export interface LessonStep {
  id: string;
  /** Scenario name (a key of `scenarios`); default: the first. */
  scenario?: string;
  at: Anchor;
  view?: StepView;
  expect?: Check[];
  /** Predict-then-reveal: the index of the correct choice (0-based) in the Markdown list. */
  question?: { answer: number };
}

/** lesson.json. */
export interface LessonFile {
  id: string;
  order: number;
  title: Record<Lang, string>;
  summary?: Record<Lang, string>;
  /** Name → scenario file in the lesson folder. */
  scenarios: Record<string, string>;
  seed?: number;
  steps: LessonStep[];
}

/** One step's text in one language, as HTML built from our own lesson files. */
export interface StepText {
  title: string;
  html: string;
  question?: { promptHtml: string; choices: string[]; answer: number; revealHtml: string };
}

export interface CompiledLesson {
  id: string;
  order: number;
  title: Record<Lang, string>;
  summary?: Record<Lang, string>;
  seed?: number;
  /** Scenarios as written (validated at build time). */
  scenarios: Record<string, Scenario>;
  /**
   * Process scenarios (a file with `processes`/`channels`/`events`/`snapshots`: a classic
   * Chandy–Lamport run, src/sim/snapshot), validated at build time. A step whose scenario is one
   * of these shows the space-time diagram and the cut panel instead of the job views.
   */
  processScenarios?: Record<string, ProcessScenario>;
  steps: (LessonStep & { scenario: string })[];
  text: Record<Lang, Record<string, StepText>>;
}

/** What the header's Import and shared runs need of a lesson: its id, titles and scenarios (the lesson summaries have them). */
export type LessonRef = Pick<CompiledLesson, 'id' | 'title' | 'scenarios'>;

/**
 * Checks of checkpoints, backpressure, recovery and sinks (`src/lesson/checkpointChecks.ts`), at the step.
 */
export type CheckpointCheck =
  /** Checkpoints so far by status (a subsumed one counts as completed). */
  | { checkpoints: { completed?: number; failed?: number; inProgress?: number } }
  /** One checkpoint's status (IN_PROGRESS, COMPLETED, FAILED, SUBSUMED), acknowledgements, failure reason. */
  | { checkpointStatus: { checkpoint: number; status?: string; acknowledged?: number; reason?: string } }
  /** Input channels of a subtask that barrier alignment blocks now. */
  | { blockedChannels: { task: string; count: number } }
  /** The Web UI's backpressure level of a subtask over the last second: OK, LOW or HIGH. */
  | { backPressure: { task: string; level: 'OK' | 'LOW' | 'HIGH' } }
  /** In-flight records a checkpoint persisted as channel state (sum over the acknowledgements so far). */
  | { persistedInFlight: { checkpoint: number; min?: number; equals?: number } }
  /** A subtask's acknowledged checkpoint: bytes of state, and bytes this checkpoint uploaded (less when incremental). */
  | { checkpointSize: { checkpoint: number; task: string; stateSize?: number; incrementalSize?: number } }
  /** The checkpoint the subtask's latest restore used, and the source offset it rewound to. */
  | { restoredFrom: { task: string; checkpoint: number; sourceOffset?: number } }
  /** Deliveries of a sink beyond the first per source record (what a downstream reader sees twice). */
  | { duplicates: { sink: string; count: number } }
  /** Source records skipped by a restart without a checkpoint (`restartFrom: latest`). */
  | { lost: number }
  /** Records a read_committed reader of a transactional sink sees. */
  | { committed: { sink: string; count: number } };
