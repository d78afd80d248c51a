/** Sentences (English and 简体中文) for the cluster's trace events: RPCs, TaskManagers, slots, failures and restarts. */
import type { TraceOf } from '../sim/trace.ts';
import type { RpcMessage } from '../sim/cluster/ClusterRuntime.ts';
import type { Action } from '../sim/actions.ts';
import type { Lang } from '../lesson/types.ts';

type ClusterEvent = TraceOf<
  | 'rpc.sent' | 'rpc.received' | 'rpc.failed' | 'taskmanager.status' | 'taskmanager.lost' | 'slot.allocated' | 'slot.freed'
  | 'slot.assigned' | 'slot.released' | 'scheduler.bulk' | 'job.failure' | 'job.restart'
>;

const ENDPOINT_ZH: Record<string, string> = { client: '客户端', dispatcher: 'Dispatcher', jobmaster: 'JobMaster', resourcemanager: 'ResourceManager', yarn: 'YARN' };
const who = (e: string, zh: boolean) => (zh ? (ENDPOINT_ZH[e] ?? e) : e === 'client' ? 'the client' : e === 'yarn' ? 'YARN' : e);

/** What an RPC carries, in a few words. */
export function rpcDetail(m: RpcMessage, lang: Lang): string {
  const zh = lang === 'zh';
  switch (m.name) {
    case 'declareRequiredResources': return zh ? `需要 ${m.slots} 个 slot` : `${m.slots} slot${m.slots === 1 ? '' : 's'} needed`;
    case 'registerTaskExecutor': return zh ? `${m.slots} 个 slot` : `${m.slots} slot${m.slots === 1 ? '' : 's'}`;
    case 'sendSlotReport': return zh ? `空闲 slot：${m.free.join(', ') || '无'}` : `free slots: ${m.free.join(', ') || 'none'}`;
    case 'requestSlot': return `slot ${m.slot}, ${m.allocationId}`;
    case 'offerSlots': return m.slots.map((s) => `slot ${s.slot}`).join(', ');
    case 'submitTask': case 'cancelTask': return zh ? `任务 #${m.task}（第 ${m.attempt} 次尝试）` : `task #${m.task}, attempt ${m.attempt}`;
    case 'updateTaskExecutionState': return `#${m.task} → ${m.state}`;
    case 'freeSlot': return m.allocationId;
    case 'notifySlotAvailable': return `slot ${m.slot}`;
    case 'containerAllocated': case 'stopContainer': return m.tm;
    default: return '';
  }
}

export function describeClusterEvent(e: ClusterEvent, lang: Lang): string {
  const zh = lang === 'zh';
  switch (e.type) {
    case 'rpc.sent': {
      const d = rpcDetail(e.message, lang);
      return zh ? `${who(e.from, zh)} → ${who(e.to, zh)}：${e.message.name}${d ? `（${d}）` : ''}` : `${who(e.from, zh)} → ${who(e.to, zh)}: ${e.message.name}${d ? ` (${d})` : ''}`;
    }
    case 'rpc.received': return zh ? `${who(e.to, zh)} 收到 ${e.name}` : `${who(e.to, zh)} received ${e.name}`;
    case 'rpc.failed': return zh ? `${e.name} 发往 ${who(e.to, zh)} 失败：对方已不在` : `${e.name} to ${who(e.to, zh)} failed: the receiver is gone`;
    case 'taskmanager.status': return zh ? `TaskManager ${e.tm} ${e.from ?? '—'} → ${e.to}` : `TaskManager ${e.tm} ${e.from ?? '—'} → ${e.to}`;
    case 'taskmanager.lost': return zh ? `${who(e.by, zh)} 失去了 ${e.tm}：${e.reason}` : `${e.by} lost ${e.tm}: ${e.reason}`;
    case 'slot.allocated': return zh ? `${e.tm} 把 slot ${e.slot} 分配给作业（${e.allocationId}）` : `${e.tm} allocated slot ${e.slot} to the job (${e.allocationId})`;
    case 'slot.freed': return zh ? `${e.tm} 释放了 slot ${e.slot}` : `${e.tm} freed slot ${e.slot}`;
    case 'slot.assigned': return zh ? `JobMaster 把 ${e.tm} 的 slot ${e.slot} 给了 ${e.tasks.join('、')}` : `the JobMaster gave ${e.tm} slot ${e.slot} to ${e.tasks.join(', ')}`;
    case 'slot.released': return zh ? `${e.tm} 的 slot ${e.slot} 空闲了（仍在 slot pool 中）` : `${e.tm} slot ${e.slot} is idle again (kept in the slot pool)`;
    case 'scheduler.bulk': return zh ? `调度：为 ${e.tasks.join('、')} 申请 slot 并部署` : `scheduling ${e.tasks.join(', ')}: request slots, then deploy`;
    case 'job.failure':
      if (!e.restart) return zh ? `${e.task ?? '作业'} 失败：${e.cause}。${e.reason ?? ''}` : `${e.task ?? 'the job'} failed: ${e.cause}. ${e.reason ?? ''}`;
      return zh
        ? `${e.task} 失败：${e.cause}。${e.delayMs} ms 后重启 ${e.tasks!.join('、')}（第 ${e.numberOfRestarts} 次重启）`
        : `${e.task} failed: ${e.cause}. Restarting ${e.tasks!.join(', ')} in ${e.delayMs} ms (restart ${e.numberOfRestarts})`;
    case 'job.restart': return zh ? `重启 ${e.tasks.join('、')}：新的执行尝试` : `restarted ${e.tasks.join(', ')} as new execution attempts`;
  }
}

/** The learner's fault actions. */
export function describeFault(a: Action, lang: Lang): string | null {
  const zh = lang === 'zh';
  switch (a.type) {
    case 'failTask': return zh ? `注入故障：${a.task} 抛出异常` : `fault: ${a.task} throws an exception`;
    case 'killTaskManager': return zh ? `注入故障：${a.taskManager} 进程被杀死` : `fault: the ${a.taskManager} process is killed`;
    case 'addTaskManager': return zh ? `新启动一个 TaskManager` : `a new TaskManager starts`;
    case 'cancelJob': return zh ? `取消作业` : `the job is cancelled`;
    case 'loseLeadership': return zh ? `JobMaster 失去 leadership` : `the JobMaster loses leadership`;
    case 'triggerSavepoint': return zh ? `触发保存点` : `a savepoint is triggered`;
    case 'stopWithSavepoint': return zh ? `停止作业并生成保存点（stop with savepoint）` : `stop the job with a savepoint`;
    default: return null;
  }
}
