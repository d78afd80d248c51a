/** UI words of the graph and inspector views. Flink names (operators, states, partitioners) stay English. */
import type { Lang } from '../../lesson/types.ts';

const WORDS = {
  parallelism: { en: 'parallelism', zh: '并行度' },
  chained: { en: 'chained', zh: '已链接' },
  paused: { en: 'paused', zh: '已暂停' },
  keyed: { en: 'keyed', zh: '键控' },
  busy: { en: 'busy', zh: '忙' },
  idle: { en: 'idle', zh: '空闲' },
  in: { en: 'in', zh: '输入' },
  read: { en: 'read', zh: '读取' },
  out: { en: 'out', zh: '输出' },
  queue: { en: 'queue', zh: '队列' },
  record: { en: 'record', zh: '记录' },
  endOfPartition: { en: 'end of partition', zh: '分区结束' },
  subtask: { en: 'subtask', zh: '子任务' },
  operator: { en: 'operator', zh: '算子' },
  graphStream: { en: 'Stream graph: one node per operator', zh: '流图：每个算子一个节点' },
  graphJob: { en: 'Job graph: chained tasks and their parallel subtasks', zh: '作业图：链接后的任务及其并行子任务' },
  onChannel: { en: 'on channel', zh: '在通道' },
  selected: { en: 'selected', zh: '已选中' },
} as const satisfies Record<string, Record<Lang, string>>;

export type Word = keyof typeof WORDS;

export const t = (lang: Lang, w: Word): string => WORDS[w][lang];
