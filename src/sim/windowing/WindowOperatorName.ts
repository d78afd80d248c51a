/**
 * The display name of a window operator, in the form Flink gives it
 * (WindowedStream.generateOperatorName: `Window(assigner, trigger, function)`), e.g.
 * `Window(TumblingEventTimeWindows(5000), EventTimeTrigger, sum)`. Built from the scenario JSON, so it
 * needs no validation first; sizes are shown as written.
 */
import type { WindowOperatorJson } from '../scenario/Scenario.ts';

type Raw = { [key: string]: unknown } | undefined;

const show = (x: unknown) => (typeof x === 'string' ? x : String(x));

function assignerName(w: Raw): string {
  const processing = w?.time === 'processing';
  switch (w?.type) {
    case 'tumbling':
      return `${processing ? 'TumblingProcessingTimeWindows' : 'TumblingEventTimeWindows'}(${show(w.size)})`;
    case 'sliding':
      return `${processing ? 'SlidingProcessingTimeWindows' : 'SlidingEventTimeWindows'}(${show(w.size)}, ${show(w.slide)})`;
    case 'session':
      return `${processing ? 'ProcessingTimeSessionWindows' : 'EventTimeSessionWindows'}(${show(w.gap)})`;
    default:
      return 'GlobalWindows';
  }
}

const TRIGGER_NAMES: Record<string, string> = {
  eventTime: 'EventTimeTrigger',
  processingTime: 'ProcessingTimeTrigger',
  count: 'CountTrigger',
  continuousEventTime: 'ContinuousEventTimeTrigger',
  never: 'NeverTrigger',
  endOfStream: 'EndOfStreamTrigger',
};

function triggerName(w: Raw, t: Raw): string {
  if (t && typeof t.type === 'string') {
    const arg = t.type === 'count' ? `(${show(t.count)})` : t.type === 'continuousEventTime' ? `(${show(t.interval)})` : '';
    const base = (TRIGGER_NAMES[t.type] ?? t.type) + arg;
    return t.purging === true ? `PurgingTrigger(${base})` : base;
  }
  if (w?.type === 'count') return w.slide !== undefined ? `CountTrigger(${show(w.slide)})` : `PurgingTrigger(CountTrigger(${show(w.size)}))`;
  if (w?.type === 'global') return 'NeverTrigger';
  return w?.time === 'processing' ? 'ProcessingTimeTrigger' : 'EventTimeTrigger';
}

export function windowOperatorName(spec: WindowOperatorJson): string {
  const w = spec.window as Raw;
  const evictor = spec.evictor as Raw;
  const parts = [assignerName(w), triggerName(w, spec.trigger as Raw)];
  if (w?.type === 'count' && w.slide !== undefined) parts.push(`CountEvictor(${show(w.size)})`);
  else if (evictor && typeof evictor.type === 'string') parts.push(`${evictor.type === 'time' ? 'TimeEvictor' : 'CountEvictor'}(${show(evictor.size ?? evictor.max)})`);
  const fn = spec.function ?? 'aggregate';
  parts.push(fn === 'process' ? `ProcessWindowFunction(${spec.aggregate ?? 'sum'})` : spec.aggregate ?? 'sum');
  return `Window(${parts.join(', ')})`;
}
