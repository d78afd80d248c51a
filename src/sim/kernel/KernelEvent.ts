/** The events the kernel schedules. Plain data: an event names what happens, never a callback. */
import type { Action, TimedAction } from '../actions.ts';
import type { Endpoint } from '../cluster/ClusterRuntime.ts';

/** Who sends heartbeat requests: the ResourceManager and the JobMaster (to TaskExecutors). */
export type HeartbeatSender = 'resourcemanager' | 'jobmaster';

export type KernelEvent =
  /** t = 0: TaskManagers start (standalone) and the client submits the job (or the YARN application). */
  | { kind: 'cluster.start' }
  /** The JobMaster's services are up: it starts scheduling (CREATED → RUNNING). */
  | { kind: 'jobmaster.start' }
  /** An RPC reaches its receiver (or fails there, when the receiver is gone). */
  | { kind: 'rpc.deliver'; id: number }
  /** A TaskManager process (or, with `tm` = 'jobmanager', the YARN application master) finished starting. */
  | { kind: 'process.started'; process: Endpoint | 'jobmanager' }
  /** YARN allocated a container for a TaskManager. */
  | { kind: 'container.allocated'; tm: Endpoint }
  /**
   * A step of a Task on its TaskExecutor (Task.java): INITIALIZE after deploying, RUN after
   * initializing, CANCELED after cancelling. Stale when `attempt` is not the task's current attempt.
   */
  | { kind: 'task.local'; task: number; attempt: number; step: 'INITIALIZE' | 'RUN' | 'CANCELED' }
  /** A source subtask emits its next record; stale when its `epoch` is not the source's (rate changed). */
  | { kind: 'source.emit'; task: number; epoch: number }
  /** The head element of a channel reaches its consumer; stale when the channel was reset since. */
  | { kind: 'channel.deliver'; channel: number; epoch: number; priority?: true }
  /** Credit announced by a channel's receiver reaches its sender (AddCredit); stale when the channel was reset since. */
  | { kind: 'channel.credit'; channel: number; epoch: number; credits: number }
  /** The CheckpointCoordinator's periodic trigger (ScheduledTrigger); stale when `epoch` is not the scheduler's. */
  | { kind: 'checkpoint.trigger'; epoch: number }
  /** CheckpointCanceller: checkpoint `id` timed out unless it completed or was aborted. */
  | { kind: 'checkpoint.timeout'; id: number }
  /** A task's synchronous snapshot of checkpoint `id` is done (the task goes on processing). */
  | { kind: 'checkpoint.sync'; task: number; attempt: number; id: number }
  /** A task's asynchronous snapshot part of checkpoint `id` is written. */
  | { kind: 'checkpoint.async'; task: number; attempt: number; id: number }
  /** aligned-checkpoint-timeout passed while checkpoint `id`'s barrier still waits in output `channel`'s queue. */
  | { kind: 'checkpoint.outputTimeout'; task: number; attempt: number; id: number; channel: number }
  /** The alignment timer of checkpoint `id` (aligned-checkpoint-timeout) fired on a task. */
  | { kind: 'checkpoint.alignmentTimeout'; task: number; attempt: number; id: number }
  /** A task finishes processing the head of its input queue. */
  | { kind: 'task.process'; task: number; attempt: number }
  /** A heartbeat sender's period: request a heartbeat from every monitored TaskExecutor. */
  | { kind: 'heartbeat.tick'; sender: HeartbeatSender }
  /** Heartbeat timeout check for one target; stale when `epoch` is not the target's. */
  | { kind: 'heartbeat.check'; sender: HeartbeatSender; tm: Endpoint; epoch: number }
  /** PhysicalSlotRequestBulkChecker: the bulk's slots did not all arrive within slot.request.timeout. */
  | { kind: 'bulk.timeout'; bulk: number }
  /** A restart's delay (from the restart strategy) elapsed. */
  | { kind: 'restart.delay'; restart: number }
  /** slot.idle.timeout: the JobMaster returns a slot that stayed idle since `since`. */
  | { kind: 'slot.idle'; allocationId: string; since: number }
  /** resourcemanager.taskmanager-timeout: an active ResourceManager releases a TaskManager idle since `since`. */
  | { kind: 'taskmanager.idle'; tm: Endpoint; since: number }
  /**
   * `pipeline.auto-watermark-interval` elapsed: the watermark generator of `operator` (a source or a
   * `timestamps` operator) runs `onPeriodicEmit` (TimestampsAndWatermarksOperator.onProcessingTime).
   */
  | { kind: 'watermark.periodic'; task: number; attempt: number; operator: string }
  /** A processing-time timer of `operator` is due (InternalTimerServiceImpl.onProcessingTime). */
  | { kind: 'timer.processing'; task: number; attempt: number; operator: string; time: number }
  /** A learner action recorded on the timeline. */
  | { kind: 'action'; action: TimedAction }
  /** A fault the scenario schedules. */
  | { kind: 'fault'; action: Action };
