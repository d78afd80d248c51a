/**
 * Restart (backoff) strategies (reference §5, golden cases §5.3) after Flink's
 * flink-runtime/src/test/java/org/apache/flink/runtime/executiongraph/failover/*RestartBackoffTimeStrategyTest.java
 * and RestartBackoffTimeStrategyFactoryLoaderTest.java. The clock is a manual clock starting at 0.
 */
import { describe, expect, it } from 'vitest';
import { nextInt, seedRng } from '../../src/sim/kernel/Random.ts';
import {
  RESTART_STRATEGY_DEFAULTS,
  canRestart,
  createRestartBackoffState,
  describeRestartStrategy,
  getBackoffTime,
  notifyFailure,
  restartStrategyFromConfig,
  type ExponentialDelayConfig,
  type RestartStrategyConfig,
} from '../../src/sim/failover/RestartBackoffTimeStrategy.ts';

const INT_MAX = 2147483647;

/** A strategy driven by a manual clock, with seeded jitter (Flink uses ThreadLocalRandom). */
function strategy(c: RestartStrategyConfig, seed = 7) {
  const rng = seedRng(seed);
  const state = createRestartBackoffState(c);
  const clock = { now: 0 };
  return {
    state,
    clock,
    advance: (ms: number) => void (clock.now += ms),
    notify: () => notifyFailure(c, state, clock.now, (lo, hi) => lo + nextInt(rng, hi - lo + 1)),
    canRestart: () => canRestart(c, state, clock.now),
    backoff: () => getBackoffTime(c, state, clock.now),
  };
}

const exponential = (
  initialBackoffMs: number,
  maxBackoffMs: number,
  multiplier: number,
  resetThresholdMs: number,
  jitterFactor: number,
  attemptsBeforeReset: number,
): ExponentialDelayConfig => ({
  type: 'exponential-delay',
  initialBackoffMs,
  maxBackoffMs,
  multiplier,
  resetThresholdMs,
  jitterFactor,
  attemptsBeforeReset,
});

describe('NoRestartBackoffTimeStrategy', () => {
  it('never restarts, backoff 0, notifyFailure returns true', () => {
    const s = strategy({ type: 'none' });
    expect(s.notify()).toBe(true);
    expect(s.canRestart()).toBe(false);
    expect(s.backoff()).toBe(0);
    expect(describeRestartStrategy({ type: 'none' })).toBe('NoRestartBackoffTimeStrategy');
  });
});

describe('FixedDelayRestartBackoffTimeStrategyTest', () => {
  it('testNumberOfRestarts (G5.1)', () => {
    const s = strategy({ type: 'fixed-delay', attempts: 3, delayMs: 0 });
    for (let restartsLeft = 3; restartsLeft > 0; --restartsLeft) {
      expect(s.notify()).toBe(true);
      // two calls to canRestart: it must not maintain the counter
      expect(s.canRestart()).toBe(true);
      expect(s.canRestart()).toBe(true);
    }
    s.notify();
    expect(s.canRestart()).toBe(false);
  });

  it('testBackoffTime (G5.2)', () => {
    expect(strategy({ type: 'fixed-delay', attempts: 1, delayMs: 10_000 }).backoff()).toBe(10_000);
  });

  it('zero attempts: the first failure fails the job', () => {
    const s = strategy({ type: 'fixed-delay', attempts: 0, delayMs: 5 });
    s.notify();
    expect(s.canRestart()).toBe(false);
  });

  it('toString', () => {
    expect(describeRestartStrategy({ type: 'fixed-delay', attempts: 3, delayMs: 1000 })).toBe(
      'FixedDelayRestartBackoffTimeStrategy(maxNumberRestartAttempts=3, backoffTimeMS=1000)',
    );
  });
});

describe('FailureRateRestartBackoffTimeStrategyTest', () => {
  it('testManyFailuresWithinRate', () => {
    const s = strategy({ type: 'failure-rate', maxFailuresPerInterval: 1, intervalMs: 1, delayMs: 0 });
    for (let failuresLeft = 3; failuresLeft > 0; failuresLeft--) {
      s.notify();
      expect(s.canRestart()).toBe(true);
      s.advance(2);
    }
    expect(s.canRestart()).toBe(true);
  });

  it('testFailuresExceedingRate (G5.3)', () => {
    const s = strategy({ type: 'failure-rate', maxFailuresPerInterval: 3, intervalMs: 10_000, delayMs: 0 });
    for (let failuresLeft = 3; failuresLeft > 0; failuresLeft--) {
      expect(s.notify()).toBe(true);
      expect(s.canRestart()).toBe(true);
    }
    s.notify();
    expect(s.canRestart()).toBe(false);
  });

  it('testBackoffTime', () => {
    expect(strategy({ type: 'failure-rate', maxFailuresPerInterval: 1, intervalMs: 1, delayMs: 10_000 }).backoff()).toBe(
      10_000,
    );
  });

  it('the oldest failure must be strictly more than the interval ago', () => {
    const s = strategy({ type: 'failure-rate', maxFailuresPerInterval: 1, intervalMs: 10, delayMs: 0 });
    s.notify();
    s.advance(10);
    s.notify();
    expect(s.canRestart()).toBe(false); // 2 failures within exactly 10 ms
    s.advance(1);
    expect(s.canRestart()).toBe(true); // canRestart reads the clock
    s.notify(); // the deque keeps the last M+1 failures: [10, 11]
    expect(s.canRestart()).toBe(false);
  });

  it('toString (with Flink’s doubled prefix)', () => {
    expect(describeRestartStrategy({ type: 'failure-rate', maxFailuresPerInterval: 2, intervalMs: 60000, delayMs: 1000 })).toBe(
      'FailureRateRestartBackoffTimeStrategy(FailureRateRestartBackoffTimeStrategy(failuresIntervalMS=60000,backoffTimeMS=1000,maxFailuresPerInterval=2)',
    );
  });
});

describe('ExponentialDelayRestartBackoffTimeStrategyTest', () => {
  it('testMaxAttempts (G5.6)', () => {
    const maxAttempts = 13;
    const s = strategy(exponential(1, 3, 1.2, 10, 0.25, maxAttempts));
    for (let i = 0; i <= maxAttempts; i++) {
      expect(s.canRestart()).toBe(true);
      expect(s.notify()).toBe(true);
      s.advance(3 + 1);
    }
    expect(s.canRestart()).toBe(false);
  });

  it('testNotCallNotifyFailure', () => {
    const s = strategy(exponential(42, 45, 2, 8, 0, 10));
    expect(() => s.backoff()).toThrow('Please call notifyFailure first.');
  });

  it('testInitialBackoff (G5.5)', () => {
    const s = strategy(exponential(42, 45, 2, 8, 0, INT_MAX));
    s.notify();
    expect(s.backoff()).toBe(42);
  });

  it('testMaxBackoff', () => {
    const s = strategy(exponential(1, 6, 2, 8, 0.25, INT_MAX));
    for (let i = 0; i < 10; i++) {
      s.notify();
      expect(s.backoff()).toBeLessThanOrEqual(6);
    }
  });

  it('testResetBackoff', () => {
    const s = strategy(exponential(1, 5, 2, 8, 0.25, INT_MAX));
    expect(s.notify()).toBe(true);
    s.advance(8 + s.backoff() - 1);
    expect(s.notify()).toBe(true);
    expect(s.backoff()).toBe(2); // increased
    s.advance(8 + s.backoff());
    expect(s.notify()).toBe(true);
    expect(s.backoff()).toBe(1); // reset: measured from the previous scheduled restart
  });

  it('testBackoffMultiplier (G5.4)', () => {
    const s = strategy(exponential(4, 300, 2.3, INT_MAX, 0, 10));
    const backoffs: number[] = [];
    for (let i = 0; i < 3; i++) {
      expect(s.notify()).toBe(true);
      backoffs.push(s.backoff());
      s.advance(301);
    }
    expect(backoffs).toEqual([4, 9, 21]); // (long)(4*2.3)=9, (long)(4*2.3^2)=21
  });

  /** The set of backoffs after `failures` failures over 1000 fresh strategies sharing one clock. */
  function backoffRange(c: ExponentialDelayConfig, failures: number): number[] {
    const seen = new Set<number>();
    const rng = seedRng(42);
    const clock = { now: 0 };
    for (let run = 0; run < 1000; run++) {
      const state = createRestartBackoffState(c);
      for (let i = 0; i < failures; i++) {
        clock.now += c.maxBackoffMs + 1;
        expect(notifyFailure(c, state, clock.now, (lo, hi) => lo + nextInt(rng, hi - lo + 1))).toBe(true);
      }
      seen.add(getBackoffTime(c, state, clock.now));
    }
    return [...seen].sort((a, b) => a - b);
  }

  it('testJitter', () => {
    const c = exponential(2, 7, 2, INT_MAX, 0.25, INT_MAX);
    expect(backoffRange(c, 2)).toEqual([3, 4, 5]);
    expect(backoffRange(c, 3)).toEqual([6, 7]);
    expect(backoffRange(c, 4)).toEqual([7]);
  });

  it('testJitterNoHigherThanMax (G5.7)', () => {
    const c = exponential(1, 7, 2, INT_MAX, 1, INT_MAX);
    expect(backoffRange(c, 1)).toEqual([1, 2]);
    expect(backoffRange(c, 2)).toEqual([1, 2, 3, 4]);
    expect(backoffRange(c, 3)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('jitter bounds are ±(long)(current × jitterFactor)', () => {
    const c = exponential(10, 1000, 3, INT_MAX, 0.15, INT_MAX);
    const state = createRestartBackoffState(c);
    const draws: [number, number][] = [];
    const edge = (lo: number, hi: number) => (draws.push([lo, hi]), hi);
    notifyFailure(c, state, 0, edge); // current 10 → offset (long)1.5 = 1
    notifyFailure(c, state, 100, edge); // current 30 → offset (long)4.5 = 4
    expect(draws).toEqual([[-1, 1], [-4, 4]]);
    expect(getBackoffTime(c, state, 100)).toBe(34);
  });

  it('testMultipleSettings', () => {
    const s = strategy(exponential(1, 9, 2, 80, 0.25, INT_MAX));
    const step = (expected: number) => {
      expect(s.notify()).toBe(true);
      expect(s.canRestart()).toBe(true);
      expect(s.backoff()).toBe(expected);
    };
    step(1); // initial
    s.advance(80 + 1);
    step(1); // still initial after the first failure
    s.advance(4);
    step(2); // increases until the threshold is reached
    s.advance(80 + 9 + 1);
    step(1); // reset after the threshold
    s.advance(9 + 1);
    step(2); // increases again
  });

  /** checkMultipleExceptionsAreMerged: only the first failure of a backoff window is a new attempt. */
  function checkMerged(s: ReturnType<typeof strategy>, expectedBackoff: number) {
    let expectedNewAttempt = true;
    for (let advanceMs = 0; advanceMs < expectedBackoff; advanceMs++) {
      for (let i = 0; i < 10; i++) {
        expect(s.notify()).toBe(expectedNewAttempt);
        expectedNewAttempt = false;
        expect(s.canRestart()).toBe(true);
        expect(s.backoff()).toBe(expectedBackoff - advanceMs);
      }
      s.advance(1);
    }
  }

  it('testMergeMultipleExceptionsIntoOneAttempt', () => {
    const s = strategy(exponential(2, 6, 2, 80, 0, 3));
    checkMerged(s, 2);
    s.advance(1);
    checkMerged(s, 4);
    s.advance(1);
    checkMerged(s, 6);
    s.advance(1);
    expect(s.notify()).toBe(true);
    expect(s.canRestart()).toBe(false); // 4 attempts > attemptsBeforeReset 3
  });

  it('testMergingExceptionsWorksWithResetting', () => {
    const s = strategy(exponential(2, 6, 2, 80, 0, 3));
    for (let i = 0; i < 10; i++) {
      checkMerged(s, 2);
      s.advance(1);
      checkMerged(s, 4);
      s.advance(1);
      checkMerged(s, 6);
      s.advance(80);
    }
  });

  it('a merged failure is not counted (state unchanged)', () => {
    const s = strategy(exponential(100, 1000, 2, 10_000, 0, 1));
    expect(s.notify()).toBe(true);
    const before = structuredClone(s.state);
    s.advance(100); // now == nextRestartTimestamp: still merged
    expect(s.notify()).toBe(false);
    expect(s.state).toEqual(before);
    expect(s.canRestart()).toBe(true);
    s.advance(1);
    expect(s.notify()).toBe(true);
    expect(s.canRestart()).toBe(false);
  });

  it('state is plain JSON and starts at Integer.MIN_VALUE', () => {
    const s = strategy(exponential(1000, 60000, 1.5, 3600000, 0.1, INT_MAX));
    expect(JSON.parse(JSON.stringify(s.state))).toEqual({
      type: 'exponential-delay',
      currentRestartAttempt: 0,
      nextRestartTimestamp: -2147483648,
    });
  });

  it('toString with Java doubles and the current state', () => {
    const c = exponential(1000, 60000, 2, 3600000, 0, INT_MAX);
    expect(describeRestartStrategy(c)).toBe(
      'ExponentialDelayRestartBackoffTimeStrategy(initialBackoffMS=1000, maxBackoffMS=60000, backoffMultiplier=2.0, ' +
        'resetBackoffThresholdMS=3600000, jitterFactor=0.0, attemptsBeforeResetBackoff=2147483647, ' +
        'currentRestartAttempt=0, nextRestartTimestamp=-2147483648)',
    );
    const state = createRestartBackoffState(c);
    notifyFailure(c, state, 500, () => 0);
    expect(describeRestartStrategy(c, state)).toContain('currentRestartAttempt=1, nextRestartTimestamp=1500)');
  });
});

describe('RestartBackoffTimeStrategyFactoryLoaderTest', () => {
  const defaultsExponential = exponential(1000, 60_000, 1.5, 3_600_000, 0.1, INT_MAX);

  it('testNoStrategySpecifiedWhenCheckpointingEnabled: exponential delay with the default values', () => {
    expect(restartStrategyFromConfig({}, true)).toEqual({ ok: true, value: defaultsExponential });
  });

  it('testNoStrategySpecifiedWhenCheckpointingDisabled: no restart', () => {
    expect(restartStrategyFromConfig({}, false)).toEqual({ ok: true, value: { type: 'none' } });
  });

  it('the checkpointing default ignores the exponential-delay keys (built from option defaults)', () => {
    const config = { 'restart-strategy.exponential-delay.initial-backoff': 5 };
    expect(restartStrategyFromConfig(config, true)).toEqual({ ok: true, value: defaultsExponential });
  });

  it('every key of §5.1 with its default', () => {
    expect(RESTART_STRATEGY_DEFAULTS).toEqual({
      'restart-strategy.type': null,
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
      'restart-strategy.exponential-delay.attempts-before-reset-backoff': INT_MAX,
    });
  });

  it('each strategy type with its default keys, whatever checkpointing says', () => {
    const of = (type: string) => restartStrategyFromConfig({ 'restart-strategy.type': type }, true);
    expect(of('disable')).toEqual({ ok: true, value: { type: 'none' } });
    expect(of('fixed-delay')).toEqual({ ok: true, value: { type: 'fixed-delay', attempts: 1, delayMs: 1000 } });
    expect(of('failure-rate')).toEqual({
      ok: true,
      value: { type: 'failure-rate', maxFailuresPerInterval: 1, intervalMs: 60_000, delayMs: 1000 },
    });
    expect(of('exponential-delay')).toEqual({ ok: true, value: defaultsExponential });
  });

  it('aliases, case-insensitive', () => {
    const typeOf = (type: string) => {
      const r = restartStrategyFromConfig({ 'restart-strategy.type': type }, false);
      return r.ok ? r.value.type : r.problems;
    };
    expect(['none', 'off', 'disable', 'NONE'].map(typeOf)).toEqual(['none', 'none', 'none', 'none']);
    expect(['fixeddelay', 'FixedDelay'].map(typeOf)).toEqual(['fixed-delay', 'fixed-delay']);
    expect(['failurerate', 'Failure-Rate'].map(typeOf)).toEqual(['failure-rate', 'failure-rate']);
    expect(['exponentialdelay', 'EXPONENTIAL-DELAY'].map(typeOf)).toEqual(['exponential-delay', 'exponential-delay']);
  });

  it('reads the strategy keys', () => {
    const r = restartStrategyFromConfig(
      {
        'restart-strategy.type': 'exponential-delay',
        'restart-strategy.exponential-delay.initial-backoff': 10,
        'restart-strategy.exponential-delay.max-backoff': 2000,
        'restart-strategy.exponential-delay.backoff-multiplier': 2,
        'restart-strategy.exponential-delay.reset-backoff-threshold': 60_000,
        'restart-strategy.exponential-delay.jitter-factor': 0,
        'restart-strategy.exponential-delay.attempts-before-reset-backoff': 5,
        'restart-strategy.fixed-delay.attempts': -1, // not read for exponential-delay
      },
      false,
    );
    expect(r).toEqual({ ok: true, value: exponential(10, 2000, 2, 60_000, 0, 5) });
  });

  it('the deprecated key `restart-strategy`; `restart-strategy.type` wins', () => {
    expect(restartStrategyFromConfig({ 'restart-strategy': 'fixed-delay' }, true)).toMatchObject({
      ok: true,
      value: { type: 'fixed-delay' },
    });
    expect(
      restartStrategyFromConfig({ 'restart-strategy': 'fixed-delay', 'restart-strategy.type': 'none' }, true),
    ).toEqual({ ok: true, value: { type: 'none' } });
  });

  it('testInvalidStrategySpecifiedInJobConfig: unknown type names the key and the accepted values', () => {
    expect(restartStrategyFromConfig({ 'restart-strategy.type': 'Invalid-Strategy' }, false)).toEqual({
      ok: false,
      problems: [
        {
          key: 'restart-strategy.type',
          message:
            'invalid-strategy is an unknown value of RestartStrategyType. Accepted values: disable, none, off, ' +
            'fixed-delay, fixeddelay, failure-rate, failurerate, exponential-delay, exponentialdelay.',
        },
      ],
    });
    const deprecated = restartStrategyFromConfig({ 'restart-strategy': 'sometimes' }, false);
    expect(deprecated.ok ? [] : deprecated.problems.map((p) => p.key)).toEqual(['restart-strategy']);
  });

  const problemsOf = (config: Record<string, unknown>) => {
    const r = restartStrategyFromConfig(config, false);
    return r.ok ? [] : r.problems;
  };

  it('constructor preconditions name the key with Flink’s message', () => {
    expect(problemsOf({ 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': -1 })).toEqual([
      { key: 'restart-strategy.fixed-delay.attempts', message: 'Maximum number of restart attempts must be at least 0.' },
    ]);
    expect(problemsOf({ 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.delay': -5 })).toEqual([
      { key: 'restart-strategy.fixed-delay.delay', message: 'Backoff time between restart attempts must be at least 0 ms.' },
    ]);
    expect(
      problemsOf({
        'restart-strategy.type': 'failure-rate',
        'restart-strategy.failure-rate.max-failures-per-interval': 0,
        'restart-strategy.failure-rate.failure-rate-interval': 0,
        'restart-strategy.failure-rate.delay': -1,
      }).map((p) => p.message),
    ).toEqual([
      'Maximum number of restart attempts per time unit must be greater than 0.',
      'Failures interval must be greater than 0 ms.',
      'Backoff time must be at least 0 ms.',
    ]);
    const exp = (extra: Record<string, unknown>) => problemsOf({ 'restart-strategy.type': 'exponential-delay', ...extra });
    expect(exp({ 'restart-strategy.exponential-delay.backoff-multiplier': 1 })).toEqual([
      { key: 'restart-strategy.exponential-delay.backoff-multiplier', message: 'Backoff multiplier must be greater than 1.' },
    ]);
    expect(exp({ 'restart-strategy.exponential-delay.jitter-factor': 1.5 })).toEqual([
      { key: 'restart-strategy.exponential-delay.jitter-factor', message: 'Jitter factor must be >= 0 and <= 1.' },
    ]);
    expect(exp({ 'restart-strategy.exponential-delay.initial-backoff': 120_000 })).toEqual([
      { key: 'restart-strategy.exponential-delay.initial-backoff', message: 'Initial backoff cannot be higher than maximum backoff.' },
    ]);
    expect(exp({ 'restart-strategy.exponential-delay.initial-backoff': 0 }).map((p) => p.message)).toEqual([
      'Initial backoff must be at least 1.',
    ]);
    expect(exp({ 'restart-strategy.exponential-delay.reset-backoff-threshold': 0 }).map((p) => p.message)).toEqual([
      'Threshold duration for exponential backoff reset must be at least 1.',
    ]);
    expect(exp({ 'restart-strategy.exponential-delay.attempts-before-reset-backoff': 0 }).map((p) => p.message)).toEqual([
      'The attemptsBeforeResetBackoff must be at least 1.',
    ]);
  });

  it('values that are not of the option’s type', () => {
    expect(problemsOf({ 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': 'three' })).toEqual([
      { key: 'restart-strategy.fixed-delay.attempts', message: "Could not parse value 'three' for key 'restart-strategy.fixed-delay.attempts'." },
    ]);
    expect(problemsOf({ 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': 1.5 })).toHaveLength(1);
    expect(problemsOf({ 'restart-strategy.type': 'fixed-delay', 'restart-strategy.fixed-delay.attempts': 2 ** 31 })).toHaveLength(1);
  });

  it('createRestartBackoffState throws the constructor message', () => {
    expect(() => createRestartBackoffState(exponential(1, 10, 0.5, 1, 0, 1))).toThrow('Backoff multiplier must be greater than 1.');
    expect(() => createRestartBackoffState({ type: 'fixed-delay', attempts: -1, delayMs: 0 })).toThrow(
      'Maximum number of restart attempts must be at least 0.',
    );
  });
});
