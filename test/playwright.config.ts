// End-to-end tests against the production build (`vite build` + `vite preview`), in Debian's Chromium.
// Run with `npm run test:e2e` (or as part of `npm test`). Never run `npx playwright install`.
//
// Artifacts (all under node_modules/.cache/, so they stay out of git and CI finds them in one place):
//   node_modules/.cache/screenshots/                  screenshots taken on purpose with screenshot(page, name)
//                                                     from e2e/support.ts; kept between runs, overwritten by name.
//   node_modules/.cache/playwright-results/           Playwright's outputDir: failure screenshots and traces,
//                                                     testInfo.outputPath(...); wiped at the start of every run.
//   node_modules/.cache/flinkscope-test-results/e2e.json   JSON report (read by support/run-all.mjs).
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';
import { findChromium, launchOptions } from './support/chromium.mjs';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const BASE_URL = 'http://127.0.0.1:4173/';

if (!findChromium()) {
  throw new Error(
    `No Chromium at ${launchOptions.executablePath}: run \`node test/support/ensure-chromium.mjs\` ` +
      '(or `sudo apt-get install chromium`), or set CHROMIUM_PATH.',
  );
}

export default defineConfig({
  testDir: './e2e',
  outputDir: here('../node_modules/.cache/playwright-results'),
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: here('../node_modules/.cache/flinkscope-test-results/e2e.json') }]],
  use: {
    baseURL: BASE_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
  projects: [{ name: 'debian-chromium', use: { ...devices['Desktop Chrome'], launchOptions } }],
  webServer: {
    // Build first: some bugs (stack.md P1) exist only in the production bundle.
    command: 'npm run build && npm run preview',
    cwd: here('..'),
    url: BASE_URL,
    reuseExistingServer: false, // stack.md P6: never test a stale build left on :4173
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
