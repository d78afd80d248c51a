// `npm test`: unit tests (Vitest), then Chromium check, then e2e tests (Playwright), always both.
// Streams their output, then prints as the LAST line `N passed, N failed[, N skipped]` (unit + e2e, from
// their JSON reports; a suite that crashed without a report counts as 1 failed). The same line is
// written to node_modules/.cache/flinkscope-test-results/summary.txt (.ci/run re-prints it).
// Exit code: 0 only if nothing failed. Node built-ins only.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const resultsDir = join(root, 'node_modules', '.cache', 'flinkscope-test-results');
const unitJson = join(resultsDir, 'unit.json');
const e2eJson = join(resultsDir, 'e2e.json'); // path set in test/playwright.config.ts
const summaryFile = join(resultsDir, 'summary.txt');

mkdirSync(resultsDir, { recursive: true });
// A stale report must never stand in for a suite that crashed this time.
for (const f of [unitJson, e2eJson, summaryFile]) rmSync(f, { force: true });

let child = null;
let interrupted = null;
// Ctrl-C already reaches the child (same process group): just remember it. Forward the others.
process.on('SIGINT', () => {
  interrupted = 'SIGINT';
});
for (const sig of ['SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    interrupted = sig;
    child?.kill(sig);
  });
}

/** Runs a command with inherited stdio; resolves to its exit code (or a description of how it died). */
function run(cmd, args) {
  return new Promise((resolve) => {
    console.log(`\n$ ${[cmd.startsWith(root) ? cmd.slice(root.length) : cmd, ...args].join(' ')}`);
    child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
    child.on('error', (err) => {
      child = null;
      resolve({ code: null, how: `could not start: ${err.message}` });
    });
    child.on('exit', (code, signal) => {
      child = null;
      resolve({ code, how: signal ? `killed by ${signal}` : `exit code ${code}` });
    });
  });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const t0 = Date.now();
const suites = [];

// 1. Unit tests.
{
  const r = await run(bin('vitest'), [
    'run', '-c', 'test/vitest.config.ts',
    '--reporter=default', '--reporter=json', `--outputFile.json=${unitJson}`,
  ]);
  const rep = readJson(unitJson);
  const s = { name: 'unit', passed: 0, failed: 0, skipped: 0, notes: [] };
  if (!rep) {
    s.failed = 1;
    s.notes.push(`unit tests crashed without a report (${r.how})`);
  } else {
    s.passed = rep.numPassedTests ?? 0;
    s.skipped = (rep.numPendingTests ?? 0) + (rep.numTodoTests ?? 0);
    // A test file that fails to load has no test results of its own: count it as one failure.
    const brokenFiles = (rep.testResults ?? []).filter((f) => f.status === 'failed' && !f.assertionResults?.length);
    s.failed = (rep.numFailedTests ?? 0) + brokenFiles.length;
    for (const f of brokenFiles) s.notes.push(`unit test file failed to run: ${f.name.replace(root, '')}`);
    if (r.code !== 0 && s.failed === 0) {
      s.failed = 1;
      s.notes.push(
        rep.numTotalTests === 0
          ? `vitest found no unit tests (${r.how})`
          : `vitest failed (${r.how}) although no test failed: unhandled error or interruption`,
      );
    }
  }
  suites.push(s);
}

// 2. Chromium, 3. e2e tests.
if (!interrupted) {
  const s = { name: 'e2e', passed: 0, failed: 0, skipped: 0, notes: [] };
  const ensure = await run(process.execPath, [join(root, 'test', 'support', 'ensure-chromium.mjs')]);
  if (ensure.code !== 0) {
    s.failed = 1;
    s.notes.push(`e2e tests not run: no Chromium (ensure-chromium ${ensure.how})`);
  } else {
    const r = await run(bin('playwright'), ['test', '-c', 'test/playwright.config.ts']);
    const rep = readJson(e2eJson);
    if (!rep) {
      s.failed = 1;
      s.notes.push(`e2e tests crashed without a report (${r.how})`);
    } else {
      const st = rep.stats ?? {};
      const globalErrors = rep.errors ?? []; // config, web server, or spec files that fail to load
      s.passed = (st.expected ?? 0) + (st.flaky ?? 0);
      s.skipped = st.skipped ?? 0;
      s.failed = (st.unexpected ?? 0) + globalErrors.length;
      for (const e of globalErrors) s.notes.push(`e2e error outside tests: ${String(e.message ?? '').split('\n')[0]}`);
      if (st.flaky) s.notes.push(`${st.flaky} e2e test(s) passed only on retry`);
      if (r.code !== 0 && s.failed === 0) {
        s.failed = 1;
        s.notes.push(`playwright failed (${r.how}) although no test failed (no tests found? interrupted?)`);
      }
    }
  }
  suites.push(s);
} else {
  suites.push({ name: 'e2e', passed: 0, failed: 1, skipped: 0, notes: [`e2e tests not run: interrupted by ${interrupted}`] });
}

const total = { passed: 0, failed: 0, skipped: 0 };
for (const s of suites) for (const k of Object.keys(total)) total[k] += s[k];
const line = (c) => `${c.passed} passed, ${c.failed} failed${c.skipped > 0 ? `, ${c.skipped} skipped` : ''}`;
const summary = line(total);

console.log(`\nrun-all: finished in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
for (const s of suites) {
  console.log(`  ${s.name}: ${line(s)}`);
  for (const n of s.notes) console.log(`    ! ${n}`);
}
try {
  writeFileSync(summaryFile, `${summary}\n`);
} catch (err) {
  console.error(`run-all: could not write ${summaryFile}: ${err.message}`);
}
console.log(summary);
process.exitCode = total.failed > 0 || interrupted ? 1 : 0;
