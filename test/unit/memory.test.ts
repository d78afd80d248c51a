/**
 * TaskExecutor memory model: the §8.3 golden table (flink-runtime.md) byte for byte, then ports of
 * Flink's ProcessMemoryUtilsTestBase and TaskExecutorProcessUtilsTest (flink-runtime/src/test/java/
 * org/apache/flink/runtime/{util/config/memory,clusterframework}/), the bar layout and the view.
 */
import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import { parseConfiguration } from '../../src/sim/config/Configuration.ts';
import { mebiBytes, multiplyFraction, parseMemorySize } from '../../src/sim/config/MemorySize.ts';
import { managedPerSlot, processSpecFromConfig, type TaskExecutorProcessSpec } from '../../src/sim/cluster/TaskExecutorProcessUtils.ts';
import { compactSize, formatShare, groupLabel, memoryLayout, rawConfigFromInputs, seedInputs, segmentLabel, SEGMENTS } from '../../src/lib/memory/memoryLayout.ts';
import MemoryModel from '../../src/lib/memory/MemoryModel.svelte';

type Conf = Record<string, string>;
const P = 'taskmanager.memory.';
const m = (s: string) => parseMemorySize(s);
const f = Math.fround;

function result(conf: Conf) {
  const c = parseConfiguration(conf);
  if (!c.ok) throw new Error(JSON.stringify(c.issues));
  return processSpecFromConfig(c.value);
}
function spec(conf: Conf): TaskExecutorProcessSpec {
  const r = result(conf);
  if (!r.ok) throw new Error(r.message);
  return r.spec;
}
/** ProcessMemoryUtilsTestBase#validateFail: an IllegalConfigurationException, i.e. ok: false. */
function validateFail(conf: Conf) {
  expect(result(conf).ok, JSON.stringify(conf)).toBe(false);
}

// TaskExecutorProcessUtilsTest constants and its five base configurations.
const TASK_HEAP_SIZE = '100m';
const MANAGED_MEM_SIZE = '200m';
const TOTAL_FLINK_MEM_SIZE = '1280m';
const TOTAL_PROCESS_MEM_SIZE = '1536m';
type Check = (s: TaskExecutorProcessSpec) => void;
const BASES: Record<string, { conf: Conf; check: Check }> = {
  explicitTaskHeapAndManaged: {
    conf: { [P + 'task.heap.size']: TASK_HEAP_SIZE, [P + 'managed.size']: MANAGED_MEM_SIZE },
    check: (s) => (expect(s.taskHeap).toBe(m(TASK_HEAP_SIZE)), expect(s.managed).toBe(m(MANAGED_MEM_SIZE))),
  },
  explicitTotalFlink: { conf: { [P + 'flink.size']: TOTAL_FLINK_MEM_SIZE }, check: (s) => expect(s.totalFlink).toBe(m(TOTAL_FLINK_MEM_SIZE)) },
  explicitTotalFlinkAndTaskHeap: {
    conf: { [P + 'flink.size']: TOTAL_FLINK_MEM_SIZE, [P + 'task.heap.size']: TASK_HEAP_SIZE },
    check: (s) => (expect(s.totalFlink).toBe(m(TOTAL_FLINK_MEM_SIZE)), expect(s.taskHeap).toBe(m(TASK_HEAP_SIZE))),
  },
  explicitTotalFlinkAndManaged: {
    conf: { [P + 'flink.size']: TOTAL_FLINK_MEM_SIZE, [P + 'managed.size']: MANAGED_MEM_SIZE },
    check: (s) => (expect(s.totalFlink).toBe(m(TOTAL_FLINK_MEM_SIZE)), expect(s.managed).toBe(m(MANAGED_MEM_SIZE))),
  },
  explicitTotalProcess: { conf: { [P + 'process.size']: TOTAL_PROCESS_MEM_SIZE }, check: (s) => expect(s.totalProcess).toBe(m(TOTAL_PROCESS_MEM_SIZE)) },
};
type Base = keyof typeof BASES;
const ALL: Base[] = ['explicitTaskHeapAndManaged', 'explicitTotalFlink', 'explicitTotalFlinkAndTaskHeap', 'explicitTotalFlinkAndManaged', 'explicitTotalProcess'];
const WITHOUT_EXPLICIT_TASK_HEAP: Base[] = ['explicitTotalFlink', 'explicitTotalFlinkAndManaged', 'explicitTotalProcess'];
const WITHOUT_EXPLICIT_MANAGED: Base[] = ['explicitTotalFlink', 'explicitTotalFlinkAndTaskHeap', 'explicitTotalProcess'];

function validateIn(bases: Base[], custom: Conf, fn: Check) {
  for (const b of bases) {
    const s = spec({ ...BASES[b]!.conf, ...custom });
    BASES[b]!.check(s);
    fn(s);
  }
}
const validateFailIn = (bases: Base[], custom: Conf) => bases.forEach((b) => validateFail({ ...BASES[b]!.conf, ...custom }));

describe('§8.3 golden table', () => {
  const rows = [
    { conf: { [P + 'process.size']: '1728m' }, flink: 1342177280n, overhead: 201326592n, metaspace: 268435456n, managed: 536870920n, network: 134217730n, taskHeap: 402653174n, jvmHeap: 536870902n, jvmDirect: 268435458n, process: 1811939328n },
    { conf: { [P + 'process.size']: '2048m' }, flink: 1664299824n, overhead: 214748368n, managed: 665719939n, network: 166429984n, taskHeap: 563714445n, jvmHeap: 697932173n, jvmDirect: 300647712n },
    { conf: { [P + 'process.size']: '4096m' }, flink: 3597035104n, overhead: 429496736n, managed: 1438814063n, network: 359703515n, taskHeap: 1530082070n, jvmHeap: 1664299798n, jvmDirect: 493921243n },
    { conf: { [P + 'process.size']: '8192m' }, flink: 7462505664n, overhead: 858993472n, managed: 2985002310n, network: 746250577n, taskHeap: 3462817321n },
    { conf: { [P + 'flink.size']: '1280m' }, flink: 1342177280n, process: 1811939328n, overhead: 201326592n, managed: 536870920n, network: 134217730n, taskHeap: 402653174n },
  ];
  it.each(rows)('$conf', (row) => {
    const s = spec(row.conf);
    expect(s.totalFlink).toBe(row.flink);
    expect(s.overhead).toBe(row.overhead);
    expect(s.metaspace).toBe(row.metaspace ?? 268435456n);
    expect(s.managed).toBe(row.managed);
    expect(s.network).toBe(row.network);
    expect(s.taskHeap).toBe(row.taskHeap);
    expect(s.frameworkHeap).toBe(134217728n);
    expect(s.frameworkOffHeap).toBe(134217728n);
    expect(s.taskOffHeap).toBe(0n);
    if (row.jvmHeap) expect(s.jvmHeap).toBe(row.jvmHeap);
    if (row.jvmDirect) expect(s.jvmDirect).toBe(row.jvmDirect);
    if (row.process) expect(s.totalProcess).toBe(row.process);
    expect(s.totalProcess).toBe(s.totalFlink + s.metaspace + s.overhead);
  });
  it('1280 MiB × 0.4f = 536870920 (BigDecimal of Double.toString, truncated)', () => {
    expect(multiplyFraction(mebiBytes(1280), f(0.4))).toBe(536870920n);
    expect(multiplyFraction(1811939328n, f(0.1))).toBe(181193935n);
  });
  it('managed memory per slot is split equally, truncated', () => {
    const s = spec({ [P + 'process.size']: '1728m' });
    expect(managedPerSlot(s, 1)).toBe(536870920n);
    expect(managedPerSlot(s, 3)).toBe(178956973n);
    expect(() => managedPerSlot(s, 0)).toThrow();
  });
});

describe('ProcessMemoryUtilsTestBase', () => {
  it('testConfigTotalFlinkMemory', () => expect(spec({ [P + 'flink.size']: '1g' }).totalFlink).toBe(m('1g')));
  it('testConfigTotalProcessMemorySize', () => expect(spec({ [P + 'process.size']: '2g' }).totalProcess).toBe(m('2g')));
  it('testExceptionShouldContainRequiredConfigOptions', () => {
    const r = result({});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    for (const k of ['task.heap.size', 'managed.size', 'flink.size', 'process.size']) expect(r.message).toContain(P + k);
    expect(r.message).toBe(
      "Either required fine-grained memory (taskmanager.memory.task.heap.size and taskmanager.memory.managed.size), or Total Flink Memory size (Key: 'taskmanager.memory.flink.size' , default: null (fallback keys: [])), or Total Process Memory size (Key: 'taskmanager.memory.process.size' , default: null (fallback keys: [])) need to be configured explicitly.",
    );
  });
  const metaspaceAndProcess = { [P + 'jvm-metaspace.size']: '100m', [P + 'process.size']: '200m' };
  it('testDerivedTotalProcessMemoryGreaterThanConfiguredFailureWithFineGrainedOptions', () => {
    const component = `${mebiBytes(150) / 6n}b`; // configWithFineGrainedOptions: 150m split into 6 components
    const fine = Object.fromEntries(['task.heap.size', 'task.off-heap.size', 'framework.heap.size', 'framework.off-heap.size', 'managed.size'].map((k) => [P + k, component]));
    validateFail({ ...metaspaceAndProcess, ...fine });
  });
  it('testDerivedTotalProcessMemoryGreaterThanConfiguredFailureWithTotalFlinkMemory', () => validateFail({ ...metaspaceAndProcess, [P + 'flink.size']: '150m' }));
  it('testConfigJvmMetaspaceSize', () => validateIn(ALL, { [P + 'jvm-metaspace.size']: '50m' }, (s) => expect(s.metaspace).toBe(m('50m'))));
  it('testConfigJvmOverheadRange', () =>
    validateIn(ALL, { [P + 'jvm-overhead.min']: '50m', [P + 'jvm-overhead.max']: '200m' }, (s) => {
      expect(s.overhead >= m('50m') && s.overhead <= m('200m')).toBe(true);
    }));
  it('testConfigJvmOverheadRangeFailure', () => validateFailIn(ALL, { [P + 'jvm-overhead.min']: '200m', [P + 'jvm-overhead.max']: '50m' }));
  it('testConfigJvmOverheadFraction', () =>
    validateIn(ALL, { [P + 'jvm-overhead.min']: '0', [P + 'jvm-overhead.max']: '1t', [P + 'jvm-overhead.fraction']: '0.2' }, (s) => {
      expect(s.overhead).toBe(multiplyFraction(s.totalProcess, f(0.2)));
    }));
  it('testConfigJvmOverheadFractionFailureNegative', () => validateFailIn(ALL, { [P + 'jvm-overhead.fraction']: '-0.1' }));
  it('testConfigJvmOverheadFractionFailureNoLessThanOne', () => validateFailIn(ALL, { [P + 'jvm-overhead.fraction']: '1.0' }));
  const processAndFlink = { [P + 'process.size']: '1000m', [P + 'flink.size']: '800m', [P + 'jvm-metaspace.size']: '100m', [P + 'jvm-overhead.max']: '200m', [P + 'jvm-overhead.fraction']: '0.5' };
  it('testConfigJvmOverheadDeriveFromProcessAndFlinkMemorySize', () => expect(spec({ ...processAndFlink, [P + 'jvm-overhead.min']: '50m' }).overhead).toBe(m('100m')));
  it('testConfigJvmOverheadDeriveFromProcessAndFlinkMemorySizeFailure', () => validateFail({ ...processAndFlink, [P + 'jvm-overhead.min']: '150m' }));
  it('testConfigTotalProcessMemoryAddUpFailure', () => {
    const conf = { [P + 'process.size']: '699m', [P + 'flink.size']: '500m', [P + 'jvm-metaspace.size']: '100m', [P + 'jvm-overhead.min']: '100m', [P + 'jvm-overhead.max']: '100m' };
    validateFail(conf);
    // With the default framework sizes the Flink components already exceed 500m; with smaller ones the overhead check fails.
    const r = result({ ...conf, [P + 'framework.heap.size']: '10m', [P + 'framework.off-heap.size']: '10m' });
    expect(!r.ok && r.message).toBe(
      'Derived JVM Overhead size (99.000mb (103809024 bytes)) is not in configured JVM Overhead range [100.000mb (104857600 bytes), 100.000mb (104857600 bytes)].',
    );
  });
});

/** TaskExecutorProcessUtilsTest#setupConfigWithFlinkAndTaskHeapToDeriveGivenNetworkMem. */
function configDerivingNetworkMb(networkMb: number): Conf {
  const conf: Conf = { [P + 'flink.size']: TOTAL_FLINK_MEM_SIZE, [P + 'task.heap.size']: TASK_HEAP_SIZE, [P + 'managed.size']: MANAGED_MEM_SIZE };
  const s = spec(conf);
  const derivedMb = Number(s.network >> 20n);
  if (derivedMb < networkMb) conf[P + 'flink.size'] = `${Number(s.totalFlink >> 20n) - derivedMb + networkMb}m`;
  else if (derivedMb > networkMb) conf[P + 'task.heap.size'] = `${Number(s.taskHeap >> 20n) + derivedMb - networkMb}m`;
  expect(spec(conf).network >> 20n).toBe(BigInt(networkMb));
  return conf;
}

describe('TaskExecutorProcessUtilsTest', () => {
  it('testConfigFrameworkHeapMemory', () => validateIn(ALL, { [P + 'framework.heap.size']: '100m' }, (s) => expect(s.frameworkHeap).toBe(m('100m'))));
  it('testConfigFrameworkOffHeapMemory', () => validateIn(ALL, { [P + 'framework.off-heap.size']: '10m' }, (s) => expect(s.frameworkOffHeap).toBe(m('10m'))));
  it('testConfigTaskHeapMemory', () => validateIn(WITHOUT_EXPLICIT_TASK_HEAP, { [P + 'task.heap.size']: '50m' }, (s) => expect(s.taskHeap).toBe(m('50m'))));
  it('testConfigTaskOffheapMemory', () => validateIn(ALL, { [P + 'task.off-heap.size']: '50m' }, (s) => expect(s.taskOffHeap).toBe(m('50m'))));
  it('testConfigNetworkMemoryRange', () =>
    validateIn(ALL, { [P + 'network.min']: '200m', [P + 'network.max']: '500m' }, (s) => expect(s.network >= m('200m') && s.network <= m('500m')).toBe(true)));
  it('testConsistencyCheckOfDerivedNetworkMemoryWithinMinMaxRangeNotMatchingFractionPasses', () =>
    expect(result({ ...configDerivingNetworkMb(400), [P + 'network.fraction']: '0.001' }).ok).toBe(true));
  it('testConsistencyCheckOfDerivedNetworkMemoryLessThanMinFails', () => {
    const r = result({ ...configDerivingNetworkMb(500), [P + 'network.min']: '900m', [P + 'network.max']: '1000m' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/^If Total Flink, Task Heap and \(or\) Managed Memory sizes are explicitly configured/);
    expect(!r.ok && r.cause).toBe('Derived Network Memory size (500.000mb (524288000 bytes)) is not in configured Network Memory range [900.000mb (943718400 bytes), 1000.000mb (1048576000 bytes)].');
  });
  it('testConsistencyCheckOfDerivedNetworkMemoryGreaterThanMaxFails', () => validateFail({ ...configDerivingNetworkMb(500), [P + 'network.min']: '100m', [P + 'network.max']: '150m' }));
  it('testConfigNetworkMemoryRangeFailure', () => {
    validateFailIn(ALL, { [P + 'network.min']: '200m', [P + 'network.max']: '50m' });
    const r = result({ [P + 'process.size']: '1728m', [P + 'network.min']: '200m', [P + 'network.max']: '50m' });
    expect(!r.ok && r.message).toBe(
      "Inconsistently configured Key: 'taskmanager.memory.network.fraction' , default: 0.1 (fallback keys: [{key=taskmanager.network.memory.fraction, isDeprecated=true}]) (0.10000000149011612) and its min (200.000mb (209715200 bytes)), max (50.000mb (52428800 bytes)) value",
    );
    expect(!r.ok && r.cause).toBe('min value must be less or equal to max value');
  });
  it('testConfigNetworkMemoryFraction', () =>
    validateIn(['explicitTaskHeapAndManaged'], { [P + 'network.min']: '0', [P + 'network.max']: '1t', [P + 'network.fraction']: '0.2' }, (s) => {
      expect(s.network).toBe(multiplyFraction(s.totalFlink, f(0.2)));
    }));
  it('testConfigNetworkMemoryFractionFailure', () => {
    validateFailIn(ALL, { [P + 'network.fraction']: '-0.1' });
    validateFailIn(ALL, { [P + 'network.fraction']: '1.0' });
  });
  it('testConfigNetworkMemoryLegacyRangeFraction', () => {
    const legacy = { 'taskmanager.network.memory.min': '200m', 'taskmanager.network.memory.max': '500m' };
    validateIn(ALL, legacy, (s) => expect(s.network >= m('200m') && s.network <= m('500m')).toBe(true));
    const withFraction = { 'taskmanager.network.memory.min': '0m', 'taskmanager.network.memory.max': '1t', 'taskmanager.network.memory.fraction': '0.2' };
    validateIn(['explicitTaskHeapAndManaged'], withFraction, (s) => expect(s.network).toBe(multiplyFraction(s.totalFlink, f(0.2))));
  });
  it('testConfigManagedMemorySize', () => validateIn(WITHOUT_EXPLICIT_MANAGED, { [P + 'managed.size']: '100m' }, (s) => expect(s.managed).toBe(m('100m'))));
  it('testConfigManagedMemoryLegacySize', () => validateIn(WITHOUT_EXPLICIT_MANAGED, { 'taskmanager.memory.size': '100m' }, (s) => expect(s.managed).toBe(m('100m'))));
  it('testConfigManagedMemoryFraction', () =>
    validateIn(WITHOUT_EXPLICIT_MANAGED, { [P + 'managed.fraction']: '0.5' }, (s) => expect(s.managed).toBe(multiplyFraction(s.totalFlink, f(0.5)))));
  it('testConfigManagedMemoryFractionFailure', () => {
    validateFailIn(WITHOUT_EXPLICIT_MANAGED, { [P + 'managed.fraction']: '-0.1' });
    validateFailIn(WITHOUT_EXPLICIT_MANAGED, { [P + 'managed.fraction']: '1.0' });
  });
  it('testFlinkInternalMemorySizeAddUpFailure', () => {
    const conf = { [P + 'flink.size']: '499m', [P + 'framework.heap.size']: '100m', [P + 'task.heap.size']: '100m', [P + 'task.off-heap.size']: '100m', [P + 'network.min']: '100m', [P + 'network.max']: '100m', [P + 'managed.size']: '100m' };
    validateFail(conf);
    const r = result(conf);
    expect(!r.ok && r.keys).toContain(P + 'flink.size');
  });
  it('testFlinkInternalMemoryFractionAddUpFailure', () =>
    validateFailIn(['explicitTotalFlink', 'explicitTotalProcess'], { [P + 'network.fraction']: '0.6', [P + 'managed.fraction']: '0.6' }));
  it('testConfigTotalProcessMemoryLegacySize', () => expect(spec({ [P + 'process.size']: '2g' }).totalProcess).toBe(m('2g')));
  it('process size smaller than metaspace + overhead fails with Flink’s message', () => {
    const r = result({ [P + 'process.size']: '300m' });
    expect(!r.ok && r.message).toBe(
      'Sum of configured JVM Metaspace (256.000mb (268435456 bytes)) and JVM Overhead (192.000mb (201326592 bytes)) exceed configured Total Process Memory (300.000mb (314572800 bytes)).',
    );
  });
});

describe('memoryLayout', () => {
  const s = spec({ [P + 'process.size']: '1728m' });
  it('lays out the eight components in Flink’s order, proportionally, with sizes', () => {
    const l = memoryLayout(s);
    expect(l.segments.map((x) => x.name)).toEqual(['Framework Heap', 'Task Heap', 'Managed Memory', 'Framework Off-Heap', 'Task Off-Heap', 'Network', 'JVM Metaspace', 'JVM Overhead']);
    expect(l.segments[1]!.size).toBe('402653174 B ≈ 384 MiB');
    expect(l.segments[0]!.size).toBe('134217728 B = 128 MiB');
    expect(l.segments[4]!.width).toBe(0);
    expect(l.segments.reduce((a, x) => a + x.width, 0)).toBeCloseTo(1, 12);
    expect(l.segments[2]!.width).toBeCloseTo(536870920 / 1811939328, 12);
    const group = Object.fromEntries(l.groups.map((g) => [g.id, g]));
    expect(group.jvmHeap!.bytes).toBe(536870902n);
    expect(group.direct!.bytes).toBe(268435458n);
    expect(group.totalFlink!.width).toBeCloseTo(1342177280 / 1811939328, 12);
    expect(group.totalProcess!.width).toBeCloseTo(1, 12);
  });
  it('gives small non-zero components a minimum width and keeps the total at 1', () => {
    const t = spec({ [P + 'process.size']: '1728m', [P + 'task.off-heap.size']: '1m' });
    const l = memoryLayout(t, 0.01);
    expect(l.segments[4]!.width).toBe(0.01);
    expect(l.segments.reduce((a, x) => a + x.width, 0)).toBeCloseTo(1, 12);
  });
  it('every segment has a distinct pattern or is the one solid fill', () => {
    expect(new Set(SEGMENTS.map((x) => x.pattern)).size).toBe(SEGMENTS.length);
  });
  it('labels shrink to fit', () => {
    expect(segmentLabel({ index: 3, name: 'Managed Memory' }, 200)).toBe('3 Managed Memory');
    expect(segmentLabel({ index: 3, name: 'Managed Memory' }, 30)).toBe('3');
    expect(segmentLabel({ index: 3, name: 'Managed Memory' }, 5)).toBe('');
    expect(groupLabel({ name: 'JVM Heap', bytes: 536870902n }, 300)).toBe('JVM Heap · 512 MiB');
    expect(formatShare(1n, 3n)).toBe('33.3%');
    expect(formatShare(0n, 3n)).toBe('0%');
  });
  it('builds the raw config of a mode from the inputs', () => {
    const base = { 'taskmanager.memory.flink.size': '1g', 'taskmanager.memory.framework.heap.size': '100m' };
    const raw = rawConfigFromInputs(base, 'process', { 'taskmanager.memory.process.size': ' 2g ', 'taskmanager.memory.network.min': '' });
    expect(raw).toEqual({ 'taskmanager.memory.framework.heap.size': '100m', 'taskmanager.memory.process.size': '2g' });
  });
  it('seeds a new mode from the current spec', () => {
    expect(compactSize(1811939328n)).toBe('1728m');
    expect(compactSize(402653174n)).toBe('402653174');
    expect(seedInputs('flink', {}, s)).toEqual({ 'taskmanager.memory.flink.size': '1280m' });
    const fine = seedInputs('fine', {}, s);
    expect(fine).toEqual({ 'taskmanager.memory.task.heap.size': '402653174', 'taskmanager.memory.managed.size': '536870920' });
    expect(spec(rawConfigFromInputs({}, 'fine', fine)).taskHeap).toBe(402653174n);
  });
});

describe('MemoryModel view (server render)', () => {
  it('shows the bar, labelled inputs, the table and managed memory per slot', () => {
    const { body } = render(MemoryModel, { props: { lang: 'en', slots: 2 } });
    expect(body).toContain('402653174 B ≈ 384 MiB');
    expect(body).toMatch(/<label for="[^"]+-taskmanager\.memory\.process\.size"/);
    expect(body).toContain('<table');
    expect(body).toContain('268435460 B ≈ 256 MiB'); // 536870920 / 2
    expect(body).not.toContain('role="alert"');
  });
  it('shows Flink’s error instead of the bar for an invalid configuration', () => {
    const { body } = render(MemoryModel, { props: { lang: 'zh', config: { 'taskmanager.memory.process.size': '300m' } } });
    expect(body).toContain('role="alert"');
    expect(body).toContain('exceed configured Total Process Memory (300.000mb (314572800 bytes))');
    expect(body).not.toContain('<table');
  });
});
