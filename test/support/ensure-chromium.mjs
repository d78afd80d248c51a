// Makes sure a Chromium for the e2e tests exists (Debian's package; Playwright's own browser is never downloaded).
// Found: exit 0 silently. Missing and root with apt-get: install Debian's `chromium`. Otherwise: exit 1 with how to fix.
// Node built-ins only, so it can run before `npm ci`.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { CHROMIUM_PATH, findChromium } from './chromium.mjs';

/** @param {string} cmd */
function onPath(cmd) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return true;
    } catch {
      /* not here */
    }
  }
  return false;
}

function fail(/** @type {string} */ why) {
  console.error(
    `ensure-chromium: ${why}\n` +
      `  The e2e tests need Chromium at ${CHROMIUM_PATH} (Playwright's own browser download is not used).\n` +
      `  Install it on Debian/Ubuntu with:  sudo apt-get install chromium\n` +
      `  or point CHROMIUM_PATH at an existing Chromium/Chrome executable, e.g. CHROMIUM_PATH=/opt/chrome/chrome npm test`,
  );
  process.exit(1);
}

if (findChromium()) process.exit(0);

if (process.env.CHROMIUM_PATH) fail(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file.`);
if (process.getuid?.() !== 0 || !onPath('apt-get')) fail('Chromium not found.');

console.log("ensure-chromium: Chromium not found; installing Debian's chromium package with apt-get (takes a minute or two)...");

/** Runs apt-get quietly; prints its captured output only if it fails. */
function apt(/** @type {string[]} */ args) {
  const r = spawnSync('apt-get', ['-o', 'DPkg::Lock::Timeout=600', ...args], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    fail(`apt-get ${args.join(' ')} failed (${r.error?.message ?? `exit code ${r.status}`}).`);
  }
}

apt(['update', '-qq']);
apt(['install', '-y', '-qq', 'chromium']);
if (!findChromium()) fail('apt-get installed chromium, but no Chromium executable was found afterwards.');
