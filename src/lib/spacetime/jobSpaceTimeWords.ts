/**
 * Words of the job's space-time diagram (the `spacetime` stage) in English and Simplified Chinese.
 */
import type { Lang } from '../../lesson/types.ts';
import type { SpaceTimeSummary } from './jobSpaceTime.ts';

const en = {
  stage: 'Space-time',
  title: 'Space-time diagram of the subtasks',
  desc: (s: SpaceTimeSummary, lanes: number, t: number, cut: string) =>
    `One line per subtask (${lanes}, sources at the top), time to the right, now t = ${t} ms. ` +
    `${s.records} records sent (${s.recordsInFlight} in flight) as thin arrows; ${s.barriers} barriers sent (${s.barriersInFlight} in flight) as bold arrows labelled B1, B2 …. ${cut}`,
  cutNone: 'No subtask has snapshotted yet.',
  cutText: (n: number, done: readonly string[], missing: readonly string[], persisted: number, acknowledged: number) =>
    `Checkpoint ${n}: ${done.length ? `snapshots of ${done.join(', ')}` : 'no snapshot yet'}` +
    (missing.length ? `; waiting for ${missing.join(', ')}` : '; the cut is complete') +
    `. ${persisted} record${persisted === 1 ? '' : 's'} drawn as persisted channel state` +
    (acknowledged > persisted ? ` (the acknowledgements report ${acknowledged}: the others are not sent yet, still in output buffers, or replayed after a restore).` : '.'),
  checkpoint: 'Cut of checkpoint',
  latest: (n: number | null) => (n === null ? 'latest (none yet)' : `latest (${n})`),
  window: 'Time window',
  all: 'All',
  seconds: (ms: number) => `${ms / 1000} s`,
  now: 'now',
  ms: 'ms',
  legend: 'Legend',
  legendRecord: 'a record, sent → received (thin; drawn up to now while in flight)',
  legendBarrier: 'a barrier Bn (bold)',
  legendUnaligned: 'an unaligned barrier, overtaking records (bold, dashed, »)',
  legendCourse: 'where an element in flight is heading (faint dots)',
  legendSnapshot: 'a subtask’s snapshot (ring; ◆ for the shown checkpoint)',
  legendCut: 'the checkpoint’s cut through the snapshots (dashed while incomplete)',
  legendPersisted: 'a record persisted as channel state (thick, ■)',
  legendBreak: 'a failed (✕) or canceled (⊘) attempt; ↻ a restarted one',
  laneLabel: (task: string, selected: boolean) => `Subtask ${task}${selected ? ' (selected)' : ''}: select`,
  recordTitle: (id: number, ch: string, sent: number, arrives: number, received: boolean, persisted: boolean) =>
    `record #${id} on ${ch}: sent ${sent} ms, ${received ? 'received' : 'arrives'} ${arrives} ms${persisted ? ' — persisted as channel state' : ''}`,
  barrierTitle: (label: string, ch: string, sent: number, arrives: number, received: boolean, unaligned: boolean) =>
    `${label}${unaligned ? ' (unaligned, overtakes records)' : ''} on ${ch}: sent ${sent} ms, ${received ? 'received' : 'arrives'} ${arrives} ms`,
  snapshotTitle: (task: string, n: number, t: number) => `${task} snapshotted checkpoint ${n} at ${t} ms`,
  attempt: (n: number) => `attempt ${n}`,
  overtaking: 'overtaking',
};

export type JobSpaceTimeWords = typeof en;

const zh: JobSpaceTimeWords = {
  stage: '时空图',
  title: '子任务的时空图',
  desc: (s, lanes, t, cut) =>
    `每个子任务一条线（共 ${lanes} 条，source 在最上），时间向右，当前 t = ${t} ms。` +
    `已发送 ${s.records} 条记录（${s.recordsInFlight} 条在途），画作细箭头；已发送 ${s.barriers} 个 barrier（${s.barriersInFlight} 个在途），画作标有 B1、B2 … 的粗箭头。${cut}`,
  cutNone: '还没有子任务做快照。',
  cutText: (n, done, missing, persisted, acknowledged) =>
    `检查点 ${n}：${done.length ? `${done.join('、')} 已做快照` : '还没有快照'}` +
    (missing.length ? `；还在等 ${missing.join('、')}` : '；切面已完整') +
    `。图中 ${persisted} 条记录作为 channel state 持久化` +
    (acknowledged > persisted ? `（确认消息报告共 ${acknowledged} 条：其余的还没发送、仍在输出缓冲区里，或是恢复后重放的）。` : '。'),
  checkpoint: '显示检查点的切面',
  latest: (n) => (n === null ? '最新（暂无）' : `最新（${n}）`),
  window: '时间窗口',
  all: '全部',
  seconds: (ms) => `${ms / 1000} 秒`,
  now: '现在',
  ms: 'ms',
  legend: '图例',
  legendRecord: '记录，发送 → 接收（细线；在途时画到现在）',
  legendBarrier: 'barrier Bn（粗线）',
  legendUnaligned: '非对齐 barrier，越过记录（粗虚线，»）',
  legendCourse: '在途元素的去向（淡色点线）',
  legendSnapshot: '子任务的快照（圆环；◆ 为所显示的检查点）',
  legendCut: '检查点的切面，连接各快照（未完整时为虚线）',
  legendPersisted: '作为 channel state 持久化的记录（粗线，■）',
  legendBreak: '失败（✕）或取消（⊘）的执行；↻ 重启后的执行',
  laneLabel: (task, selected) => `子任务 ${task}${selected ? '（已选中）' : ''}：选择`,
  recordTitle: (id, ch, sent, arrives, received, persisted) =>
    `记录 #${id}，${ch}：${sent} ms 发送，${arrives} ms ${received ? '已接收' : '到达'}${persisted ? '，作为 channel state 持久化' : ''}`,
  barrierTitle: (label, ch, sent, arrives, received, unaligned) =>
    `${label}${unaligned ? '（非对齐，越过记录）' : ''}，${ch}：${sent} ms 发送，${arrives} ms ${received ? '已接收' : '到达'}`,
  snapshotTitle: (task, n, t) => `${task} 在 ${t} ms 对检查点 ${n} 做了快照`,
  attempt: (n) => `第 ${n} 次执行`,
  overtaking: '越过',
};

export function jobSpaceTimeWords(lang: Lang): JobSpaceTimeWords {
  return lang === 'zh' ? zh : en;
}
