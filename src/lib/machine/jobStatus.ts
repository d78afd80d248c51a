/**
 * The data behind the JobStatus machine view: drawing options and words, and the last job status
 * change of a trace prefix. Pure functions.
 */
import type { Lang } from '../../lesson/types.ts';
import type { TraceEvent } from '../../sim/trace.ts';
import { jobStatusMachine, legacyJobStatusMachine } from '../../sim/runtime/JobStatus.ts';
import { machineLayout, type MachineLayout, type MachineLayoutOptions } from './machineGraph.ts';

const WORDS = {
  en: {
    title: 'Job lifecycle: JobStatus',
    legacyTitle: 'Job lifecycle: JobStatus before Flink 1.10',
    version: 'Flink version',
    current: 'Flink ≥ 1.10 (simulated)',
    legacy: 'Flink < 1.10 (legacy, as in the course)',
    legacyNote:
      'Shown for comparison, not simulated: before Flink 1.10 a recoverable failure went RUNNING → FAILING → RESTARTING → CREATED → RUNNING. ' +
      'The simulator runs Flink 1.20, where it goes RUNNING → RESTARTING → RUNNING.',
    reconcilingNote: 'Not drawn: RECONCILING (only the AdaptiveBatchScheduler\u2019s job recovery; not simulated).',
    initializing: 'JobMaster starting',
    suspended: 'leadership lost',
  },
  zh: {
    title: '作业生命周期：JobStatus',
    legacyTitle: '作业生命周期：Flink 1.10 之前的 JobStatus',
    version: 'Flink 版本',
    current: 'Flink ≥ 1.10（模拟）',
    legacy: 'Flink < 1.10（旧版，课程所述）',
    legacyNote:
      '仅作对比，未被模拟：Flink 1.10 之前，可恢复的失败会经过 RUNNING → FAILING → RESTARTING → CREATED → RUNNING。' +
      '模拟器运行的是 Flink 1.20，其路径为 RUNNING → RESTARTING → RUNNING。',
    reconcilingNote: '未画出：RECONCILING（仅用于 AdaptiveBatchScheduler 的作业恢复；未被模拟）。',
    initializing: 'JobMaster 启动中',
    suspended: '失去领导权',
  },
} satisfies Record<Lang, Record<string, string>>;

export type JobStatusWords = Record<keyof (typeof WORDS)['en'], string>;
export const jobStatusWords = (lang: Lang): JobStatusWords => WORDS[lang];

/**
 * RECONCILING is entered only by the AdaptiveBatchScheduler's job recovery, which the simulator
 * does not run: left out of the drawing, with a footnote that says so (its transitions stay in the
 * machine). Short notes say what INITIALIZING and SUSPENDED mean.
 */
export function jobStatusOptions(lang: Lang): MachineLayoutOptions {
  const w = WORDS[lang];
  return { omit: ['RECONCILING'], footnote: w.reconcilingNote, notes: { INITIALIZING: w.initializing, SUSPENDED: w.suspended } };
}

const LEGACY_OPTIONS: MachineLayoutOptions = {};
/** The legacy (pre-1.10) machine is drawn whole. */
export const legacyJobStatusOptions = (): MachineLayoutOptions => LEGACY_OPTIONS;

/** The drawing's layout (for the parent that sizes the pane). */
export function jobStatusLayout(lang: Lang, legacy = false): MachineLayout {
  return legacy ? machineLayout(legacyJobStatusMachine, legacyJobStatusOptions()) : machineLayout(jobStatusMachine, jobStatusOptions(lang));
}

/** The latest `job.status` change in a trace prefix (`timeline.traceUntil(step)`). */
export function lastJobTransition(trace: readonly TraceEvent[]): { from: string; to: string } | null {
  for (let i = trace.length - 1; i >= 0; i--) {
    const e = trace[i]!;
    if (e.type === 'job.status') return { from: e.from, to: e.to };
  }
  return null;
}
