/**
 * A scenario's `watermarks` object resolved into a generator, an idleness timeout and a timestamp
 * assigner, as WatermarkStrategy.forBoundedOutOfOrderness / forMonotonousTimestamps / withIdleness /
 * withTimestampAssigner build them (flink-core/.../api/common/eventtime/WatermarkStrategy.java).
 * The scenario validator (`scenario/validateTime.ts`) reports bad values first, with the field path.
 */
import type { FieldRef, WatermarkStrategyJson } from '../scenario/Scenario.ts';
import type { ResolvedWatermarkStrategy, WatermarkStrategySpec } from './WatermarkGenerator.ts';
import { parseDuration } from '../config/Duration.ts';

/** A resolved strategy and where timestamps come from (null: the timestamp the source attached). */
export interface WatermarkStrategyRuntime extends ResolvedWatermarkStrategy {
  timestampField: FieldRef | null;
}

export const WATERMARK_STRATEGIES = ['boundedOutOfOrderness', 'monotonous', 'punctuated', 'ingestionTime', 'noWatermarks'] as const;

/** Resolves a validated `watermarks` object. Throws on values the validator rejects. */
export function resolveWatermarkStrategy(json: WatermarkStrategyJson): WatermarkStrategyRuntime {
  const bound = json.maxOutOfOrderness === undefined ? 0 : parseDuration(json.maxOutOfOrderness);
  let generator: WatermarkStrategySpec;
  switch (json.strategy) {
    case 'boundedOutOfOrderness':
      generator = { kind: 'boundedOutOfOrderness', maxOutOfOrderness: bound };
      break;
    case 'punctuated':
      generator = { kind: 'punctuated', maxOutOfOrderness: bound, marker: json.marker ?? null };
      break;
    default:
      generator = { kind: json.strategy };
  }
  const idlenessMs = json.idleness === undefined ? null : parseDuration(json.idleness);
  return { generator, idlenessMs, timestampField: json.timestampField ?? null };
}
