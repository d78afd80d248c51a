/**
 * The TaskExecutor memory model, byte for byte as Flink 1.20 derives it (reference §8.2):
 * flink-runtime/src/main/java/org/apache/flink/runtime/util/config/memory/ProcessMemoryUtils.java,
 * .../memory/taskmanager/TaskExecutorFlinkMemoryUtils.java, .../memory/RangeFraction.java and
 * flink-runtime/src/main/java/org/apache/flink/runtime/clusterframework/TaskExecutorProcessUtils.java.
 * Sizes are `bigint` bytes; fractions are Flink's `float` options widened to double (`Math.fround`).
 */
import { CONFIG_OPTIONS, type FlinkOptionKey } from '../config/ConfigOptions.ts';
import { configContains, configValue, type ResolvedConfig } from '../config/Configuration.ts';
import { addExact, javaDoubleToString, memorySizeToString, multiplyFraction, parseMemorySize, toHumanReadable } from '../config/MemorySize.ts';

/** Every component of a TaskExecutor's memory, in bytes. */
export interface TaskExecutorProcessSpec {
  frameworkHeap: bigint;
  frameworkOffHeap: bigint;
  taskHeap: bigint;
  taskOffHeap: bigint;
  network: bigint;
  managed: bigint;
  metaspace: bigint;
  overhead: bigint;
  /** Sum of the six Flink components. */
  totalFlink: bigint;
  /** totalFlink + metaspace + overhead. */
  totalProcess: bigint;
  /** `-Xmx`/`-Xms`: frameworkHeap + taskHeap. */
  jvmHeap: bigint;
  /** `-XX:MaxDirectMemorySize`: frameworkOffHeap + taskOffHeap + network. */
  jvmDirect: bigint;
}

/** Result of {@link processSpecFromConfig}: the spec, or Flink's `IllegalConfigurationException` message. */
export type ProcessSpecResult =
  | { ok: true; spec: TaskExecutorProcessSpec }
  | { ok: false; message: string; keys: string[]; cause?: string };

const K = {
  process: 'taskmanager.memory.process.size',
  flink: 'taskmanager.memory.flink.size',
  fwHeap: 'taskmanager.memory.framework.heap.size',
  fwOff: 'taskmanager.memory.framework.off-heap.size',
  taskHeap: 'taskmanager.memory.task.heap.size',
  taskOff: 'taskmanager.memory.task.off-heap.size',
  managed: 'taskmanager.memory.managed.size',
  managedFraction: 'taskmanager.memory.managed.fraction',
  netFraction: 'taskmanager.memory.network.fraction',
  netMin: 'taskmanager.memory.network.min',
  netMax: 'taskmanager.memory.network.max',
  metaspace: 'taskmanager.memory.jvm-metaspace.size',
  ohFraction: 'taskmanager.memory.jvm-overhead.fraction',
  ohMin: 'taskmanager.memory.jvm-overhead.min',
  ohMax: 'taskmanager.memory.jvm-overhead.max',
} as const satisfies Record<string, FlinkOptionKey>;

/** Flink's `IllegalConfigurationException`, with the config keys involved (for the view). */
class IllegalConfigurationException extends Error {
  constructor(message: string, readonly keys: string[], readonly causeMessage?: string) {
    super(message);
  }
}

/** `ConfigOption.toString()`: "Key: 'k' , default: d (fallback keys: [{key=x, isDeprecated=true}])". */
function optionToString(key: FlinkOptionKey): string {
  const o = CONFIG_OPTIONS.find((x) => x.key === key)!;
  const d = o.default === null ? 'null' : o.type === 'memory' ? memorySizeToString(BigInt(configValue({}, key) as string)) : o.default;
  const fallback = ('deprecatedKeys' in o ? o.deprecatedKeys : []).map((k) => `{key=${k}, isDeprecated=true}`).join(', ');
  return `Key: '${key}' , default: ${d} (fallback keys: [${fallback}])`;
}

const human = toHumanReadable;

/** A memory option: given or default (ProcessMemoryUtils#getMemorySizeFromConfig). */
function mem(config: ResolvedConfig, key: FlinkOptionKey): bigint {
  const v: unknown = configValue(config, key);
  if (v === undefined) throw new IllegalConfigurationException(`Cannot read memory size from config option '${key}'.`, [key], 'The memory option is not set and has no default value.');
  // A ResolvedConfig holds decimal bytes; a hand-written one may hold Flink text ("1728m") or a number.
  return typeof v === 'string' && /^\d+$/.test(v) ? BigInt(v) : parseMemorySize(String(v));
}

interface RangeFraction {
  min: bigint;
  max: bigint;
  fraction: number;
}

/** ProcessMemoryUtils#getRangeFraction + RangeFraction's checks; the float option read as `config.getFloat`. */
function rangeFraction(config: ResolvedConfig, min: bigint, max: bigint, fractionKey: FlinkOptionKey, keys: string[]): RangeFraction {
  const fraction = Math.fround(configValue(config, fractionKey) as number);
  const problem = min > max ? 'min value must be less or equal to max value' : !(fraction >= 0 && fraction < 1) ? 'fraction must be in range [0, 1)' : null;
  if (problem) {
    throw new IllegalConfigurationException(
      `Inconsistently configured ${optionToString(fractionKey)} (${javaDoubleToString(fraction)}) and its min (${human(min)}), max (${human(max)}) value`,
      [fractionKey, ...keys],
      problem,
    );
  }
  return { min, max, fraction };
}

/** ProcessMemoryUtils#capToMinMax. */
const cap = (size: bigint, r: RangeFraction) => (size > r.max ? r.max : size < r.min ? r.min : size);
/** ProcessMemoryUtils#deriveWithFraction. */
const deriveWithFraction = (base: bigint, r: RangeFraction) => cap(multiplyFraction(base, r.fraction), r);
/** ProcessMemoryUtils#deriveWithInverseFraction: base × f / (1 − f), in double arithmetic. */
const deriveWithInverseFraction = (base: bigint, r: RangeFraction) => cap(multiplyFraction(base, r.fraction / (1 - r.fraction)), r);

const sum = (...xs: bigint[]) => xs.reduce(addExact, 0n);

const networkRange = (c: ResolvedConfig) => rangeFraction(c, mem(c, K.netMin), mem(c, K.netMax), K.netFraction, [K.netMin, K.netMax]);
const overheadRange = (c: ResolvedConfig) => rangeFraction(c, mem(c, K.ohMin), mem(c, K.ohMax), K.ohFraction, [K.ohMin, K.ohMax]);

/** TaskExecutorFlinkMemoryUtils#deriveManagedMemoryAbsoluteOrWithFraction. */
function managedMemory(c: ResolvedConfig, totalFlink: bigint): bigint {
  return configContains(c, K.managed) ? mem(c, K.managed) : deriveWithFraction(totalFlink, rangeFraction(c, 0n, 9223372036854775807n, K.managedFraction, []));
}

/** TaskExecutorFlinkMemoryUtils: network is the rest of Total Flink Memory and must lie in [min, max]. */
function networkAsRest(c: ResolvedConfig, fw: bigint, fwOff: bigint, taskHeap: bigint, taskOff: bigint, managed: bigint, totalFlink: bigint): bigint {
  const others = sum(fw, fwOff, taskHeap, taskOff, managed);
  const keys = [K.fwHeap, K.fwOff, K.taskHeap, K.taskOff, K.managed, K.flink];
  if (others > totalFlink) {
    throw new IllegalConfigurationException(
      `Sum of configured Framework Heap Memory (${human(fw)}), Framework Off-Heap Memory (${human(fwOff)}), Task Heap Memory (${human(taskHeap)}), Task Off-Heap Memory (${human(taskOff)}) and Managed Memory (${human(managed)}) exceed configured Total Flink Memory (${human(totalFlink)}).`,
      keys,
    );
  }
  const network = totalFlink - others;
  // sanityCheckNetworkMemoryWithExplicitlySetTotalFlinkAndHeapMemory wraps every IllegalConfigurationException of
  // sanityCheckNetworkMemory, the range-fraction one included (the legacy buffer count is not modelled).
  const inconsistent = (cause: string) =>
    new IllegalConfigurationException(
      'If Total Flink, Task Heap and (or) Managed Memory sizes are explicitly configured then the Network Memory size is the rest of the Total Flink memory after subtracting all other configured types of memory, but the derived Network Memory is inconsistent with its configuration.',
      [...keys, K.netMin, K.netMax, K.netFraction],
      cause,
    );
  let r: RangeFraction;
  try {
    r = networkRange(c);
  } catch (e) {
    throw e instanceof IllegalConfigurationException ? inconsistent(e.message) : e;
  }
  if (network > r.max || network < r.min) {
    throw inconsistent(`Derived Network Memory size (${human(network)}) is not in configured Network Memory range [${human(r.min)}, ${human(r.max)}].`);
  }
  return network;
}

type FlinkMemory = Pick<TaskExecutorProcessSpec, 'frameworkHeap' | 'frameworkOffHeap' | 'taskHeap' | 'taskOffHeap' | 'network' | 'managed'>;

/** TaskExecutorFlinkMemoryUtils#deriveFromRequiredFineGrainedOptions (task heap and managed both set). */
function fromFineGrained(c: ResolvedConfig): FlinkMemory {
  const [taskHeap, managed, frameworkHeap, frameworkOffHeap, taskOffHeap] = [K.taskHeap, K.managed, K.fwHeap, K.fwOff, K.taskOff].map((k) => mem(c, k)) as [bigint, bigint, bigint, bigint, bigint];
  const network = configContains(c, K.flink)
    ? networkAsRest(c, frameworkHeap, frameworkOffHeap, taskHeap, taskOffHeap, managed, mem(c, K.flink))
    : deriveWithInverseFraction(sum(frameworkHeap, frameworkOffHeap, taskHeap, taskOffHeap, managed), networkRange(c));
  return { frameworkHeap, frameworkOffHeap, taskHeap, taskOffHeap, network, managed };
}

/** TaskExecutorFlinkMemoryUtils#deriveFromTotalFlinkMemory. */
function fromTotalFlink(c: ResolvedConfig, totalFlink: bigint): FlinkMemory {
  const [frameworkHeap, frameworkOffHeap, taskOffHeap] = [K.fwHeap, K.fwOff, K.taskOff].map((k) => mem(c, k)) as [bigint, bigint, bigint];
  if (configContains(c, K.taskHeap)) {
    const taskHeap = mem(c, K.taskHeap);
    const managed = managedMemory(c, totalFlink);
    const network = networkAsRest(c, frameworkHeap, frameworkOffHeap, taskHeap, taskOffHeap, managed, totalFlink);
    return { frameworkHeap, frameworkOffHeap, taskHeap, taskOffHeap, network, managed };
  }
  const managed = managedMemory(c, totalFlink);
  const network = deriveWithFraction(totalFlink, networkRange(c));
  const others = sum(frameworkHeap, frameworkOffHeap, taskOffHeap, managed, network);
  if (others > totalFlink) {
    throw new IllegalConfigurationException(
      `Sum of configured Framework Heap Memory (${human(frameworkHeap)}), Framework Off-Heap Memory (${human(frameworkOffHeap)}), Task Off-Heap Memory (${human(taskOffHeap)}), Managed Memory (${human(managed)}) and Network Memory (${human(network)}) exceed configured Total Flink Memory (${human(totalFlink)}).`,
      [K.fwHeap, K.fwOff, K.taskOff, K.managed, K.managedFraction, K.netFraction, K.netMin, K.netMax, K.flink, K.process],
    );
  }
  return { frameworkHeap, frameworkOffHeap, taskHeap: totalFlink - others, taskOffHeap, network, managed };
}

/** ProcessMemoryUtils#deriveJvmMetaspaceAndOverheadFromTotalFlinkMemory. */
function metaspaceAndOverheadFromFlink(c: ResolvedConfig, totalFlink: bigint): { metaspace: bigint; overhead: bigint } {
  const metaspace = mem(c, K.metaspace);
  const flinkAndMetaspace = addExact(totalFlink, metaspace);
  if (!configContains(c, K.process)) {
    // The sanityCheckTotalProcessMemory that follows only checks a configured process size: none here.
    return { metaspace, overhead: deriveWithInverseFraction(flinkAndMetaspace, overheadRange(c)) };
  }
  // ProcessMemoryUtils#deriveJvmOverheadFromTotalFlinkMemoryAndOtherComponents
  const process = mem(c, K.process);
  if (process < flinkAndMetaspace) {
    throw new IllegalConfigurationException(
      `The configured Total Process Memory size (${human(process)}) is less than the sum of the derived Total Flink Memory size (${human(totalFlink)}) and the configured or default JVM Metaspace size  (${human(metaspace)}).`,
      [K.process, K.flink, K.metaspace],
    );
  }
  const overhead = process - flinkAndMetaspace;
  // ProcessMemoryUtils#sanityCheckJvmOverhead
  const r = overheadRange(c);
  if (overhead > r.max || overhead < r.min) {
    throw new IllegalConfigurationException(
      `Derived JVM Overhead size (${human(overhead)}) is not in configured JVM Overhead range [${human(r.min)}, ${human(r.max)}].`,
      [K.process, K.flink, K.metaspace, K.ohMin, K.ohMax],
    );
  }
  return { metaspace, overhead };
}

/** ProcessMemoryUtils#memoryProcessSpecFromConfig: picks the first of the four cases that applies. */
function derive(c: ResolvedConfig): TaskExecutorProcessSpec {
  let flink: FlinkMemory;
  let jvm: { metaspace: bigint; overhead: bigint };
  if (configContains(c, K.taskHeap) && configContains(c, K.managed)) {
    flink = fromFineGrained(c);
    jvm = metaspaceAndOverheadFromFlink(c, sum(...Object.values(flink)));
  } else if (configContains(c, K.flink)) {
    const totalFlink = mem(c, K.flink);
    flink = fromTotalFlink(c, totalFlink);
    jvm = metaspaceAndOverheadFromFlink(c, totalFlink);
  } else if (configContains(c, K.process)) {
    // ProcessMemoryUtils#deriveJvmMetaspaceAndOverheadWithTotalProcessMemory
    const process = mem(c, K.process);
    const metaspace = mem(c, K.metaspace);
    const overhead = deriveWithFraction(process, overheadRange(c));
    if (addExact(metaspace, overhead) > process) {
      throw new IllegalConfigurationException(
        `Sum of configured JVM Metaspace (${human(metaspace)}) and JVM Overhead (${human(overhead)}) exceed configured Total Process Memory (${human(process)}).`,
        [K.process, K.metaspace, K.ohFraction, K.ohMin, K.ohMax],
      );
    }
    jvm = { metaspace, overhead };
    flink = fromTotalFlink(c, process - metaspace - overhead);
  } else {
    // ProcessMemoryUtils#failBecauseRequiredOptionsNotConfigured
    throw new IllegalConfigurationException(
      `Either required fine-grained memory (${K.taskHeap} and ${K.managed}), or Total Flink Memory size (${optionToString(K.flink)}), or Total Process Memory size (${optionToString(K.process)}) need to be configured explicitly.`,
      [K.taskHeap, K.managed, K.flink, K.process],
    );
  }
  const totalFlink = sum(...Object.values(flink));
  return {
    ...flink,
    ...jvm,
    totalFlink,
    totalProcess: sum(totalFlink, jvm.metaspace, jvm.overhead),
    jvmHeap: sum(flink.frameworkHeap, flink.taskHeap),
    jvmDirect: sum(flink.frameworkOffHeap, flink.taskOffHeap, flink.network),
  };
}

/**
 * `TaskExecutorProcessUtils.processSpecFromConfig`: the memory of one TaskExecutor, or Flink's
 * error message and the keys involved. Never throws.
 */
export function processSpecFromConfig(config: ResolvedConfig): ProcessSpecResult {
  try {
    return { ok: true, spec: derive(config) };
  } catch (e) {
    if (e instanceof IllegalConfigurationException) {
      return e.causeMessage === undefined ? { ok: false, message: e.message, keys: e.keys } : { ok: false, message: e.message, keys: e.keys, cause: e.causeMessage };
    }
    return { ok: false, message: `${(e as Error).name}: ${(e as Error).message}`, keys: [] };
  }
}

/**
 * Managed memory of one slot: managed / slots, truncated (MemorySize#divide), as
 * flink-runtime/src/main/java/org/apache/flink/runtime/resourcemanager/slotmanager/SlotManagerUtils.java
 * (generateDefaultSlotResourceProfile) splits a TaskExecutor's resources over its slots.
 */
export function managedPerSlot(spec: TaskExecutorProcessSpec, slots: number): bigint {
  if (!Number.isSafeInteger(slots) || slots < 1) throw new RangeError(`slots must be a positive whole number; found ${slots}`);
  return spec.managed / BigInt(slots);
}
