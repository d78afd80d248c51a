/**
 * A fingerprint of a run: the trace serialized as JSON lines (one `JSON.stringify` per event,
 * joined by '\n') and its SHA-256 in hex. Uses `globalThis.crypto.subtle`, so the same code runs
 * in Node (≥ 20) and in the browser: golden-trace tests and the page must agree.
 */
import type { TraceEvent } from './trace.ts';
import { Timeline } from './Timeline.ts';
import { validateScenario } from './scenario/validate.ts';

/** One JSON document per event, '\n'-joined (no trailing newline). */
export function serializeTrace(trace: readonly TraceEvent[]): string {
  return trace.map((e) => JSON.stringify(e)).join('\n');
}

/** SHA-256 (lowercase hex) of a string's UTF-8 bytes. */
export async function sha256Hex(text: string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new Error('crypto.subtle is not available (the page must be served over https or from localhost)');
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 hex of `serializeTrace(trace)`. */
export function traceHash(trace: readonly TraceEvent[]): Promise<string> {
  return sha256Hex(serializeTrace(trace));
}

/**
 * Validates a scenario (JSON text or parsed value), records it with `seed` (default: the
 * scenario's) and returns the hash of its trace. Throws ScenarioError / SimulationError.
 */
export function scenarioTraceHash(scenarioJson: unknown, seed?: number): Promise<string> {
  const input = typeof scenarioJson === 'string' ? JSON.parse(scenarioJson) : scenarioJson;
  const scenario = validateScenario(input);
  const tl = Timeline.record(scenario, seed === undefined ? {} : { seed });
  return traceHash(tl.trace);
}
