/**
 * Entry point: mounts the app and exposes `globalThis.flinkscope.traceHash(scenarioJson, seed)`,
 * which validates a scenario, records it and returns the SHA-256 of its trace (JSON lines) — the
 * same function the Node tests use, so a browser run can be compared with a golden trace.
 */
import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';

declare global {
  // eslint-disable-next-line no-var
  var flinkscope: { traceHash: (scenarioJson: unknown, seed?: number) => Promise<string> };
}

// Loaded on first use: the simulator is not part of the first page's bundle.
globalThis.flinkscope = {
  traceHash: async (scenarioJson, seed) => (await import('./sim/traceHash.ts')).scenarioTraceHash(scenarioJson, seed),
};

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
export default mount(App, { target });
