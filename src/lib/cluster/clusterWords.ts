/**
 * Words of the Cluster view in English and Simplified Chinese. Flink's own names (Dispatcher,
 * JobMaster, ResourceManager, SlotManager, TaskManager, RPC names, ExecutionState names) stay
 * English in both, as in Flink's Web UI and logs; the processes get a Chinese gloss.
 */
import type { Lang } from '../../lesson/types.ts';
import type { TaskManagerRuntime } from '../../sim/cluster/ClusterRuntime.ts';
import type { SlotManagerSlot } from '../../sim/cluster/ClusterRuntime.ts';

type TmStatus = TaskManagerRuntime['status'];

const en = {
  figure: 'Flink cluster: the client, the JobManager with its components, the TaskManagers with their slots, and the RPCs in flight between them',
  client: 'Client',
  jobManager: 'JobManager',
  starting: 'starting',
  dispatcher: 'Dispatcher',
  jobMaster: 'JobMaster',
  resourceManager: 'ResourceManager',
  slotManager: 'SlotManager',
  yarn: 'YARN ResourceManager',
  workers: 'TaskManagers (workers)',
  taskManager: 'TaskManager',
  job: 'job',
  noJob: 'no job submitted yet',
  notStarted: 'not started yet',
  slotPool: 'Slot pool',
  held: 'held',
  idle: 'idle',
  pendingRequests: 'pending slot requests',
  restarts: 'restarts',
  required: 'required',
  slot: 'slot',
  free: 'free',
  notRegistered: 'not registered',
  containers: 'containers',
  requested: 'requested',
  status: {
    starting: 'starting',
    running: 'running',
    killed: '✕ killed',
    released: 'released',
  } as Record<TmStatus, string>,
  slotState: { free: 'free', pending: 'pending', allocated: 'allocated' } as Record<SlotManagerSlot, string>,
  kill: 'Kill',
  killLabel: (tm: string) => `Kill ${tm}`,
  addTaskManager: 'Add TaskManager',
  failTask: (task: string) => `Fail ${task}`,
  faults: 'Cluster faults',
  more: (n: number) => `+${n} more`,
  textTitle: 'The cluster as text',
  colTaskManager: 'TaskManager',
  colStatus: 'Status',
  colSlot: 'Slot',
  colAllocation: 'Allocation',
  colGroup: 'Slot sharing group',
  colTasks: 'Subtasks',
  none: 'none',
  inFlight: 'RPCs in flight',
  noRpcs: 'No RPC in flight.',
  rpcLine: (name: string, from: string, to: string, detail: string, arrives: number) =>
    `${name}${detail ? ` (${detail})` : ''}: ${from} → ${to}, arrives at ${arrives} ms`,
  taskInSlot: (task: string, state: string, slot: number, tm: string) => `${task} ${state}, in slot ${slot} of ${tm}`,
};

const zh: typeof en = {
  figure: 'Flink 集群：客户端、JobManager 及其组件、TaskManager 及其 slot，以及它们之间传输中的 RPC',
  client: '客户端',
  jobManager: 'JobManager（作业管理器）',
  starting: '启动中',
  dispatcher: 'Dispatcher',
  jobMaster: 'JobMaster',
  resourceManager: 'ResourceManager',
  slotManager: 'SlotManager',
  yarn: 'YARN 资源管理器',
  workers: 'TaskManager（工作节点）',
  taskManager: 'TaskManager',
  job: '作业',
  noJob: '尚未提交作业',
  notStarted: '尚未启动',
  slotPool: 'Slot pool',
  held: '持有',
  idle: '空闲',
  pendingRequests: '等待中的 slot 请求',
  restarts: '重启次数',
  required: '需要',
  slot: 'slot',
  free: '空闲',
  notRegistered: '未注册',
  containers: '容器',
  requested: '已申请',
  status: { starting: '启动中', running: '运行中', killed: '✕ 已被杀死', released: '已释放' },
  slotState: { free: '空闲', pending: '分配中', allocated: '已分配' },
  kill: '杀死',
  killLabel: (tm: string) => `杀死 ${tm}`,
  addTaskManager: '添加 TaskManager',
  failTask: (task: string) => `让 ${task} 失败`,
  faults: '集群故障注入',
  more: (n: number) => `还有 ${n} 个`,
  textTitle: '集群的文字描述',
  colTaskManager: 'TaskManager',
  colStatus: '状态',
  colSlot: 'Slot',
  colAllocation: '分配 ID',
  colGroup: 'Slot 共享组',
  colTasks: '子任务',
  none: '无',
  inFlight: '传输中的 RPC',
  noRpcs: '没有传输中的 RPC。',
  rpcLine: (name: string, from: string, to: string, detail: string, arrives: number) =>
    `${name}${detail ? `（${detail}）` : ''}：${from} → ${to}，${arrives} ms 到达`,
  taskInSlot: (task: string, state: string, slot: number, tm: string) => `${task} ${state}，位于 ${tm} 的 slot ${slot}`,
};

/** The Cluster view's words in one language. */
export function clusterWords(lang: Lang): typeof en {
  return lang === 'zh' ? zh : en;
}
