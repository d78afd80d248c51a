import { describe, expect, it } from 'vitest';
import { expectIssue, issuesOf } from '../support/issues.ts';
import fc from 'fast-check';
import { validateScenario, parseScenarioJson, parseJsonText, formatPath, suggest } from '../../src/sim/scenario/validate.ts';
import { ScenarioError } from '../../src/sim/scenario/ScenarioError.ts';
import { SCENARIO_DEFAULTS } from '../../src/sim/scenario/Scenario.ts';

type Any = Record<string, any>;

/** A valid word-count scenario; each test changes one thing. */
function base(): Any {
  return {
    operators: [
      { id: 'source', type: 'source', events: [{ at: 0, value: 'to be or not' }, { at: 50, value: 'to be' }] },
      { id: 'split', type: 'flatMap', input: 'source', fn: 'splitWords' },
      { id: 'count', type: 'sum', input: 'split', keyBy: 0, field: 1 },
      { id: 'print', type: 'sink', input: 'count' },
    ],
  };
}

/** `base()` with operator i patched (undefined values delete keys). */
function withOp(i: number, patch: Any, s: Any = base()): Any {
  const op = { ...s.operators[i], ...patch };
  for (const [k, v] of Object.entries(patch)) if (v === undefined) delete op[k];
  s.operators[i] = op;
  return s;
}

describe('validateScenario: valid scenarios', () => {
  it('accepts word count and fills every default', () => {
    const input = base();
    const r = validateScenario(input);
    expect(r.seed).toBe(SCENARIO_DEFAULTS.seed);
    expect(r.until).toBeNull();
    expect(r.maxEvents).toBe(SCENARIO_DEFAULTS.maxEvents);
    expect(r.job).toEqual({ parallelism: 1, maxParallelism: null, chaining: true, runtimeMode: 'STREAMING' });
    expect(r.network).toEqual({ latencyMs: 40, jitterMs: 0, recordsPerBuffer: 1000 });
    expect(r.deploy).toEqual({ deployingMs: 20, initializingMs: 20, cancelingMs: 10 });
    expect(r.operators).toEqual(base().operators);
    // The result is a copy: changing it leaves the input alone.
    r.operators[0]!.id = 'changed';
    expect(input.operators[0].id).toBe('source');
  });

  it('keeps explicit values', () => {
    const s = {
      ...base(),
      version: 1,
      name: 'wc',
      seed: -5,
      until: 1000,
      maxEvents: 5_000_000,
      job: { parallelism: 4, maxParallelism: 64, chaining: false },
      network: { latencyMs: 0, jitterMs: 7 },
      deploy: { cancelingMs: 0, deployingMs: 1, initializingMs: 2 },
    };
    const r = validateScenario(s);
    expect(r).toMatchObject({ name: 'wc', seed: -5, until: 1000, maxEvents: 5_000_000 });
    expect(r.job).toEqual({ parallelism: 4, maxParallelism: 64, chaining: false, runtimeMode: 'STREAMING' });
    expect(r.network).toEqual({ latencyMs: 0, jitterMs: 7, recordsPerBuffer: 1000 });
    expect(r.deploy).toEqual({ cancelingMs: 0, deployingMs: 1, initializingMs: 2 });
  });

  it('accepts every operator type, partitioner and function with its args', () => {
    const s = {
      until: 5000,
      operators: [
        { id: 'gen', type: 'source', parallelism: 2, generator: { seed: 3, ratePerSec: 100, values: ['a', 'b'] } },
        { id: 'up', type: 'map', input: 'gen', fn: 'toTuple', args: { count: 2 }, partitioner: 'forward', parallelism: 2 },
        { id: 'keep', type: 'filter', input: 'up', fn: 'compare', args: { field: 1, op: '>=', value: 1 }, partitioner: 'rescale', parallelism: 3 },
        { id: 'many', type: 'flatMap', input: 'keep', fn: 'repeat', args: { times: 2 }, partitioner: 'shuffle' },
        { id: 'r', type: 'reduce', input: 'many', keyBy: 0, fn: 'sum', args: { field: 1 } },
        { id: 'mn', type: 'min', input: 'r', keyBy: 'f0', field: 1, chaining: 'never' },
        { id: 'mx', type: 'max', input: 'mn', keyBy: '$', field: 1, partitioner: undefined },
        { id: 'b', type: 'map', input: 'mx', fn: 'identity', partitioner: 'broadcast', slotSharingGroup: 'x' },
        { id: 'g', type: 'filter', input: 'b', fn: 'oneOf', args: { values: [1, 'a'] }, partitioner: 'global', parallelism: 1 },
        { id: 'reb', type: 'map', input: 'g', fn: 'multiply', args: { by: 2 }, partitioner: 'rebalance', parallelism: 5, maxParallelism: 5 },
        { id: 'out', type: 'sink', input: 'reb', identifier: 'x', costMs: 0 },
      ],
    };
    expect(() => validateScenario(s)).not.toThrow();
  });

  it('accepts parallelism equal to maxParallelism and max parallelism up to 32768', () => {
    expect(() => validateScenario(withOp(1, { parallelism: 4, maxParallelism: 4 }))).not.toThrow();
    expect(() => validateScenario(withOp(1, { parallelism: 64, maxParallelism: 32768 }))).not.toThrow();
  });

  it('limits the size of a job to what the simulator can show', () => {
    expectIssue(withOp(1, { parallelism: 65 }), 'operators[1].parallelism', 'more than the simulator shows', 'at most 64');
    const wide = { version: 1, job: { parallelism: 64 }, operators: [
      { id: 's', type: 'source', events: [{ at: 0, value: 1 }] },
      { id: 'a', type: 'map', fn: 'identity', input: 's', partitioner: 'rebalance' },
      { id: 'b', type: 'map', fn: 'identity', input: 'a', partitioner: 'rebalance' },
      { id: 'c', type: 'map', fn: 'identity', input: 'b', partitioner: 'rebalance' },
    ] };
    expectIssue(wide, 'operators[3].parallelism', 'the job now has 12288 channels', 'more than the simulator handles (8192)');
  });

  it('rejects ids every JavaScript object has, whose state would leak between runs', () => {
    for (const id of ['constructor', 'toString', 'valueOf', 'hasOwnProperty']) expectIssue(withOp(1, { id }), 'operators[1].id', 'reserved name');
  });

  it('rejects values nested too deeply to process', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    expectIssue(withOp(0, { events: [{ at: 0, value: deep }] }), 'operators[0].events[0].value', 'nested at most 32 levels');
  });

  it('accepts an unbounded generator when until is set, and a bounded one without until', () => {
    const gen = (count?: number) => withOp(0, { events: undefined, generator: { seed: 1, ratePerSec: 10, values: ['x'], ...(count === undefined ? {} : { count }) } });
    expect(() => validateScenario({ ...gen(), until: 100 })).not.toThrow();
    expect(() => validateScenario(gen(0))).not.toThrow();
  });
});

describe('validateScenario: structure', () => {
  it('rejects a non-object', () => {
    for (const x of [null, 5, 'x', [base()]]) expectIssue(x, '(root)', 'must be a JSON object');
  });

  it('requires a non-empty operators list', () => {
    expectIssue({}, 'operators', 'required');
    expectIssue({ operators: [] }, 'operators', 'must not be empty', 'source');
    expectIssue({ operators: {} }, 'operators', 'must be a list');
    expectIssue({ operators: [5] }, 'operators[0]', 'must be an operator object');
  });

  it('rejects unknown top-level keys, suggesting the closest', () => {
    expectIssue({ ...base(), unitl: 100 }, 'unitl', 'unknown key', 'did you mean "until"');
    expectIssue({ ...base(), colour: 1 }, 'colour', 'unknown key', 'known keys: version');
    expectIssue({ ...base(), '': 1 }, '[""]', 'unknown key');
  });

  it('rejects unknown keys in job, network, deploy, generator and events', () => {
    expectIssue({ ...base(), job: { paralelism: 2 } }, 'job.paralelism', 'did you mean "parallelism"');
    expectIssue({ ...base(), network: { latency: 2 } }, 'network.latency', 'did you mean "latencyMs"');
    expectIssue({ ...base(), deploy: { deployMs: 2 } }, 'deploy.deployMs', 'unknown key');
    expectIssue(withOp(0, { events: undefined, generator: { seed: 1, ratePerSec: 1, values: [1], count: 1, cout: 2 } }), 'operators[0].generator.cout', 'did you mean "count"');
    expectIssue(withOp(0, { events: [{ at: 0, value: 1, subtaks: 0 }] }), 'operators[0].events[0].subtaks', 'did you mean "subtask"');
  });

  it('rejects unknown operator keys, and keys of another operator type', () => {
    expectIssue(withOp(2, { feild: 1 }), 'operators[2].feild', 'unknown key in a sum operator', 'did you mean "field"');
    expectIssue(withOp(1, { field: 1 }), 'operators[1].field', 'flatMap operator has no "field"', 'sum/min/max', 'remove it');
    expectIssue(withOp(0, { keyBy: 0 }), 'operators[0].keyBy', 'source operator has no "keyBy"');
  });

  it('accepts version 1 only', () => {
    expectIssue({ ...base(), version: 2 }, 'version', 'must be 1', 'got 2');
  });

  it('checks operator ids: pattern and uniqueness', () => {
    expectIssue(withOp(1, { id: '1split' }), 'operators[1].id', 'must start with a letter', 'got "1split"');
    expectIssue(withOp(1, { id: 'a b' }), 'operators[1].id', 'letters, digits');
    expectIssue(withOp(1, { id: 7 }), 'operators[1].id', 'must be a string');
    const dup = withOp(3, { id: 'split' });
    expectIssue(dup, 'operators[3].id', '"split" is already the id of operators[1]', 'unique');
  });

  it('lists the operator types when the type is wrong or missing', () => {
    expectIssue(withOp(1, { type: 'flatmap' }), 'operators[1].type', 'source, map, flatMap, filter, coMap, sum, min, max, reduce, timestamps, window, process, sink', 'got "flatmap"');
    expectIssue(withOp(1, { type: undefined }), 'operators[1].type', 'required', 'source, map');
  });

  it('checks partitioner and chaining names', () => {
    expectIssue(withOp(1, { partitioner: 'hash' }), 'operators[1].partitioner', 'forward, rebalance, rescale, shuffle, broadcast, global', 'got "hash"');
    expectIssue(withOp(1, { chaining: 'off' }), 'operators[1].chaining', 'always, never, head');
    expectIssue({ ...base(), job: { chaining: 'no' } }, 'job.chaining', 'true or false');
  });
});

describe('validateScenario: inputs', () => {
  it('requires an input on non-source operators, naming earlier operators', () => {
    expectIssue(withOp(2, { input: undefined }), 'operators[2].input', 'required', '"source", "split"');
  });

  it('requires the input to be listed earlier (catches cycles)', () => {
    expectIssue(withOp(1, { input: 'count' }), 'operators[1].input', '"count" is listed later (operators[2])', 'earlier');
    expectIssue(withOp(1, { input: 'split' }), 'operators[1].input', 'cannot read its own output', 'cycle');
  });

  it('names unknown inputs with a suggestion', () => {
    expectIssue(withOp(2, { input: 'splt' }), 'operators[2].input', 'no operator "splt"', 'did you mean "split"');
  });

  it('rejects an input on a source and a sink as input', () => {
    expectIssue(withOp(0, { input: 'x' }), 'operators[0].input', 'a source has no input', 'remove');
    const s = base();
    s.operators.push({ id: 'after', type: 'map', input: 'print', fn: 'identity' });
    expectIssue(s, 'operators[4].input', '"print" is a sink', 'no output');
  });
});

describe('validateScenario: sources', () => {
  it('needs exactly one of events or generator', () => {
    expectIssue(withOp(0, { events: undefined }), 'operators[0]', 'exactly one of events or generator', 'add "events"');
    expectIssue(withOp(0, { generator: { seed: 1, ratePerSec: 1, values: [1], count: 1 } }), 'operators[0]', 'exactly one', 'got both');
  });

  it('checks events: at, subtask, value', () => {
    expectIssue(withOp(0, { events: [{ at: -1, value: 1 }] }), 'operators[0].events[0].at', 'integer ≥ 0', 'got -1');
    expectIssue(withOp(0, { events: [{ at: 1.5, value: 1 }] }), 'operators[0].events[0].at', 'integer', 'got 1.5');
    expectIssue(withOp(0, { events: [{ at: 0 }] }), 'operators[0].events[0].value', 'required');
    expectIssue(withOp(0, { events: [{ at: 0, value: 1, subtask: 1 }] }), 'operators[0].events[0].subtask', 'must be 0..0', 'parallelism is 1', 'got 1');
    expectIssue(withOp(0, { parallelism: 2, events: [{ at: 0, value: 1, subtask: 2 }] }), 'operators[0].events[0].subtask', 'must be 0..1');
    expectIssue({ ...withOp(0, { events: [{ at: 0, value: 1, subtask: 3 }] }), job: { parallelism: 3 } }, 'operators[0].events[0].subtask', 'must be 0..2');
    expectIssue(withOp(0, { parallelism: 2, events: [{ at: 0, value: null, subtask: 1 }] }), 'operators[0].events[0].value', 'must not be null', 'never null');
  });

  it('checks generators: seed, ratePerSec, count, values', () => {
    const gen = (g: Any) => {
      const generator: Any = { seed: 1, ratePerSec: 10, values: ['a'], count: 5, ...g };
      for (const k of Object.keys(g)) if (g[k] === undefined) delete generator[k];
      return withOp(0, { events: undefined, generator });
    };
    expectIssue(gen({ seed: 1.5 }), 'operators[0].generator.seed', 'integer', 'got 1.5');
    expectIssue(gen({ seed: undefined }), 'operators[0].generator.seed', 'required');
    expectIssue(gen({ ratePerSec: 0 }), 'operators[0].generator.ratePerSec', '> 0', '100000', 'got 0');
    expectIssue(gen({ ratePerSec: 100_001 }), 'operators[0].generator.ratePerSec', '≤ 100000');
    expectIssue(gen({ count: -1 }), 'operators[0].generator.count', 'integer ≥ 0', 'got -1');
    expectIssue(gen({ count: 2.5 }), 'operators[0].generator.count', 'integer ≥ 0');
    expectIssue(gen({ values: [] }), 'operators[0].generator.values', 'must not be empty');
    expectIssue(gen({ values: 'a' }), 'operators[0].generator.values', 'must be a list');
  });

  it('requires until when a generator has no count', () => {
    const s = withOp(0, { events: undefined, generator: { seed: 1, ratePerSec: 10, values: ['a'] } });
    expectIssue(s, 'until', 'the job never finishes', 'set until (ms) or give every generator a count', 'operators[0].generator');
  });
});

describe('validateScenario: parallelism', () => {
  it('reports the bounds like Flink precondition for an operator', () => {
    const issues = issuesOf(withOp(2, { parallelism: 0 }));
    expect(issues.map((i) => `${i.path}: ${i.message}`)).toContainEqual(
      expect.stringContaining('operators[2].parallelism: must be 1..maxParallelism (128), got 0'),
    );
    expectIssue(withOp(2, { parallelism: 0 }), 'operators[2].parallelism', '0 < parallelism <= maxParallelism <= 32768');
    expectIssue(withOp(2, { parallelism: -3 }), 'operators[2].parallelism', 'got -3');
    expectIssue(withOp(2, { parallelism: 1.5 }), 'operators[2].parallelism', 'integer', 'got 1.5');
    expectIssue(withOp(2, { parallelism: '2' }), 'operators[2].parallelism', 'integer', 'got "2"');
  });

  it('uses the operator maxParallelism, then the job one, then Flink default', () => {
    expectIssue(withOp(2, { parallelism: 8, maxParallelism: 4 }), 'operators[2].parallelism', 'maxParallelism (4), got 8', 'raise operators[2].maxParallelism');
    expectIssue({ ...withOp(2, { parallelism: 8 }), job: { maxParallelism: 4 } }, 'operators[2].parallelism', 'maxParallelism (4), got 8', 'job.maxParallelism');
    expectIssue(withOp(2, { parallelism: 40000 }), 'operators[2].parallelism', 'maxParallelism (32768), got 40000');
  });

  it('checks the job parallelism the same way', () => {
    expectIssue({ ...base(), job: { parallelism: 0 } }, 'job.parallelism', 'must be 1..maxParallelism (128), got 0');
    expectIssue({ ...base(), job: { parallelism: 9, maxParallelism: 8 } }, 'job.parallelism', 'maxParallelism (8), got 9');
  });

  it('rejects an operator maxParallelism below the inherited job parallelism', () => {
    expectIssue({ ...withOp(2, { maxParallelism: 2 }), job: { parallelism: 4 } }, 'operators[2].maxParallelism', "≥ the operator's parallelism (4", 'job.parallelism', 'got 2');
  });

  it('bounds maxParallelism to 1..32768', () => {
    expectIssue(withOp(2, { maxParallelism: 0 }), 'operators[2].maxParallelism', '1..32768', 'got 0');
    expectIssue({ ...base(), job: { maxParallelism: 32769 } }, 'job.maxParallelism', '1..32768', 'got 32769');
  });
});

describe('validateScenario: edges and keys', () => {
  it('rejects keyBy together with a partitioner', () => {
    expectIssue(withOp(2, { partitioner: 'rebalance' }), 'operators[2].partitioner', 'keyBy already partitions by key', 'remove partitioner "rebalance" or remove keyBy');
  });

  it('requires keyBy on keyed aggregations and reduce', () => {
    expectIssue(withOp(2, { keyBy: undefined }), 'operators[2].keyBy', 'a keyed aggregation needs a keyed stream: add keyBy: 0');
    expectIssue(withOp(2, { type: 'reduce', field: undefined, fn: 'sum', keyBy: undefined }), 'operators[2].keyBy', 'keyed reduce needs a keyed stream', 'keyBy: 0');
    expectIssue(withOp(2, { keyBy: -1 }), 'operators[2].keyBy', 'tuple position', 'got -1');
  });

  it('rejects an explicit forward between different parallelisms (StreamGraph.createActualEdge)', () => {
    expectIssue(withOp(1, { partitioner: 'forward', parallelism: 2 }), 'operators[1].partitioner', 'Forward partitioning does not allow change of parallelism', 'rebalance', '"source" has 1');
    expect(() => validateScenario(withOp(1, { partitioner: 'forward' }))).not.toThrow();
    expect(() => validateScenario(withOp(1, { parallelism: 2 }))).not.toThrow(); // default partitioner: rebalance
  });
});

describe('validateScenario: functions and fields', () => {
  it('requires fn on map/flatMap/filter/reduce', () => {
    expectIssue(withOp(1, { fn: undefined }), 'operators[1].fn', 'required for a flatMap operator', 'splitWords');
  });

  it('rejects unknown functions with a suggestion', () => {
    expectIssue(withOp(1, { fn: 'splitword' }), 'operators[1].fn', 'unknown function "splitword"', 'did you mean "splitWords"', 'flatMap functions');
    expectIssue(withOp(1, { fn: 'toString' }), 'operators[1].fn', 'unknown function "toString"');
  });

  it('rejects a function of the wrong kind', () => {
    expectIssue(withOp(1, { type: 'map' }), 'operators[1].fn', '"splitWords" is a flatMap function, not a map function', 'type "flatMap"');
  });

  it('checks required, typed and unknown args', () => {
    expectIssue(withOp(1, { type: 'map', fn: 'multiply' }), 'operators[1].args.by', 'required by multiply', '"args": {"by": 1}');
    expectIssue(withOp(1, { type: 'map', fn: 'multiply', args: { by: 'two' } }), 'operators[1].args.by', 'must be a number', 'got "two"');
    expectIssue(withOp(1, { args: { field: -1 } }), 'operators[1].args.field', 'tuple position');
    expectIssue(withOp(1, { type: 'filter', fn: 'oneOf', args: { values: 1 } }), 'operators[1].args.values', 'must be a list');
    expectIssue(withOp(1, { args: { feild: 0 } }), 'operators[1].args.feild', 'unknown argument of splitWords', 'did you mean "field"');
    expectIssue(withOp(1, { type: 'map', fn: 'identity', args: { x: 1 } }), 'operators[1].args.x', 'identity takes no arguments');
    expectIssue(withOp(1, { type: 'filter', fn: 'compare', args: { op: '=', value: 1 } }), 'operators[1].args.op', 'must be one of <');
    expectIssue(withOp(1, { args: 3 }), 'operators[1].args', 'must be an object');
    expectIssue(withOp(1, { args: ['x'] }), 'operators[1].args', 'must be an object');
  });

  it('requires a valid field on sum/min/max', () => {
    expectIssue(withOp(2, { field: undefined }), 'operators[2].field', 'required', '"field": 1');
    expectIssue(withOp(2, { type: 'max', field: '' }), 'operators[2].field', 'field name (non-empty string)', 'got ""');
    expectIssue(withOp(2, { type: 'min', field: 1.5 }), 'operators[2].field', 'tuple position (integer ≥ 0)');
  });
});

describe('validateScenario: run settings', () => {
  it('checks until, maxEvents and seed', () => {
    expectIssue({ ...base(), until: 0 }, 'until', 'integer > 0', 'got 0');
    expectIssue({ ...base(), until: 10.5 }, 'until', 'integer > 0');
    expectIssue({ ...base(), maxEvents: 0 }, 'maxEvents', '1..5000000', 'got 0');
    expectIssue({ ...base(), maxEvents: 5_000_001 }, 'maxEvents', '1..5000000');
    expectIssue({ ...base(), seed: 2 ** 31 }, 'seed', '32-bit integer', 'got 2147483648');
    expectIssue({ ...base(), seed: -(2 ** 31) - 1 }, 'seed', '32-bit integer');
    expectIssue({ ...base(), seed: '7' }, 'seed', '32-bit integer');
    expect(validateScenario({ ...base(), seed: 2 ** 31 - 1 }).seed).toBe(2 ** 31 - 1);
  });

  it('checks network and deploy durations', () => {
    expectIssue({ ...base(), network: { latencyMs: -1 } }, 'network.latencyMs', 'integer ≥ 0', 'got -1');
    expectIssue({ ...base(), network: { jitterMs: 0.5 } }, 'network.jitterMs', 'integer ≥ 0');
    expectIssue({ ...base(), deploy: { cancelingMs: -1 } }, 'deploy.cancelingMs', 'integer ≥ 0');
    expectIssue({ ...base(), deploy: { initializingMs: 'x' } }, 'deploy.initializingMs', 'got "x"');
    expectIssue({ ...base(), network: 5 }, 'network', 'must be an object');
    expectIssue({ ...base(), job: [] }, 'job', 'must be an object', 'got Array');
    expectIssue(withOp(0, { events: undefined, generator: [1] }), 'operators[0].generator', 'must be a generator object');
    expectIssue(withOp(1, { costMs: -2 }), 'operators[1].costMs', 'integer ≥ 0');
  });
});

describe('ScenarioError', () => {
  it('collects every issue, one line per issue as "path: message"', () => {
    const s = { ...withOp(2, { parallelism: 0, keyBy: undefined }), until: -1, colour: 1 };
    let err: ScenarioError | undefined;
    try {
      validateScenario(s);
    } catch (e) {
      err = e as ScenarioError;
    }
    expect(err).toBeInstanceOf(ScenarioError);
    expect(err!.name).toBe('ScenarioError');
    const paths = err!.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['colour', 'until', 'operators[2].parallelism', 'operators[2].keyBy']));
    expect(err!.message.split('\n')).toEqual(err!.issues.map((i) => `${i.path}: ${i.message}`));
  });

  it('never throws anything else, whatever JSON it gets', () => {
    const check = (x: unknown) => {
      try {
        validateScenario(x);
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        for (const i of e.issues) {
          expect(i.path.length).toBeGreaterThan(0);
          expect(i.message.length).toBeGreaterThan(0);
        }
      }
    };
    fc.assert(fc.property(fc.jsonValue(), check), { numRuns: 300 });
    // Operator-shaped noise inside an otherwise valid scenario.
    const op = fc.dictionary(fc.constantFrom('id', 'type', 'input', 'parallelism', 'keyBy', 'fn', 'args', 'field', 'partitioner', 'events', 'generator', 'maxParallelism'), fc.jsonValue());
    fc.assert(fc.property(fc.array(op, { maxLength: 5 }), (ops) => check({ ...base(), operators: [...base().operators, ...ops] })), { numRuns: 300 });
  });
});

describe('parseScenarioJson', () => {
  it('parses and validates text (a byte-order mark is fine)', () => {
    expect(parseScenarioJson('\uFEFF' + JSON.stringify(base())).operators).toHaveLength(4);
  });

  it('reports JSON syntax errors with line and column', () => {
    const text = '{\n  "operators": [\n    {"id": "a" "type": "source"}\n  ]\n}';
    expect(() => parseScenarioJson(text, 'wc.json')).toThrow(/^wc\.json:3:16: invalid JSON: .*missing comma/);
    expect(() => parseScenarioJson(text)).toThrow(/^line 3, column 16: invalid JSON/);
    expect(() => parseJsonText('{"a": [1,', 'x.json')).toThrow(/^x\.json:1:10: invalid JSON/);
  });

  it('reports validation issues after parsing', () => {
    expect(() => parseScenarioJson('{"operators": []}')).toThrow(/^operators: must not be empty/);
  });
});

describe('helpers', () => {
  it('formatPath writes JSON paths', () => {
    expect(formatPath(['operators', 2, 'parallelism'])).toBe('operators[2].parallelism');
    expect(formatPath([])).toBe('(root)');
    expect(formatPath(['a b'])).toBe('["a b"]');
  });

  it('suggest finds close names only', () => {
    expect(suggest('paralelism', ['parallelism', 'maxParallelism'])).toBe('parallelism');
    expect(suggest('SEED', ['seed'])).toBe('seed');
    expect(suggest('zzz', ['seed', 'until'])).toBeUndefined();
  });
});

describe('validateScenario: inputs (union and two-input operators)', () => {
  const src = (id: string) => ({ id, type: 'source', events: [{ at: 0, value: 1 }] });
  const base = (op: Record<string, unknown>) => ({ operators: [src('a'), src('b'), op] });
  it('accepts a union of two streams and a coMap of exactly two', () => {
    expect(() => validateScenario(base({ id: 'm', type: 'map', fn: 'identity', input: ['a', 'b'] }))).not.toThrow();
    expect(() => validateScenario(base({ id: 'c', type: 'coMap', input: ['a', 'b'] }))).not.toThrow();
  });
  it('names the problem with a list of inputs', () => {
    expectIssue(base({ id: 'c', type: 'coMap', input: 'a' }), 'operators[2].input', 'reads two streams', '["left", "right"]');
    expectIssue(base({ id: 'c', type: 'coMap', input: ['a', 'b', 'a'] }), 'operators[2].input', 'exactly two streams', 'got 3');
    expectIssue(base({ id: 'm', type: 'map', fn: 'identity', input: ['a'] }), 'operators[2].input', 'at least two streams');
    expectIssue(base({ id: 'm', type: 'map', fn: 'identity', input: ['a', 'a'] }), 'operators[2].input[1]', 'listed twice');
    expectIssue(base({ id: 'm', type: 'map', fn: 'identity', input: ['a', 'nope'] }), 'operators[2].input[1]', 'no operator "nope"');
  });
});
