/**
 * Sentences (English and 简体中文) for the trace events of checkpoints, backpressure, recovery and
 * the two-phase-commit sink.
 *   checkpoint 3 completed · 检查点 3 完成
 */
import type { TraceOf } from '../../sim/trace.ts';
import type { Lang } from '../../lesson/types.ts';
import { formatBytes } from './checkpointFormat.ts';

export type CheckpointEvent = TraceOf<
  | 'checkpoint.triggered' | 'checkpoint.rejected' | 'barrier.sent' | 'barrier.received' | 'checkpoint.alignment'
  | 'checkpoint.snapshot' | 'checkpoint.acknowledged' | 'checkpoint.declined' | 'checkpoint.completed' | 'checkpoint.aborted'
  | 'checkpoint.restored' | 'source.skipped' | 'task.backpressure' | 'state.copyOnWrite' | 'sink.transaction' | 'state.redistributed'
>;

const TYPES: ReadonlySet<string> = new Set<CheckpointEvent['type']>([
  'checkpoint.triggered', 'checkpoint.rejected', 'barrier.sent', 'barrier.received', 'checkpoint.alignment',
  'checkpoint.snapshot', 'checkpoint.acknowledged', 'checkpoint.declined', 'checkpoint.completed', 'checkpoint.aborted',
  'checkpoint.restored', 'source.skipped', 'task.backpressure', 'state.copyOnWrite', 'sink.transaction', 'state.redistributed',
]);

export const isCheckpointEvent = (e: { type: string }): e is CheckpointEvent => TYPES.has(e.type);

const TXN_ZH: Record<string, string> = {
  begin: '开启事务', preCommit: '预提交事务', commit: '提交事务', abort: '中止事务', recoverAndCommit: '恢复后提交事务', recoverAndAbort: '恢复后中止事务',
};
const TXN_EN: Record<string, string> = {
  begin: 'began', preCommit: 'pre-committed', commit: 'committed', abort: 'aborted', recoverAndCommit: 'recovered and committed', recoverAndAbort: 'recovered and aborted',
};

/** One sentence for a checkpoint event. `who(task, operator?)` names a subtask as the views do. */
export function describeCheckpointEvent(e: CheckpointEvent, who: (task: string, operator?: string) => string, lang: Lang): string {
  const zh = lang === 'zh';
  const kind = (savepoint: boolean) => (savepoint ? (zh ? '保存点' : 'savepoint') : zh ? '检查点' : 'checkpoint');
  switch (e.type) {
    case 'checkpoint.triggered':
      return zh ? `CheckpointCoordinator 触发${kind(e.savepoint)} ${e.checkpoint}：向 ${e.tasks} 个 source 注入 barrier`
        : `the CheckpointCoordinator triggered ${kind(e.savepoint)} ${e.checkpoint}: barriers injected at ${e.tasks} source(s)`;
    case 'checkpoint.rejected':
      return zh ? `检查点请求被拒绝：${e.reason}${e.task ? `（${who(e.task)} 未在运行）` : ''}` : `a checkpoint request was rejected: ${e.reason}${e.task ? ` (${who(e.task)} is not running)` : ''}`;
    case 'barrier.sent':
      if (e.cancel) return zh ? `${who(e.task)} 向 ${who(e.to)} 发送检查点 ${e.checkpoint} 的取消标记` : `${who(e.task)} sent the cancel marker of checkpoint ${e.checkpoint} to ${who(e.to)}`;
      return zh ? `${who(e.task)} 向 ${who(e.to)} 发送 barrier ${e.checkpoint}${e.unaligned ? '（非对齐，优先越过数据）' : ''}`
        : `${who(e.task)} sent barrier ${e.checkpoint} to ${who(e.to)}${e.unaligned ? ' (unaligned: it overtakes the data)' : ''}`;
    case 'barrier.received':
      if (e.cancel) return zh ? `${who(e.task)} 收到检查点 ${e.checkpoint} 的取消标记` : `${who(e.task)} received the cancel marker of checkpoint ${e.checkpoint}`;
      return zh ? `${who(e.task)} 收到来自 ${who(e.from)} 的 barrier ${e.checkpoint}` : `${who(e.task)} received barrier ${e.checkpoint} from ${who(e.from)}`;
    case 'checkpoint.alignment':
      return e.blocked.length === 0
        ? zh ? `${who(e.task)} 不再阻塞任何输入通道` : `${who(e.task)} blocks no input channel any more`
        : zh ? `${who(e.task)} 对齐中：阻塞 ${e.blocked.length} 个已收到 barrier 的输入通道，等待其余通道的 barrier` : `${who(e.task)} is aligning: it blocks the ${e.blocked.length} input channel(s) that already delivered the barrier until the others deliver it too`;
    case 'checkpoint.snapshot':
      return zh ? `${who(e.task)} 为检查点 ${e.checkpoint} 做快照（${formatBytes(e.stateSize)}，同步 ${e.syncMs} ms，异步 ${e.asyncMs} ms）${e.unaligned ? `，非对齐：保存 ${e.outputChannelState} 条被越过的输出数据` : ''}`
        : `${who(e.task)} snapshotted its state for checkpoint ${e.checkpoint} (${formatBytes(e.stateSize)}, sync ${e.syncMs} ms, async ${e.asyncMs} ms)${e.unaligned ? `; unaligned: ${e.outputChannelState} overtaken output record(s) persisted` : ''}`;
    case 'checkpoint.acknowledged':
      return zh ? `${who(e.task)} 确认检查点 ${e.checkpoint}` : `${who(e.task)} acknowledged checkpoint ${e.checkpoint}`;
    case 'checkpoint.declined':
      return zh ? `${who(e.task)} 拒绝检查点 ${e.checkpoint}：${e.reason}` : `${who(e.task)} declined checkpoint ${e.checkpoint}: ${e.reason}`;
    case 'checkpoint.completed':
      return zh ? `${kind(e.savepoint)} ${e.checkpoint} 完成：所有任务都已确认` : `${kind(e.savepoint)} ${e.checkpoint} completed: every task acknowledged`;
    case 'checkpoint.aborted':
      return zh ? `检查点 ${e.checkpoint} 失败：${e.reason}` : `checkpoint ${e.checkpoint} failed: ${e.reason}`;
    case 'checkpoint.restored':
    {
      const parts = [...(e.keys || e.sourceOffset === undefined ? [zh ? `${e.keys} 个键` : `${e.keys} key(s)`] : []), ...(e.inFlight ? [zh ? `${e.inFlight} 条在途数据待重放` : `${e.inFlight} in-flight record(s) to replay`] : [])];
      const extra = parts.length ? (zh ? `（${parts.join('，')}）` : ` (${parts.join(', ')})`) : '';
      return zh ? `${who(e.task)} 从检查点 ${e.checkpoint} 恢复状态${e.sourceOffset !== undefined ? `，回到 offset ${e.sourceOffset} 重新读取` : ''}${extra}`
        : `${who(e.task)} restored its state from checkpoint ${e.checkpoint}${e.sourceOffset !== undefined ? ` and rewinds to offset ${e.sourceOffset}` : ''}${extra}`;
    }
    case 'source.skipped':
      return zh ? `${who(e.task)} 没有检查点可恢复，跳到最新位置 ${e.offset}：${e.records} 条记录丢失` : `${who(e.task)} had no checkpoint and skipped to the latest offset ${e.offset}: ${e.records} record(s) lost`;
    case 'task.backpressure':
      return e.backPressured
        ? zh ? `${who(e.task)} 被反压：输出缓冲区已满` : `${who(e.task)} is back-pressured: no free output buffer`
        : zh ? `${who(e.task)} 的输出又有空闲缓冲区，继续处理` : `${who(e.task)} has a free output buffer again and goes on`;
    case 'state.copyOnWrite':
      return zh ? `${who(e.task, e.operator)} 在异步快照期间写入，先复制该条目（copy-on-write）` : `${who(e.task, e.operator)} wrote during an asynchronous snapshot: the entry was copied first (copy-on-write)`;
    case 'state.redistributed':
      return zh ? `${who(e.task)} 从并行度 ${e.from} 的保存点 ${e.checkpoint} 启动（现在并行度 ${e.to}）：取得 key group ${e.keyGroups[0]}–${e.keyGroups[1]} 的状态`
        : `${who(e.task)} started from savepoint ${e.checkpoint} taken at parallelism ${e.from} (now ${e.to}): it got the state of key groups ${e.keyGroups[0]}–${e.keyGroups[1]}`;
    case 'sink.transaction': {
      const cp = e.checkpoint === null ? '' : zh ? `（检查点 ${e.checkpoint}）` : ` (checkpoint ${e.checkpoint})`;
      const again = e.outcome === 'alreadyCommitted' ? (zh ? '，此前已提交，无变化' : ', already committed before: no change')
        : e.outcome === 'alreadyAborted' ? (zh ? '，此前已中止，无变化' : ', already aborted before: no change')
        : e.outcome === 'failed' ? (zh ? '，失败' : ': it failed') : '';
      // A new transaction holds nothing yet; an aborted one's records are thrown away.
      const recs = e.action === 'begin' ? ''
        : e.action === 'abort' || e.action === 'recoverAndAbort'
          ? e.records ? (zh ? `，丢弃其中 ${e.records} 条记录` : `: its ${e.records} record(s) are discarded`) : ''
          : zh ? `，${e.records} 条记录` : `, ${e.records} record(s)`;
      return zh ? `${who(e.task, e.operator)} ${TXN_ZH[e.action]} ${e.txn}${cp}${recs}${again}`
        : `${who(e.task, e.operator)} ${TXN_EN[e.action]} transaction ${e.txn}${cp}${recs}${again}`;
    }
  }
}
