#!/usr/bin/env node
// The `flinkscope` command (package.json "bin"): registers tsx so that Node 20 can load the
// TypeScript sources, then runs src/cli/main.ts. Output is buffered into large writes.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('./main.ts');

let buffer = '';
const flush = () => {
  if (buffer) process.stdout.write(buffer);
  buffer = '';
};
// A closed pipe (`flinkscope run … | head`) is not an error.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const code = await runCli(process.argv.slice(2), {
  out: (line) => {
    buffer += line + '\n';
    if (buffer.length > 1 << 16) flush();
  },
  err: (line) => process.stderr.write(line + '\n'),
  cwd: process.cwd(),
});
flush();
process.exitCode = code;
