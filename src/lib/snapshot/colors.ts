/**
 * Colours of the Chandy–Lamport views (kept in step with the CSS variables of SpaceTimeDiagram.svelte).
 * Never the only cue: markers are dashed, recorded states are rings, cut-crossing messages are tagged.
 */
export const COLORS = {
  message: '#262626',
  marker: '#ad4e00',
  inTransit: '#0958d9',
  orphan: '#cf1322',
  missed: '#874d00',
  cut: '#722ed1',
  event: '#141414',
} as const;
