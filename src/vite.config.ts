import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { lessonsPlugin } from './lesson/vite-plugin.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** Content-Security-Policy of the built site (dev needs inline HMR scripts, so it is build-only). */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Svelte and d3 set style attributes; no inline <style> from outside our bundle is loaded.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

export default defineConfig({
  root: here('.'),
  base: './',
  publicDir: here('../static'),
  plugins: [
    svelte({ configFile: false }),
    lessonsPlugin(here('../lessons')),
    {
      name: 'flinkscope-csp',
      apply: 'build',
      transformIndexHtml: (html) =>
        html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
    },
  ],
  build: { outDir: here('../dist'), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 400 },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  server: { host: '127.0.0.1', port: 5173 },
});
