// Shared helpers for the e2e tests. Import `test` and `expect` from here instead of '@playwright/test':
//
//   import { test, expect, screenshot, axeCheck } from './support.ts';
//   test('lesson 1 renders', async ({ page }) => {
//     await page.goto('./#/lesson/01-anatomy');
//     await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
//     await screenshot(page, 'lesson-01');   // -> node_modules/.cache/screenshots/lesson-01.png
//     await axeCheck(page);                  // fails on serious/critical accessibility violations
//   });
//
// Every test using this `test` fails if any page in its browser context logs console.error or throws an
// uncaught exception (CSP violations and failed resource loads, e.g. a 404 for /favicon.ico, are console errors
// too). To tolerate known errors, give ONE RegExp (per file or inside a describe; an array would be misread
// by Playwright as [value, options]), and the `consoleErrors` fixture lists what was seen:
//   test.use({ allowedConsoleErrors: /ResizeObserver loop|net::ERR_ABORTED/ });
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export { expect };
export type { Page };

/** Where screenshot() writes: stable across runs (Playwright wipes its outputDir), the same place in CI. */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../node_modules/.cache/screenshots/', import.meta.url));

interface Options {
  /** Console/page errors matching this RegExp do not fail the test (null: none allowed). */
  allowedConsoleErrors: RegExp | null;
}
interface Fixtures {
  /** Console errors and uncaught page errors seen so far in this test (one readable line each). */
  consoleErrors: string[];
}

export const test = base.extend<Fixtures & Options>({
  allowedConsoleErrors: [null, { option: true }],
  consoleErrors: [
    async ({ context, allowedConsoleErrors }, use) => {
      const errors: string[] = [];
      // Context-level events cover every page the test opens, including popups.
      context.on('console', (msg) => {
        if (msg.type() !== 'error') return;
        const { url, lineNumber } = msg.location();
        errors.push(`console.error: ${msg.text()}${url ? `  (${url}:${lineNumber})` : ''}`);
      });
      context.on('weberror', (webError) => {
        const err = webError.error();
        errors.push(`uncaught page error: ${err.stack ?? err.message}`);
      });
      await use(errors);
      // search() ignores lastIndex, so a /g flag cannot make matches flaky.
      const unexpected = allowedConsoleErrors ? errors.filter((e) => e.search(allowedConsoleErrors) === -1) : errors;
      expect(unexpected, `${unexpected.length} console/page error(s) during the test:\n${unexpected.join('\n')}`).toEqual([]);
    },
    { auto: true },
  ],
});

/**
 * Saves a full-page PNG to node_modules/.cache/screenshots/<name>.png (animations stopped) and attaches it to
 * the test report. Returns the file path.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = `${SCREENSHOT_DIR}${name.replace(/\.png$/i, '').replace(/[^\w.-]+/g, '_')}.png`;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  try {
    await test.info().attach(name, { path: file, contentType: 'image/png' });
  } catch {
    // called outside a running test: the file is still written
  }
  return file;
}

/** axe's failureSummary without its "Fix any of the following:" headers, on one line, shortened. */
function summarize(failureSummary: string | undefined): string {
  const text = (failureSummary ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !/^Fix (any|all) of the following:?$/i.test(l))
    .join('; ');
  return text.length > 240 ? `${text.slice(0, 237)}...` : text;
}

export interface AxeCheckOptions {
  /** CSS selector to limit the scan to (default: the whole page). */
  include?: string;
  /** CSS selectors to leave out (e.g. a third-party widget). */
  exclude?: string[];
  /** axe rule ids to skip, e.g. ['color-contrast'] while a theme is in flux; say why at the call site. */
  disableRules?: string[];
}

/**
 * Runs axe-core on the page and fails the test on any violation of impact 'serious' or 'critical',
 * listing each as `[impact] rule-id: help (url)` with the offending selectors. Returns all violations
 * (including minor/moderate ones) for callers who want to look further.
 */
export async function axeCheck(page: Page, options: AxeCheckOptions = {}) {
  return test.step('axe accessibility check', async () => {
    let builder = new AxeBuilder({ page });
    if (options.include) builder = builder.include(options.include);
    for (const sel of options.exclude ?? []) builder = builder.exclude(sel);
    if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
    const { violations } = await builder.analyze();
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    const report = bad
      .map((v) => {
        const nodes = v.nodes.slice(0, 5).map((n) => `    - ${n.target.join(' ')}: ${summarize(n.failureSummary)}`);
        if (v.nodes.length > 5) nodes.push(`    - ... and ${v.nodes.length - 5} more`);
        return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes.join('\n')}`;
      })
      .join('\n');
    expect(bad.map((v) => v.id), `${bad.length} serious/critical accessibility violation(s) on ${page.url()}:\n${report}`).toEqual([]);
    return violations;
  });
}
