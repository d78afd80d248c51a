/**
 * The cluster part of the world: the JobManager's components (Dispatcher, JobMaster,
 * ResourceManager with its SlotManager), the TaskManagers with their slots, and the RPCs between
 * them. Plain JSON data, like the rest of the world.
 */
import type { ExecutionState } from '../runtime/ExecutionState.ts';
import type { RestartBackoffState } from '../failover/RestartBackoffTimeStrategy.ts';

/** Who sends and receives RPCs: the JobManager's components, `yarn` (the YARN ResourceManager), the client, and TaskManagers (`tm-1` …). */
export type Endpoint = 'client' | 'dispatcher' | 'jobmaster' | 'resourcemanager' | 'yarn' | `tm-${number}`;

/** RPC messages, named after the Flink gateway methods that carry them. */
export type RpcMessage =
  /** Client → Dispatcher (DispatcherGateway.submitJob). */
  | { name: 'submitJob' }
  /** Client → YARN: start the application master (the JobManager process). */
  | { name: 'submitApplication' }
  /** JobMaster → ResourceManager (ResourceManagerGateway.registerJobMaster). */
  | { name: 'registerJobMaster' }
  /** JobMaster → ResourceManager: the number of slots the job needs now (declareRequiredResources). */
  | { name: 'declareRequiredResources'; slots: number }
  /** TaskExecutor → ResourceManager (registerTaskExecutor). */
  | { name: 'registerTaskExecutor'; slots: number }
  /** ResourceManager → TaskExecutor (TaskExecutorRegistrationSuccess). */
  | { name: 'registrationSuccess' }
  /** TaskExecutor → ResourceManager: which slots are free (sendSlotReport). */
  | { name: 'sendSlotReport'; free: number[] }
  /** SlotManager → TaskExecutor: allocate this slot for the job (TaskExecutorGateway.requestSlot). */
  | { name: 'requestSlot'; slot: number; allocationId: string }
  /** TaskExecutor → JobMaster: connect before offering slots (JobMasterGateway.registerTaskManager). */
  | { name: 'registerTaskManager' }
  /** TaskExecutor → JobMaster (JobMasterGateway.offerSlots). */
  | { name: 'offerSlots'; slots: { slot: number; allocationId: string }[] }
  /** JobMaster → TaskExecutor: deploy an execution (TaskExecutorGateway.submitTask). */
  | { name: 'submitTask'; task: number; attempt: number; slot: number }
  /** JobMaster → TaskExecutor (TaskExecutorGateway.cancelTask). */
  | { name: 'cancelTask'; task: number; attempt: number }
  /** TaskExecutor → JobMaster (JobMasterGateway.updateTaskExecutionState). */
  | { name: 'updateTaskExecutionState'; task: number; attempt: number; state: ExecutionState; cause?: string; partition?: string }
  /** JobMaster → TaskExecutor: give the slot back (TaskExecutorGateway.freeSlot). */
  | { name: 'freeSlot'; allocationId: string }
  /** TaskExecutor → ResourceManager: a slot became free (notifySlotAvailable). */
  | { name: 'notifySlotAvailable'; slot: number }
  /** Heartbeat sender → TaskExecutor (HeartbeatTarget.requestHeartbeat). */
  | { name: 'requestHeartbeat' }
  /** TaskExecutor → heartbeat sender (receiveHeartbeat). */
  | { name: 'heartbeat' }
  /** JobMaster → TaskExecutor: the JobMaster lost it (TaskExecutorGateway.disconnectJobManager); its tasks of the job fail, its slots are freed. */
  | { name: 'disconnectJobManager' }
  /** ResourceManager → TaskExecutor: the ResourceManager lost it (disconnectResourceManager); it registers again. */
  | { name: 'disconnectResourceManager' }
  /** YARN → ResourceManager: a container ended (ResourceEventHandler.onWorkerTerminated). */
  | { name: 'containerCompleted'; tm: string }
  /** ResourceManager → YARN: start a worker container (ResourceManagerDriver.requestResource). */
  | { name: 'requestContainer' }
  /** YARN → ResourceManager: a container was allocated; its TaskManager starts. */
  | { name: 'containerAllocated'; tm: string }
  /** ResourceManager → YARN: release an idle worker (releaseResource). */
  | { name: 'stopContainer'; tm: string }
  /** JobMaster → TaskExecutor: a source task starts checkpoint `id` (TaskExecutorGateway.triggerCheckpoint). */
  | { name: 'triggerCheckpoint'; task: number; attempt: number; id: number; timestamp: number; savepoint: boolean; synchronous: boolean }
  /** TaskExecutor → JobMaster: the task's snapshot of checkpoint `id` is stored (CheckpointCoordinatorGateway.acknowledgeCheckpoint). */
  | { name: 'acknowledgeCheckpoint'; task: number; attempt: number; id: number; ack: CheckpointAck }
  /** TaskExecutor → JobMaster: the task aborted checkpoint `id` (declineCheckpoint). */
  | { name: 'declineCheckpoint'; task: number; attempt: number; id: number; reason: string }
  /** JobMaster → TaskExecutor: checkpoint `id` completed (confirmCheckpoint → notifyCheckpointComplete). */
  | { name: 'notifyCheckpointComplete'; task: number; attempt: number; id: number }
  /** JobMaster → TaskExecutor: checkpoint `id` was aborted (abortCheckpoint → notifyCheckpointAborted). */
  | { name: 'notifyCheckpointAborted'; task: number; attempt: number; id: number };

/** What a task reports with its acknowledgement (the Web UI's per-subtask checkpoint details). */
export interface CheckpointAck {
  ackAt: number;
  /** Bytes of the full snapshot, and of what this checkpoint wrote (smaller when incremental). */
  stateSize: number;
  incrementalSize: number;
  /** Records stored as channel state (unaligned: in-flight data). */
  persistedData: number;
  syncMs: number;
  asyncMs: number;
  /** From the first barrier's arrival to the snapshot. */
  alignmentMs: number;
  /** From the checkpoint's start to the first barrier's arrival. */
  startDelayMs: number;
  unaligned: boolean;
}

export type RpcName = RpcMessage['name'];

/** An RPC on its way; views place it from `sentAt`/`arrivesAt`. */
export interface RpcInFlight {
  id: number;
  from: Endpoint;
  to: Endpoint;
  message: RpcMessage;
  sentAt: number;
  arrivesAt: number;
}

/** One slot of a TaskExecutor (TaskSlotTable): free, or allocated to the job with an allocation id. */
export interface TaskSlotRuntime {
  allocationId: string | null;
  /** Task indices deployed in this slot (several when slot sharing puts them together). */
  tasks: number[];
}

/** A TaskManager process. */
export interface TaskManagerRuntime {
  id: Endpoint;
  /** `starting` (process launched), `running`, `killed` (fault), `released` (stopped by the ResourceManager). */
  status: 'starting' | 'running' | 'killed' | 'released';
  /** The ResourceManager acknowledged its registration. */
  registered: boolean;
  /** It has registered at the JobMaster (TaskExecutor.establishJobManagerConnection). */
  jobMasterConnected: boolean;
  slots: TaskSlotRuntime[];
}

/** A heartbeat target as the sender's HeartbeatMonitor sees it. */
export interface HeartbeatTarget {
  lastHeartbeat: number;
  /** Consecutive failed heartbeat RPCs (heartbeat.rpc-failure-threshold). */
  failedRpcs: number;
  /** Bumped on each heartbeat; queued timeout checks of older epochs are stale. */
  epoch: number;
}

/** SlotManager's view of one slot. */
export type SlotManagerSlot = 'free' | 'pending' | 'allocated';

export interface ResourceManagerRuntime {
  /** Registered TaskExecutors and the SlotManager's view of their slots. */
  slots: Record<string, SlotManagerSlot[]>;
  /** Slots the job declared it needs (declareRequiredResources). */
  required: number;
  /** The JobMaster registered (so slots can be requested for it). */
  jobMasterRegistered: boolean;
  /** Workers requested from YARN whose slots are not known yet (active mode). */
  pendingWorkers: number;
  /** TaskManagers that have reported their slots at least once (a re-registration is not a new worker). */
  known: string[];
  heartbeats: Record<string, HeartbeatTarget>;
  /** Since when each TaskManager has had every slot free (active mode releases it after resourcemanager.taskmanager-timeout). */
  idleSince: Record<string, number>;
}

/** A slot the JobMaster's slot pool holds. */
export interface PoolSlot {
  allocationId: string;
  tm: Endpoint;
  slot: number;
  /** The execution slot sharing group using it, or null when idle. */
  essg: number | null;
  idleSince: number;
}

/** One allocateSlotsAndDeploy call: its tasks deploy together once every slot they need is there. */
export interface PendingBulk {
  id: number;
  tasks: number[];
  /** The attempt of each task when the bulk was made (a newer attempt makes the entry stale). */
  attempts: number[];
  /** When PhysicalSlotRequestBulkChecker gives up (slot.request.timeout). */
  deadline: number;
}

/** A pending restart (DefaultScheduler.restartTasksWithDelay): fires after the delay and once cancelling is done. */
export interface PendingRestart {
  id: number;
  tasks: number[];
  /** ExecutionVertexVersioner: the version of each task when the restart was decided. */
  versions: number[];
  /** The attempt of each task when the restart was decided: the cancellation waited for. */
  attempts: number[];
  delayElapsed: boolean;
}

/** The JobMaster: its scheduler (strategy, failover, restarts) and slot pool. */
export interface JobMasterRuntime {
  /** The scheduling strategy's own state (JSON). */
  strategy: unknown;
  backoff: RestartBackoffState;
  numberOfRestarts: number;
  /** ExecutionVertexVersioner: bumped per task on every modification (restart, cancel, failJob, suspend). */
  versions: number[];
  /** Tasks waiting for a restart (DefaultScheduler.verticesWaitingForRestart). */
  restartPending: number[];
  restarts: PendingRestart[];
  nextRestartId: number;
  /** Physical slot (allocation id) of each execution slot sharing group, or null. */
  essgSlot: (string | null)[];
  pool: PoolSlot[];
  /** ESSG indices waiting for a slot, oldest first. */
  requests: number[];
  bulks: PendingBulk[];
  nextBulkId: number;
  /** Slots last declared to the ResourceManager. */
  declared: number;
  heartbeats: Record<string, HeartbeatTarget>;
  /** Root cause of the job's failure (FAILED), if any. */
  failureCause?: string;
}

export interface ClusterRuntime {
  /** The JobManager process (Dispatcher, ResourceManager, JobMaster) is up; in YARN mode it starts in a container first. */
  jobManagerUp: boolean;
  /** The Dispatcher has received the job (before that, the job has no status anywhere but in the client). */
  jobSubmitted: boolean;
  taskManagers: TaskManagerRuntime[];
  resourceManager: ResourceManagerRuntime;
  /** Null until the Dispatcher starts the job's JobMaster. */
  jobMaster: JobMasterRuntime | null;
  rpcs: RpcInFlight[];
  nextRpcId: number;
  nextAllocationId: number;
  /** Number for the next TaskManager id (`tm-<n>`). */
  nextTaskManager: number;
  /** The JobMaster lost leadership: it stops, the job is SUSPENDED. */
  leadershipLost: boolean;
}
