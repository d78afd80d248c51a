/**
 * No restart: every failure fails the job.
 * flink-runtime/src/main/java/org/apache/flink/runtime/executiongraph/failover/NoRestartBackoffTimeStrategy.java
 */

/** `notifyFailure`: "nothing to do", returns true (1.20). */
export function notifyFailure(): boolean {
  return true;
}

/** `canRestart`: always false. */
export function canRestart(): boolean {
  return false;
}

/** `getBackoffTime`: 0. */
export function getBackoffTime(): number {
  return 0;
}

/** `toString`. */
export function describe(): string {
  return 'NoRestartBackoffTimeStrategy';
}
