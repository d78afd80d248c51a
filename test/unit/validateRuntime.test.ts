/**
 * Bad runtime input gets a clear error naming the field and the fix (Flink's own message where
 * Flink checks the same thing); too few slots is not an error.
 */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/sim/scenario/validate.ts';
import { expectIssue } from '../support/issues.ts';

const base = (extra: object = {}) => ({
  version: 1,
  job: { parallelism: 2 },
  operators: [
    { id: 'source', type: 'source', events: [{ at: 0, value: 'a' }] },
    { id: 'print', type: 'sink', input: 'source' },
  ],
  ...extra,
});

describe('restart strategies', () => {
  it('an unknown strategy name lists the accepted ones', () => {
    expectIssue(base({ config: { 'restart-strategy.type': 'sometimes' } }), 'config["restart-strategy.type"]', 'sometimes', 'fixed-delay', 'exponential-delay');
  });
  it('negative attempts and delays are rejected with Flink\'s messages', () => {
    expectIssue(base({ config: { 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': -1 } }), 'config["restart-strategy.fixed-delay.attempts"]');
    expectIssue(base({ config: { 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.delay': '-1 s' } }), 'config["restart-strategy.fixed-delay.delay"]');
    expectIssue(
      base({ config: { 'restart-strategy.type': 'exponential-delay', 'restart-strategy.exponential-delay.backoff-multiplier': 0.5 } }),
      'config["restart-strategy.exponential-delay.backoff-multiplier"]',
    );
  });
  it('the deprecated key restart-strategy still works', () => {
    expect(validateScenario(base({ config: { 'restart-strategy': 'fixeddelay' } })).config['restart-strategy.type']).toBe('fixed-delay');
  });
});

describe('Flink options', () => {
  it('an unknown key suggests the closest one', () => {
    expectIssue(base({ config: { 'heartbeat.timout': '5 s' } }), 'config["heartbeat.timout"]', 'unknown Flink option', 'heartbeat.timeout');
  });
  it('an unknown failover strategy', () => {
    expectIssue(base({ config: { 'jobmanager.execution.failover-strategy': 'partial' } }), 'config["jobmanager.execution.failover-strategy"]', 'region', 'full');
  });
  it('heartbeat timeout shorter than the interval (HeartbeatServices)', () => {
    expectIssue(base({ config: { 'heartbeat.interval': '10 s', 'heartbeat.timeout': '5 s' } }), 'config["heartbeat.timeout"]', 'larger or equal');
  });
  it('zero slots per TaskManager', () => {
    expectIssue(base({ config: { 'taskmanager.numberOfTaskSlots': 0 } }), 'config["taskmanager.numberOfTaskSlots"]', 'at least one');
  });
  it('a memory configuration Flink cannot derive', () => {
    expectIssue(base({ config: { 'taskmanager.memory.process.size': '100m' } }), 'config["taskmanager.memory.process.size"]');
  });
  it('a duration that is not one', () => {
    expectIssue(base({ config: { 'slot.request.timeout': 'soon' } }), 'config["slot.request.timeout"]', 'soon');
  });
});

describe('cluster, scheduling and faults', () => {
  it('an unknown scheduling strategy', () => {
    expectIssue(base({ scheduling: { strategy: 'lazy' } }), 'scheduling.strategy', 'pipelined-region', 'lazy-from-sources');
  });
  it('an unknown cluster mode and negative latencies', () => {
    expectIssue(base({ cluster: { mode: 'mesos' } }), 'cluster.mode', 'standalone', 'yarn');
    expectIssue(base({ cluster: { rpcLatencyMs: -5 } }), 'cluster.rpcLatencyMs', 'integer ≥ 0');
  });
  it('YARN starts TaskManagers itself', () => {
    expectIssue(base({ cluster: { mode: 'yarn', taskManagers: 2 } }), 'cluster.taskManagers', 'yarn');
  });
  it('faults name existing subtasks and TaskManagers, with the fields their type needs', () => {
    expectIssue(base({ faults: [{ at: 5, type: 'failTask', task: 'nope/0' }] }), 'faults[0].task', 'no subtask', 'source/0');
    expectIssue(base({ faults: [{ at: 5, type: 'failTask' }] }), 'faults[0].task', 'required');
    expectIssue(base({ faults: [{ at: 5, type: 'killTaskManager', taskManager: 'worker-1' }] }), 'faults[0].taskManager', 'tm-1');
    expectIssue(base({ faults: [{ at: 5, type: 'cancelJob', task: 'source/0' }] }), 'faults[0].task', 'has no');
    expectIssue(base({ faults: [{ at: -1, type: 'cancelJob' }] }), 'faults[0].at', 'integer ≥ 0');
    expectIssue(base({ faults: [{ at: 1, type: 'explode' }] }), 'faults[0].type', 'failTask');
  });
  it('parallelism above max parallelism is an error; too few slots is not', () => {
    expectIssue(base({ job: { parallelism: 4, maxParallelism: 2 } }), 'job.parallelism', 'maxParallelism');
    expect(() => validateScenario(base({ cluster: { taskManagers: 1 }, job: { parallelism: 8 } }))).not.toThrow();
  });
});
