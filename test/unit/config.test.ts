/**
 * Flink configuration values: ports of MemorySizeTest (flink-core/src/test/java/org/apache/flink/
 * configuration/MemorySizeTest.java), TimeUtilsTest and TimeUtilsPrettyPrintingTest (flink-core/src/
 * test/java/org/apache/flink/util/), the option table (reference §5.1, §7.2–7.3, §8.1) and the
 * scenario `config` parser's issues.
 */
import { describe, expect, it } from 'vitest';
import {
  IllegalArgumentException,
  MEMORY_MAX_VALUE,
  javaDoubleToString,
  memorySizeToString,
  multiplyFraction,
  parseMemorySize,
  toHumanReadable,
} from '../../src/sim/config/MemorySize.ts';
import { formatDuration, parseDuration } from '../../src/sim/config/Duration.ts';
import { CONFIG_OPTIONS, findOption } from '../../src/sim/config/ConfigOptions.ts';
import { closestOptionKey, configValue, optionDefault, parseConfiguration } from '../../src/sim/config/Configuration.ts';

const KiB = 1024n;
const MiB = KiB * KiB;
const GiB = MiB * KiB;
const TiB = GiB * KiB;

describe('MemorySizeTest', () => {
  it('testParseBytes', () => {
    for (const t of ['1234', '1234b', '1234 b', '1234bytes', '1234 bytes']) expect(parseMemorySize(t)).toBe(1234n);
  });
  it.each([
    ['667766', KiB, ['k', 'kb', 'kibibytes']],
    ['7657623', MiB, ['m', 'mb', 'mebibytes']],
    ['987654', GiB, ['g', 'gb', 'gibibytes']],
    ['1234567', TiB, ['t', 'tb', 'tebibytes']],
  ] as const)('testParse %s × %s (Kibi/Mebi/Gibi/TebiBytes)', (n, unit, labels) => {
    for (const l of labels) {
      expect(parseMemorySize(n + l)).toBe(BigInt(n) * unit);
      expect(parseMemorySize(`${n} ${l}`)).toBe(BigInt(n) * unit);
    }
  });
  it('testUpperCase', () => {
    expect(parseMemorySize('1 B')).toBe(1n);
    expect(parseMemorySize('1 K')).toBe(KiB);
    expect(parseMemorySize('1 M')).toBe(MiB);
    expect(parseMemorySize('1 G')).toBe(GiB);
    expect(parseMemorySize('1 T')).toBe(TiB);
  });
  it('testTrimBeforeParse', () => {
    expect(parseMemorySize('      155      ')).toBe(155n);
    expect(parseMemorySize('      155      bytes   ')).toBe(155n);
  });
  it('testParseInvalid', () => {
    expect(() => parseMemorySize(null as unknown as string)).toThrow();
    for (const t of ['', '     ', 'foobar or fubar or foo bazz', '16 gjah', '16 16 17 18 bytes', '-100 bytes']) {
      expect(() => parseMemorySize(t), t).toThrow(IllegalArgumentException);
    }
    expect(() => parseMemorySize('16 gjah')).toThrow(
      "Memory size unit 'gjah' does not match any of the recognized units: (b | bytes) / (k | kb | kibibytes) / (m | mb | mebibytes) / (g | gb | gibibytes) / (t | tb | tebibytes)",
    );
    expect(() => parseMemorySize('-100 bytes')).toThrow('text does not start with a number');
  });
  it('testParseNumberOverflow', () => expect(() => parseMemorySize('100000000000000000000000000000000 bytes')).toThrow(IllegalArgumentException));
  it('testParseNumberTimeUnitOverflow', () => expect(() => parseMemorySize('100000000000000 tb')).toThrow(IllegalArgumentException));
  it('parses up to MemorySize.MAX_VALUE', () => {
    expect(parseMemorySize('9223372036854775807')).toBe(MEMORY_MAX_VALUE);
    expect(() => parseMemorySize('9223372036854775808')).toThrow('numeric overflow');
    expect(() => parseMemorySize('8388608t')).toThrow('numeric overflow');
  });
  it('testToHumanReadableString', () => {
    expect(toHumanReadable(0n)).toBe('0 bytes');
    expect(toHumanReadable(1n)).toBe('1 bytes');
    expect(toHumanReadable(1024n)).toBe('1024 bytes');
    expect(toHumanReadable(1025n)).toBe('1.001kb (1025 bytes)');
    expect(toHumanReadable(1536n)).toBe('1.500kb (1536 bytes)');
    expect(toHumanReadable(1_000_000n)).toBe('976.563kb (1000000 bytes)');
    expect(toHumanReadable(1_000_000_000n)).toBe('953.674mb (1000000000 bytes)');
    expect(toHumanReadable(1_000_000_000_000n)).toBe('931.323gb (1000000000000 bytes)');
    expect(toHumanReadable(1_000_000_000_000_000n)).toBe('909.495tb (1000000000000000 bytes)');
    expect(toHumanReadable(201326592n)).toBe('192.000mb (201326592 bytes)');
    expect(toHumanReadable(181193935n)).toBe('172.800mb (181193935 bytes)');
    expect(toHumanReadable(MEMORY_MAX_VALUE)).toBe('8388608.000tb (9223372036854775807 bytes)');
  });
  it('toString uses the largest exact unit', () => {
    expect(memorySizeToString(0n)).toBe('0 bytes');
    expect(memorySizeToString(64n * MiB)).toBe('64 mb');
    expect(memorySizeToString(GiB)).toBe('1 gb');
    expect(memorySizeToString(1025n)).toBe('1025 bytes');
    expect(memorySizeToString(MEMORY_MAX_VALUE)).toBe('9223372036854775807 bytes');
  });
  it('multiply: BigDecimal of Double.toString, truncated; negative and overflow fail', () => {
    expect(multiplyFraction(100n, 1.5)).toBe(150n);
    expect(multiplyFraction(1342177280n, Math.fround(0.1))).toBe(134217730n);
    expect(multiplyFraction(3n, 1e-4)).toBe(0n);
    expect(multiplyFraction(10n ** 18n, 1e-17)).toBe(10n);
    expect(() => multiplyFraction(100n, -1)).toThrow('multiplier must be >= 0');
    expect(() => multiplyFraction(MEMORY_MAX_VALUE, 2)).toThrow('long overflow');
  });
  it('Double.toString digits', () => {
    expect(javaDoubleToString(Math.fround(0.4))).toBe('0.4000000059604645');
    expect(javaDoubleToString(Math.fround(-0.1))).toBe('-0.10000000149011612');
    expect(javaDoubleToString(1)).toBe('1.0');
    expect(javaDoubleToString(1e-4)).toBe('1.0E-4');
    expect(javaDoubleToString(1.5e7)).toBe('1.5E7');
    expect(javaDoubleToString(0.001)).toBe('0.001');
  });
});

describe('TimeUtilsTest', () => {
  it('testParseDurationMillis', () => {
    for (const t of ['1234', '1234ms', '1234 ms']) expect(parseDuration(t)).toBe(1234);
  });
  it('testParseDurationSeconds', () => {
    expect(parseDuration('667766s')).toBe(667766 * 1000);
    expect(parseDuration('667766 s')).toBe(667766 * 1000);
  });
  it('testParseDurationMinutes', () => expect(parseDuration('7657623 min')).toBe(7657623 * 60_000));
  it('testParseDurationHours', () => expect(parseDuration('987654h')).toBe(987654 * 3_600_000));
  it('testParseDurationUpperCase', () => {
    expect(parseDuration('1 MS')).toBe(1);
    expect(parseDuration('1 S')).toBe(1000);
    expect(parseDuration('1 MIN')).toBe(60_000);
    expect(parseDuration('1 H')).toBe(3_600_000);
  });
  it('testParseDurationTrim', () => {
    expect(parseDuration('      155      ')).toBe(155);
    expect(parseDuration('      155      ms   ')).toBe(155);
  });
  it('testParseDurationInvalid', () => {
    expect(() => parseDuration(null as unknown as string)).toThrow();
    for (const t of ['', '     ', 'foobar or fubar or foo bazz', '16 gjah', '16 16 17 18 ms', '-100 ms']) {
      expect(() => parseDuration(t), t).toThrow(IllegalArgumentException);
    }
    expect(() => parseDuration('16 gjah')).toThrow("Time interval unit label 'gjah' does not match any of the recognized units: DAYS: (d | day | days)");
  });
  it('testParseDurationNumberOverflow', () => expect(() => parseDuration('100000000000000000000000000000000 ms')).toThrow(IllegalArgumentException));
  it('testParseDurationNumberTimeUnitOverflow', () => expect(() => parseDuration('100000000000000000 h')).toThrow(IllegalArgumentException));
  it('all labels, singular and plural, down to nanoseconds (truncated to ms)', () => {
    expect(parseDuration('2 d')).toBe(172_800_000);
    expect(parseDuration('1 days')).toBe(86_400_000);
    expect(parseDuration('3 hours')).toBe(10_800_000);
    expect(parseDuration('2 minutes')).toBe(120_000);
    expect(parseDuration('5 secs')).toBe(5000);
    expect(parseDuration('7 millis')).toBe(7);
    expect(parseDuration('1500 µs')).toBe(1);
    expect(parseDuration('2500000 nanos')).toBe(2);
    expect(() => parseDuration('1 m')).toThrow("unit label 'm'");
  });
  it('numbers are milliseconds; negatives and fractions are rejected', () => {
    expect(parseDuration(1500)).toBe(1500);
    expect(() => parseDuration(-1)).toThrow(IllegalArgumentException);
    expect(() => parseDuration(1.5)).toThrow(IllegalArgumentException);
  });
});

describe('TimeUtilsPrettyPrintingTest', () => {
  it.each([
    [210_000, '210 s'],
    [120_000, '2 min'],
    [200, '200 ms'],
    [3_603_000, '3603 s'],
    [0, '0 ms'],
    [60_000, '1 min'],
    [23 * 3_600_000, '23 h'],
    [-1, '-1 ms'],
    [86_400_000, '1 d'],
    [10_000, '10 s'],
  ])('%i ms → %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});

describe('ConfigOptions', () => {
  const defaults: Record<string, unknown> = {
    'restart-strategy.type': undefined,
    'restart-strategy.fixed-delay.attempts': 1,
    'restart-strategy.fixed-delay.delay': 1000,
    'restart-strategy.failure-rate.max-failures-per-interval': 1,
    'restart-strategy.failure-rate.failure-rate-interval': 60_000,
    'restart-strategy.failure-rate.delay': 1000,
    'restart-strategy.exponential-delay.initial-backoff': 1000,
    'restart-strategy.exponential-delay.max-backoff': 60_000,
    'restart-strategy.exponential-delay.backoff-multiplier': 1.5,
    'restart-strategy.exponential-delay.reset-backoff-threshold': 3_600_000,
    'restart-strategy.exponential-delay.jitter-factor': 0.1,
    'restart-strategy.exponential-delay.attempts-before-reset-backoff': 2147483647,
    'jobmanager.execution.failover-strategy': 'region',
    'pipeline.auto-watermark-interval': 200,
    'execution.runtime-mode': 'STREAMING',
    'execution.checkpointing.interval': undefined,
    // CheckpointingOptions (flink-time-checkpoint reference §5.1).
    'execution.checkpointing.mode': 'EXACTLY_ONCE',
    'execution.checkpointing.timeout': 600_000,
    'execution.checkpointing.max-concurrent-checkpoints': 1,
    'execution.checkpointing.min-pause': 0,
    'execution.checkpointing.tolerable-failed-checkpoints': 0,
    'execution.checkpointing.num-retained': 1,
    'execution.checkpointing.unaligned.enabled': false,
    'execution.checkpointing.aligned-checkpoint-timeout': 0,
    'execution.checkpointing.checkpoints-after-tasks-finish': true,
    'execution.checkpointing.incremental': false,
    'state.backend.type': 'hashmap',
    // NettyShuffleEnvironmentOptions.
    'taskmanager.network.memory.buffers-per-channel': 2,
    'taskmanager.network.memory.floating-buffers-per-gate': 8,
    'taskmanager.network.memory.max-buffers-per-channel': 10,
    'heartbeat.interval': 10_000,
    'heartbeat.timeout': 50_000,
    'heartbeat.rpc-failure-threshold': 2,
    'slot.request.timeout': 300_000,
    'slot.idle.timeout': 50_000,
    'taskmanager.numberOfTaskSlots': 1,
    'resourcemanager.taskmanager-timeout': 30_000,
    'taskmanager.registration.timeout': 300_000,
    'cluster.evenly-spread-out-slots': false,
    'taskmanager.memory.process.size': undefined,
    'taskmanager.memory.flink.size': undefined,
    'taskmanager.memory.framework.heap.size': String(128n * MiB),
    'taskmanager.memory.framework.off-heap.size': String(128n * MiB),
    'taskmanager.memory.task.heap.size': undefined,
    'taskmanager.memory.task.off-heap.size': '0',
    'taskmanager.memory.managed.size': undefined,
    'taskmanager.memory.managed.fraction': 0.4,
    'taskmanager.memory.network.fraction': 0.1,
    'taskmanager.memory.network.min': String(64n * MiB),
    'taskmanager.memory.network.max': String(MEMORY_MAX_VALUE),
    'taskmanager.memory.jvm-metaspace.size': String(256n * MiB),
    'taskmanager.memory.jvm-overhead.fraction': 0.1,
    'taskmanager.memory.jvm-overhead.min': String(192n * MiB),
    'taskmanager.memory.jvm-overhead.max': String(GiB),
    'taskmanager.memory.segment-size': String(32n * KiB),
  };
  it('has exactly the supported keys, with Flink 1.20 defaults (reference §5.1, §7, §8.1)', () => {
    expect(CONFIG_OPTIONS.map((o) => o.key).sort()).toEqual(Object.keys(defaults).sort());
    for (const [k, v] of Object.entries(defaults)) expect(optionDefault(k), k).toBe(v);
  });
  it('every option has a one-line description and a Flink source path', () => {
    for (const o of CONFIG_OPTIONS) {
      expect(o.description).not.toMatch(/\n/);
      expect(o.source).toMatch(/^flink-core\/src\/main\/java\/org\/apache\/flink\/configuration\/\w+Options\.java$/);
    }
  });
  it('deprecated keys find their option', () => {
    expect(findOption('restart-strategy')?.key).toBe('restart-strategy.type');
    expect(findOption('taskmanager.network.memory.min')?.key).toBe('taskmanager.memory.network.min');
  });
});

describe('parseConfiguration', () => {
  it('maps keys to canonical keys with parsed, JSON-safe values', () => {
    const r = parseConfiguration({
      'restart-strategy': 'FixedDelay',
      'restart-strategy.fixed-delay.attempts': '3',
      'restart-strategy.fixed-delay.delay': '10 s',
      'execution.runtime-mode': 'batch',
      'heartbeat.timeout': 5000,
      'taskmanager.memory.process.size': '1728m',
      'taskmanager.memory.managed.size': 1024,
      'taskmanager.memory.managed.fraction': '0.5',
      'cluster.evenly-spread-out-slots': 'TRUE',
      'jobmanager.execution.failover-strategy': 'Full',
    });
    expect(r).toEqual({
      ok: true,
      value: {
        'restart-strategy.type': 'fixed-delay',
        'restart-strategy.fixed-delay.attempts': 3,
        'restart-strategy.fixed-delay.delay': 10_000,
        'execution.runtime-mode': 'BATCH',
        'heartbeat.timeout': 5000,
        'taskmanager.memory.process.size': '1811939328',
        'taskmanager.memory.managed.size': '1024',
        'taskmanager.memory.managed.fraction': 0.5,
        'cluster.evenly-spread-out-slots': true,
        'jobmanager.execution.failover-strategy': 'full',
      },
    });
    if (r.ok) expect(JSON.parse(JSON.stringify(r.value))).toEqual(r.value);
  });
  it('restart strategy aliases', () => {
    const type = (v: string) => {
      const r = parseConfiguration({ 'restart-strategy.type': v });
      return r.ok ? r.value['restart-strategy.type'] : null;
    };
    expect(['none', 'off', 'disable', 'NONE'].map(type)).toEqual(['none', 'none', 'none', 'none']);
    expect(['fixeddelay', 'fixed-delay', 'failurerate', 'failure-rate', 'exponentialdelay', 'exponential-delay'].map(type)).toEqual([
      'fixed-delay', 'fixed-delay', 'failure-rate', 'failure-rate', 'exponential-delay', 'exponential-delay',
    ]);
    expect(type('always')).toBeNull();
  });
  it('the canonical key wins over its deprecated key', () => {
    const r = parseConfiguration({ 'taskmanager.memory.network.min': '32m', 'taskmanager.network.memory.min': '16m' });
    expect(r.ok && r.value['taskmanager.memory.network.min']).toBe(String(32n * MiB));
  });
  it('reports unknown keys with the closest option', () => {
    const r = parseConfiguration({ 'taskmanager.memory.proces.size': '1g', 'heartbeat.intreval': '1 s' });
    expect(r).toEqual({
      ok: false,
      issues: [
        { path: 'config["taskmanager.memory.proces.size"]', message: 'unknown Flink option; did you mean taskmanager.memory.process.size?' },
        { path: 'config["heartbeat.intreval"]', message: 'unknown Flink option; did you mean heartbeat.interval?' },
      ],
    });
    expect(closestOptionKey('restart-strategi')).toBe('restart-strategy.type');
  });
  it('reports wrong values with the expected form and what was found', () => {
    const r = parseConfiguration({
      'heartbeat.interval': '10 qs',
      'taskmanager.numberOfTaskSlots': 1.5,
      'taskmanager.memory.process.size': '12 qb',
      'cluster.evenly-spread-out-slots': 'yes',
      'execution.runtime-mode': 'streamy',
      'taskmanager.memory.managed.fraction': 'a lot',
      'slot.request.timeout': -5,
      'restart-strategy.fixed-delay.attempts': '3000000000',
    });
    expect(r.ok).toBe(false);
    const byPath = Object.fromEntries(r.ok ? [] : r.issues.map((i) => [i.path, i.message]));
    expect(byPath['config["heartbeat.interval"]']).toMatch(/^expected a duration .*; found "10 qs": Time interval unit label 'qs'/);
    expect(byPath['config["taskmanager.numberOfTaskSlots"]']).toBe('expected a whole number (Java int); found 1.5');
    expect(byPath['config["taskmanager.memory.process.size"]']).toMatch(/^expected a memory size .*; found "12 qb": Memory size unit 'qb'/);
    expect(byPath['config["cluster.evenly-spread-out-slots"]']).toMatch(/^expected true or false; found "yes"/);
    expect(byPath['config["execution.runtime-mode"]']).toBe('expected one of STREAMING, BATCH, AUTOMATIC; found "streamy"');
    expect(byPath['config["taskmanager.memory.managed.fraction"]']).toBe('expected a decimal number such as 0.4; found "a lot"');
    expect(byPath['config["slot.request.timeout"]']).toMatch(/^expected a duration .*; found -5/);
    expect(byPath['config["restart-strategy.fixed-delay.attempts"]']).toMatch(/overflows\/underflows the integer type/);
  });
  it('rejects a config that is not an object; undefined is empty', () => {
    expect(parseConfiguration([1])).toMatchObject({ ok: false, issues: [{ path: 'config' }] });
    expect(parseConfiguration(undefined)).toEqual({ ok: true, value: {} });
  });
  it('configValue: the given value, else the parsed default, else undefined', () => {
    const r = parseConfiguration({ 'heartbeat.interval': '3 s' });
    if (!r.ok) throw new Error('unexpected');
    expect(configValue(r.value, 'heartbeat.interval')).toBe(3000);
    expect(configValue(r.value, 'heartbeat.timeout')).toBe(50_000);
    expect(configValue(r.value, 'execution.checkpointing.interval')).toBeUndefined();
  });
});
