/**
 * Property tests of the runtime: random topologies, clusters, strategies and failure schedules.
 * Whatever happens, the job's status follows the JobStatus machine and never leaves a terminal
 * state; every execution follows the ExecutionState machine (a restart starts a new attempt);
 * no subtask runs in two slots; no slot holds two subtasks of one job vertex or exceeds the
 * TaskManager's slots; and the same inputs give the same trace.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scenarioArb } from '../support/arbitraries.ts';
import { Timeline } from '../../src/sim/Timeline.ts';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { JOB_STATUSES, isTerminalJobStatus, nextJobStatus, type JobStatusEvent } from '../../src/sim/runtime/JobStatus.ts';
import { EXECUTION_STATES, isTerminal, nextExecutionState, type ExecutionEvent } from '../../src/sim/runtime/ExecutionState.ts';
import { serializeTrace } from '../../src/sim/traceHash.ts';
import type { Scenario } from '../../src/sim/scenario/Scenario.ts';

const JOB_EVENTS: JobStatusEvent['type'][] = ['JOB_MASTER_STARTED', 'START_SCHEDULING', 'RESTART_PENDING', 'RESTARTED', 'FAIL_JOB', 'CANCEL', 'ALL_VERTICES_TERMINAL', 'CANCEL_FAILED', 'ALL_FINISHED', 'SUSPEND', 'RECONCILE', 'RECONCILED'];
const EXEC_EVENTS: ExecutionEvent['type'][] = ['SCHEDULE', 'DEPLOY', 'INITIALIZE', 'RUN', 'FINISH', 'CANCEL', 'COMPLETE_CANCELLING', 'FAIL'];
const jobEdges = new Set(JOB_STATUSES.flatMap((s) => JOB_EVENTS.flatMap((e) => { const to = nextJobStatus(s, e); return to ? [`${s}>${to}`] : []; })));
const execEdges = new Set(EXECUTION_STATES.flatMap((s) => EXEC_EVENTS.flatMap((e) => { const to = nextExecutionState(s, e); return to ? [`${s}>${to}`] : []; })));

const RESTARTS = [
  { 'restart-strategy.type': 'none' },
  { 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': 2, 'restart-strategy.fixed-delay.delay': '50 ms' },
  { 'restart-strategy.type': 'failure-rate', 'restart-strategy.failure-rate.max-failures-per-interval': 2, 'restart-strategy.failure-rate.failure-rate-interval': '1 s', 'restart-strategy.failure-rate.delay': '20 ms' },
  { 'restart-strategy.type': 'exponential-delay', 'restart-strategy.exponential-delay.initial-backoff': '10 ms', 'restart-strategy.exponential-delay.max-backoff': '200 ms' },
];

const faultArb = fc.record({
  at: fc.integer({ min: 0, max: 1500 }),
  kind: fc.constantFrom('failTask', 'failTask', 'failTask', 'killTaskManager', 'addTaskManager', 'cancelJob', 'loseLeadership'),
  which: fc.nat(),
});

/** A random job (from the shared arbitrary) on a random cluster with random strategies and faults. */
const runArb = fc
  .record({
    job: scenarioArb,
    restart: fc.constantFrom(...RESTARTS),
    failover: fc.constantFrom('region', 'full'),
    strategy: fc.constantFrom('pipelined-region', 'pipelined-region', 'eager', 'lazy-from-sources'),
    batch: fc.boolean(),
    slots: fc.integer({ min: 1, max: 3 }),
    taskManagers: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    yarn: fc.boolean(),
    faults: fc.array(faultArb, { maxLength: 4 }),
  })
  .map((r) => {
    const base = validateScenario(r.job);
    const tasks = Timeline.record(base).plan.execution.tasks.map((t) => t.id);
    const faults = r.faults.map((f) => {
      if (f.kind === 'failTask') return { at: f.at, type: 'failTask', task: tasks[f.which % tasks.length] };
      if (f.kind === 'killTaskManager') return { at: f.at, type: 'killTaskManager', taskManager: `tm-${1 + (f.which % 3)}` };
      return { at: f.at, type: f.kind };
    });
    const scenario = {
      ...r.job,
      until: 8000,
      maxEvents: 100_000,
      config: {
        ...r.restart,
        'jobmanager.execution.failover-strategy': r.failover,
        'execution.runtime-mode': r.batch ? 'BATCH' : 'STREAMING',
        'taskmanager.numberOfTaskSlots': r.slots,
        'heartbeat.interval': '200 ms',
        'heartbeat.timeout': '1 s',
        'slot.request.timeout': '1 s',
      },
      cluster: r.yarn ? { mode: 'yarn', processStartMs: 100, containerAllocationMs: 50 } : { taskManagers: r.taskManagers },
      scheduling: { strategy: r.strategy },
      faults,
    } as unknown as Scenario;
    return scenario;
  });

function checkInvariants(tl: Timeline): void {
  // The job status follows the machine and never leaves a terminal state.
  let status = 'INITIALIZING';
  for (const e of tl.trace) {
    if (e.type !== 'job.status') continue;
    expect(e.from).toBe(status);
    expect(jobEdges.has(`${e.from}>${e.to}`), `${e.from} → ${e.to}`).toBe(true);
    status = e.to;
  }
  // Each execution follows the ExecutionState machine; a restart is a new attempt in CREATED.
  const last = new Map<string, { state: string; attempt: number }>();
  for (const e of tl.trace) {
    if (e.type !== 'task.state') continue;
    const prev = last.get(e.task) ?? { state: 'CREATED', attempt: 0 };
    expect(e.from).toBe(prev.state);
    if (e.attempt !== prev.attempt) {
      expect(e.attempt).toBe(prev.attempt + 1);
      expect(isTerminal(e.from) && e.to === 'CREATED', `${e.task}: new attempt from ${e.from}`).toBe(true);
    } else {
      expect(execEdges.has(`${e.from}>${e.to}`), `${e.task}: ${e.from} → ${e.to}`).toBe(true);
    }
    last.set(e.task, { state: e.to, attempt: e.attempt });
  }
  // Slots: sampled worlds.
  const vertexOf = tl.plan.execution.tasks.map((t) => t.vertex);
  const slotsPerTm = (tl.scenario.config['taskmanager.numberOfTaskSlots'] as number | undefined) ?? 1;
  for (let s = 0; s <= tl.steps; s += Math.max(1, Math.floor(tl.steps / 40))) {
    const w = tl.worldAt(s);
    const seen = new Set<number>();
    for (const tm of w.cluster.taskManagers) {
      expect(tm.slots.length).toBe(slotsPerTm);
      for (const slot of tm.slots) {
        if (slot.tasks.length > 0) expect(slot.allocationId).not.toBeNull();
        const vertices = slot.tasks.map((t) => vertexOf[t]);
        expect(new Set(vertices).size, 'two subtasks of one job vertex in a slot').toBe(vertices.length);
        for (const t of slot.tasks) {
          expect(seen.has(t), `task ${t} in two slots`).toBe(false);
          seen.add(t);
        }
      }
    }
    // An execution the JobMaster thinks is deployed has a place.
    for (const t of w.tasks) if (['DEPLOYING', 'INITIALIZING', 'RUNNING'].includes(t.state)) expect(t.location).not.toBeNull();
    if (isTerminalJobStatus(w.jobStatus) && w.jobStatus !== 'SUSPENDED') {
      for (const t of w.tasks) expect(['CREATED', 'FINISHED', 'CANCELED', 'FAILED', 'CANCELING']).toContain(t.state);
    }
  }
}

describe('runtime properties', () => {
  it('random jobs, clusters and failure schedules keep every lifecycle and slot invariant', () => {
    fc.assert(
      fc.property(runArb, (scenario) => {
        const tl = Timeline.record(validateScenario(scenario));
        checkInvariants(tl);
      }),
      { numRuns: Number(process.env.FS_RUNS ?? 150) },
    );
  });

  it('a failure schedule replays to the same trace (faults are timeline inputs)', () => {
    fc.assert(
      fc.property(runArb, (scenario) => {
        const a = Timeline.record(validateScenario(scenario), { seed: 3 });
        const b = Timeline.record(validateScenario(JSON.parse(JSON.stringify(scenario))), { seed: 3 });
        expect(serializeTrace(b.trace)).toBe(serializeTrace(a.trace));
      }),
      { numRuns: 25 },
    );
  });

  it('a fault applied as a fork at any step equals the same fault scheduled in the scenario at that time', () => {
    fc.assert(
      fc.property(scenarioArb, fc.double({ min: 0, max: 1, noNaN: true }), (job, f) => {
        const base = validateScenario({ ...job, config: { 'restart-strategy.type': 'fixed-delay' } });
        const tl = Timeline.record(base, { seed: 5 });
        const step = Math.floor(f * tl.steps);
        const task = tl.plan.execution.tasks[0]!.id;
        const forked = tl.fork({ type: 'failTask', task }, { step, time: tl.timeOfStep(step) });
        checkInvariants(forked);
        const replay = Timeline.record(base, { seed: 5, actions: [...forked.actions] });
        expect(serializeTrace(replay.trace)).toBe(serializeTrace(forked.trace));
      }),
      { numRuns: 30 },
    );
  });
});
