/** Words of the state-machine views. State and event names are Flink's and stay English. */
import type { Lang } from '../../lesson/types.ts';

const WORDS = {
  current: { en: 'current state', zh: '当前状态' },
  last: { en: 'last transition', zh: '上一次转换' },
  noTransition: { en: 'no transition yet', zh: '尚无转换' },
  transitions: { en: 'Transitions', zh: '转换' },
  initial: { en: 'initial state', zh: '初始状态' },
  showDiagram: { en: 'Show diagram', zh: '显示状态图' },
  hideDiagram: { en: 'Hide diagram', zh: '隐藏状态图' },
  final: { en: 'final state', zh: '终止状态' },
  reconcilingNote: {
    en: 'Not drawn: RECONCILING (declared in Flink 1.20 but never set).',
    zh: '未画出：RECONCILING（Flink 1.20 中已声明，但从未被设置）。',
  },
} as const satisfies Record<string, Record<Lang, string>>;

export type MachineWord = keyof typeof WORDS;

export const mt = (lang: Lang, w: MachineWord): string => WORDS[w][lang];

/** "Task lifecycle: ExecutionState of count/1". */
export const taskLifecycleTitle = (lang: Lang, task: string): string =>
  lang === 'zh' ? `任务生命周期：${task} 的 ExecutionState` : `Task lifecycle: ExecutionState of ${task}`;
