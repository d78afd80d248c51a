/**
 * StatusWatermarkValve: combines the watermarks and WatermarkStatuses of one input's channels into
 * the input's watermark and status (reference §1.3,
 * flink-runtime/src/main/java/org/apache/flink/streaming/runtime/watermarkstatus/StatusWatermarkValve.java
 * at the reference commit b48ccce). The output watermark is the min over the channels that are
 * active and aligned; output watermarks are strictly increasing.
 */
import type { WatermarkStatus } from '../trace.ts';
import { LONG_MIN } from '../util/JavaLong.ts';

/**
 * One channel's InputChannelStatus: its last watermark, its status, and whether it is aligned
 * (counted in the min). A channel that went idle is unaligned until, active again, its watermark
 * catches up with the valve's last output.
 */
export interface ChannelStatus {
  watermark: number;
  status: WatermarkStatus;
  aligned: boolean;
}

/** The valve's state: per-channel status plus the last watermark and status it emitted. */
export interface ValveState {
  channels: ChannelStatus[];
  lastOutputWatermark: number;
  lastOutputStatus: WatermarkStatus;
}

/** Where the valve writes (DataOutput.emitWatermark / emitWatermarkStatus). */
export interface ValveOutput {
  watermark(wm: number): void;
  status(s: WatermarkStatus): void;
}

/** A valve for `n` channels: each at `Long.MIN_VALUE`, ACTIVE and aligned; the valve ACTIVE at `Long.MIN_VALUE`. */
export function newValve(n: number): ValveState {
  const channels = Array.from({ length: n }, (): ChannelStatus => ({ watermark: LONG_MIN, status: 'ACTIVE', aligned: true }));
  return { channels, lastOutputWatermark: LONG_MIN, lastOutputStatus: 'ACTIVE' };
}

function channelOf(state: ValveState, channel: number): ChannelStatus {
  const ch = state.channels[channel];
  if (!ch) throw new Error(`internal: valve has no channel ${channel}`);
  return ch;
}

/** findAndOutputNewMinWatermarkAcrossAlignedChannels: emit the min over aligned channels if it advanced. */
function outputNewMinAcrossAligned(state: ValveState, out: ValveOutput): void {
  let min: number | null = null;
  for (const ch of state.channels) if (ch.aligned && (min === null || ch.watermark < min)) min = ch.watermark;
  if (min !== null && min > state.lastOutputWatermark) {
    state.lastOutputWatermark = min; // StatusWatermarkValve.java findAndOutputNewMinWatermarkAcrossAlignedChannels
    out.watermark(min);
  }
}

/** findAndOutputMaxWatermarkAcrossAllChannels: the "flush" once every channel is idle. */
function outputMaxAcrossAll(state: ValveState, out: ValveOutput): void {
  let max = LONG_MIN;
  for (const ch of state.channels) max = Math.max(max, ch.watermark);
  if (max > state.lastOutputWatermark) {
    state.lastOutputWatermark = max; // StatusWatermarkValve.java findAndOutputMaxWatermarkAcrossAllChannels
    out.watermark(max);
  }
}

/**
 * inputWatermark: ignored while the valve or the channel is idle, or when not above the channel's
 * watermark. Otherwise the channel records it, realigns if it caught up with the last output, and the
 * min over aligned channels is emitted if it advanced.
 */
export function inputWatermark(state: ValveState, wm: number, channel: number, out: ValveOutput): void {
  const ch = channelOf(state, channel);
  if (state.lastOutputStatus !== 'ACTIVE' || ch.status !== 'ACTIVE') return; // StatusWatermarkValve.java L153: idle input ignored
  if (!(wm > ch.watermark)) return; // StatusWatermarkValve.java inputWatermark: non-increasing input ignored
  ch.watermark = wm;
  if (!ch.aligned && wm >= state.lastOutputWatermark) ch.aligned = true; // StatusWatermarkValve.java inputWatermark: caught up, realigned
  outputNewMinAcrossAligned(state, out);
}

/**
 * inputWatermarkStatus: only status changes of the channel count.
 * - ACTIVE → IDLE: the channel becomes unaligned. If no channel is active any more, flush the max
 *   watermark over all channels (only when this channel's watermark is the last output) and emit IDLE;
 *   else, if this channel held the min, recompute the min over the remaining aligned channels.
 * - IDLE → ACTIVE: aligned again if its watermark is ≥ the last output; the valve emits ACTIVE if it was idle.
 */
export function inputWatermarkStatus(state: ValveState, status: WatermarkStatus, channel: number, out: ValveOutput): void {
  const ch = channelOf(state, channel);
  if (status === 'IDLE' && ch.status === 'ACTIVE') {
    ch.status = 'IDLE'; // StatusWatermarkValve.java L199: active → idle
    ch.aligned = false;
    if (!state.channels.some((c) => c.status === 'ACTIVE')) {
      // StatusWatermarkValve.java inputWatermarkStatus: "flush" the max, only if this channel held the last output
      if (ch.watermark === state.lastOutputWatermark) outputMaxAcrossAll(state, out);
      state.lastOutputStatus = 'IDLE';
      out.status('IDLE');
    } else if (ch.watermark === state.lastOutputWatermark) {
      outputNewMinAcrossAligned(state, out); // StatusWatermarkValve.java inputWatermarkStatus: partial idleness may advance the min
    }
  } else if (status === 'ACTIVE' && ch.status === 'IDLE') {
    ch.status = 'ACTIVE'; // StatusWatermarkValve.java inputWatermarkStatus: idle → active
    if (ch.watermark >= state.lastOutputWatermark) ch.aligned = true;
    if (state.lastOutputStatus === 'IDLE') {
      state.lastOutputStatus = 'ACTIVE';
      out.status('ACTIVE');
    }
  }
}
