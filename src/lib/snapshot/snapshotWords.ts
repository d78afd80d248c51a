/**
 * Words of the Chandy–Lamport views (the space-time diagram, the cut panel) in English and
 * Simplified Chinese, with the course's vocabulary (全局快照, marker, input/output channel, 记录本地状态).
 * Also each trace event in one sentence (the ARIA-live announcement of a step and the visible
 * "what happened" line).
 */
import type { Lang } from '../../lesson/types.ts';
import type { ProcessTraceEvent } from '../../sim/snapshot/ProcessTrace.ts';
import { messageName } from '../../lesson/snapshotChecks.ts';

const list = (xs: readonly string[]) => `[${xs.join(', ')}]`;

const en = {
  region: 'Space-time diagram',
  title: 'Space-time diagram',
  desc: (n: number, t: number) =>
    `One line per process, time to the right. Dots are events, solid arrows messages, dashed arrows markers; a ring marks where a process recorded its state, and the cut line joins those points. ${n} arrows drawn at t = ${t} ms.`,
  now: 'now',
  ms: 'ms',
  legend: 'Legend',
  legendEvent: 'an event (labelled A … N)',
  legendMessage: 'a message, sent → received (a self-loop arcs above its line)',
  legendMarker: 'a marker (dashed)',
  legendCourse: 'where a message or marker in flight is heading (faint dots)',
  legendRecorded: 'a recorded local state (ring, S1 …)',
  legendCut: 'the recorded cut (joins the rings)',
  legendInTransit: 'a message in transit across the cut: recorded as channel state (thick, “in channel”)',
  legendOrphan: 'an orphan: sent after the cut, received before it (thick, “orphan”)',
  inChannel: 'in channel',
  orphan: 'orphan',
  missed: 'not recorded',
  legendMissed: 'a message in transit across the cut that its channel state missed: a marker overtook it (dotted, “not recorded”)',
  channels: 'Channels (as their receiver records them)',
  chOpen: 'not recording',
  chRecording: (msgs: string) => `recording: ${msgs}`,
  chRecorded: (msgs: string) => `recorded: ${msgs}`,
  happened: 'This step',
  nothingYet: 'The run starts: nothing has happened yet.',
  stepSentence: (step: number, t: number, what: string) => `Event ${step}, t = ${t} ms: ${what}`,
  arrowTitle: (kind: 'message' | 'marker', name: string, ch: string, sentAt: number, arrivesAt: number, received: boolean) =>
    `${kind === 'marker' ? 'Marker' : `Message ${name}`} on ${ch}, sent at ${sentAt} ms, ${received ? 'received' : 'arrives'} at ${arrivesAt} ms`,
  // The cut panel.
  panel: 'Recorded global state',
  processes: 'Process states',
  channelStates: 'Channel states',
  notRecorded: 'not recorded yet',
  recordedAt: (t: number, events: string, tokens: number) => `recorded at ${t} ms: events ${events}, ${tokens} tokens`,
  recordingSoFar: (msgs: string) => `recording… so far ${msgs}`,
  notRecording: 'not recording yet',
  verdict: 'The checker’s verdict',
  pending: (n: number) => `The snapshot has not terminated: ${n} channel state${n === 1 ? '' : 's'} still to record.`,
  consistent: 'Consistent cut',
  inconsistent: 'Not a consistent cut',
  valid: 'a valid global state',
  notValid: 'not a valid global state',
  condA: 'no orphan message (received before the cut, sent after it)',
  condAFail: (names: string) => `orphan messages: ${names}`,
  condB: 'every channel state = the messages in transit across the cut',
  condBFail: (chs: string) => `wrong channel states: ${chs}`,
  condC: (rec: number, exp: number) => `tokens conserved: ${rec} recorded of ${exp}`,
  condCFail: (rec: number, exp: number) => `tokens not conserved: ${rec} recorded, ${exp} in the system`,
  holds: 'holds',
  fails: 'fails',
  expectedWas: (ch: string, got: string, want: string) => `${ch} = ${got}, but in transit across the cut: ${want}`,
  carriesOrphan: (ch: string, names: string) => `${ch} carries the orphan ${names}`,
  tokens: 'tokens',
};

type Words = typeof en;

const zh: Words = {
  region: '时空图',
  title: '时空图',
  desc: (n, t) => `每个进程一条横线，时间向右。圆点是事件，实线箭头是消息，虚线箭头是 marker；圆环标出进程记录本地状态的位置，切面线连接这些点。t = ${t} ms 时共画出 ${n} 个箭头。`,
  now: '当前',
  ms: 'ms',
  legend: '图例',
  legendEvent: '事件（标为 A … N）',
  legendMessage: '消息，从发送到接收（发给自己的消息在横线上方画成弧线）',
  legendMarker: 'marker 消息（虚线）',
  legendCourse: '传输中的消息或 marker 将到达的位置（淡色点线）',
  legendRecorded: '已记录的本地状态（圆环，S1 …）',
  legendCut: '记录下的切面（连接各个圆环）',
  legendInTransit: '穿过切面、仍在管道中的消息：记录为管道状态（粗线，“管道中”）',
  legendOrphan: '孤儿消息：切面之后发送、切面之前接收（粗线，“孤儿”）',
  inChannel: '管道中',
  orphan: '孤儿',
  missed: '未被记录',
  legendMissed: '穿过切面却没有被管道状态记录的在途消息：marker 超过了它（点线，“未被记录”）',
  channels: '管道（由接收方记录）',
  chOpen: '未开始记录',
  chRecording: (msgs) => `记录中：${msgs}`,
  chRecorded: (msgs) => `已记录：${msgs}`,
  happened: '本步',
  nothingYet: '运行开始：还没有发生任何事件。',
  stepSentence: (step, t, what) => `事件 ${step}，t = ${t} ms：${what}`,
  arrowTitle: (kind, name, ch, sentAt, arrivesAt, received) =>
    `${kind === 'marker' ? 'marker' : `消息 ${name}`}，管道 ${ch}，${sentAt} ms 发送，${arrivesAt} ms ${received ? '已到达' : '到达'}`,
  panel: '记录下的全局状态',
  processes: '进程状态',
  channelStates: '管道状态',
  notRecorded: '尚未记录',
  recordedAt: (t, events, tokens) => `${t} ms 记录：事件 ${events}，${tokens} 个令牌`,
  recordingSoFar: (msgs) => `记录中… 目前 ${msgs}`,
  notRecording: '尚未开始记录',
  verdict: '检查结果',
  pending: (n) => `快照还没有结束：还有 ${n} 个管道状态没有记录。`,
  consistent: '一致的切面',
  inconsistent: '不是一致的切面',
  valid: '是有效的全局状态',
  notValid: '不是有效的全局状态',
  condA: '没有孤儿消息（切面之前接收、切面之后发送）',
  condAFail: (names) => `孤儿消息：${names}`,
  condB: '每个管道状态 = 穿过切面的在途消息',
  condBFail: (chs) => `管道状态错误：${chs}`,
  condC: (rec, exp) => `令牌守恒：记录了 ${rec} 个，共 ${exp} 个`,
  condCFail: (rec, exp) => `令牌不守恒：记录了 ${rec} 个，系统中有 ${exp} 个`,
  holds: '成立',
  fails: '不成立',
  expectedWas: (ch, got, want) => `${ch} = ${got}，但穿过切面的在途消息是 ${want}`,
  carriesOrphan: (ch, names) => `${ch} 上有孤儿消息 ${names}`,
  tokens: '令牌',
};

export const snapshotWords = (lang: Lang): Words => (lang === 'zh' ? zh : en);

/** One trace event in a sentence (null for those folded into another: a marker.sent is said with its state.recorded). */
export function describeProcessEvent(e: ProcessTraceEvent, lang: Lang): string | null {
  const z = lang === 'zh';
  switch (e.type) {
    case 'process.event':
      return z ? `${e.process} 执行内部事件 ${e.label}` : `${e.process} runs its internal event ${e.label}`;
    case 'message.sent':
      return z
        ? `${e.from} 发送消息 ${e.label}（${e.tokens} 个令牌）到 ${e.to}，经管道 ${e.channel}，${e.arrivesAt} ms 到达`
        : `${e.from} sends message ${e.label} (${e.tokens} tokens) to ${e.to} on ${e.channel}, arriving at ${e.arrivesAt} ms`;
    case 'message.received': {
      const name = messageName(e);
      const rec = e.recorded ? (z ? `；${e.to} 正在记录 ${e.channel}，把 ${e.label} 记入管道状态` : `; ${e.to} is recording ${e.channel}, so ${e.label} joins its channel state`) : '';
      return z ? `${e.to} 从 ${e.channel} 收到消息 ${name}${rec}` : `${e.to} receives message ${name} on ${e.channel}${rec}`;
    }
    case 'marker.sent':
      return null;
    case 'marker.received':
      return e.first
        ? z ? `${e.to} 从 ${e.channel} 收到第一个 marker` : `${e.to} receives its first marker, on ${e.channel}`
        : z ? `${e.to} 从 ${e.channel} 收到 marker（不是第一个）` : `${e.to} receives a marker on ${e.channel} (not its first)`;
    case 'snapshot.initiated':
      return e.alreadyRecorded ? (z ? `${e.process} 本要发起快照，但已经记录过` : `${e.process} was to initiate, but has already recorded`) : null;
    case 'state.recorded': {
      const why = e.cause === 'initiator' ? (z ? '发起快照' : 'initiates the snapshot') : z ? '记录本地状态' : 'records its local state';
      return z
        ? `${e.process} ${why}：事件 ${list(e.labels)}，${e.tokens} 个令牌，并立即向所有 output channel 发送 marker`
        : `${e.process} ${why}: events ${list(e.labels)}, ${e.tokens} tokens, and at once sends a marker on every output channel`;
    }
    case 'channel.recording':
      return z ? `${e.to} 开始记录 input channel ${e.channel}` : `${e.to} starts recording its input channel ${e.channel}`;
    case 'channel.recorded': {
      const state = list(e.messages.map((m) => m.label ?? '?'));
      return z ? `${e.to} 关闭 ${e.channel}：${e.channel} = ${state}` : `${e.to} closes ${e.channel}: ${e.channel} = ${state}`;
    }
    case 'snapshot.completed':
      return z
        ? `快照结束：每个进程都记录了本地状态，每个管道都记录了状态；${e.check.consistent ? '切面一致' : '切面不一致'}`
        : `the snapshot terminates: every process and every channel recorded; the cut is ${e.check.consistent ? 'consistent' : 'not consistent'}`;
  }
}

/** A step's events in sentences, joined. */
export function describeStep(events: readonly ProcessTraceEvent[], lang: Lang): string {
  const parts = events.map((e) => describeProcessEvent(e, lang)).filter((x): x is string => !!x);
  return parts.join(lang === 'zh' ? '；' : '; ') + (parts.length ? (lang === 'zh' ? '。' : '.') : '');
}
