// Debian's Chromium for every browser runner (Playwright config, playwright-core scripts).
// Node built-ins only: ensure-chromium.mjs imports this before `npm ci` may have run.
// Importing never throws; callers decide what a missing browser means (see findChromium()).
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where Chromium is expected: $CHROMIUM_PATH if set, else Debian's /usr/bin/chromium. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Launch flags (stack.md §3). Playwright adds --headless and a temp profile itself and rejects --user-data-dir. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** @param {string} path */
function isExecutableFile(path) {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium executable to use, or null if there is none. Never throws.
 * With $CHROMIUM_PATH set, only that path counts; otherwise /usr/bin/chromium, then `chromium` on $PATH.
 * @returns {string | null}
 */
export function findChromium() {
  if (process.env.CHROMIUM_PATH) return isExecutableFile(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null;
  if (isExecutableFile(CHROMIUM_PATH)) return CHROMIUM_PATH;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutableFile(join(dir, 'chromium'))) return join(dir, 'chromium');
  }
  return null;
}

/** Playwright `launchOptions` (chromium.launch(launchOptions) or `use: { launchOptions }`). */
export const launchOptions = {
  executablePath: findChromium() ?? CHROMIUM_PATH,
  args: CHROMIUM_ARGS,
  headless: true,
};
