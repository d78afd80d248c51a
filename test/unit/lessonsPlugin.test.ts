/**
 * The lessons plugin: `virtual:lessons` has every lesson's summary and loads each lesson's full
 * compiled content from its own module; a broken lesson fails with its LessonError.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type ViteDevServer } from 'vite';
import { compileLessons } from '../../src/lesson/compile.ts';
import { lessonsPlugin } from '../../src/lesson/vite-plugin.ts';

const root = fileURLToPath(new URL('../../lessons', import.meta.url));

const servers: ViteDevServer[] = [];
async function server(lessons: string): Promise<ViteDevServer> {
  const s = await createServer({
    configFile: false,
    root: mkdtempSync(join(tmpdir(), 'lessons-plugin-')),
    logLevel: 'silent',
    appType: 'custom',
    server: { middlewareMode: true, hmr: false, watch: null },
    plugins: [lessonsPlugin(lessons)],
  });
  servers.push(s);
  return s;
}
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

type Index = typeof import('virtual:lessons');

describe('virtual:lessons', () => {
  const compiled = compileLessons(root);

  it('lists every lesson, in order, as a summary', async () => {
    const index = (await (await server(root)).ssrLoadModule('virtual:lessons')) as Index;
    expect(index.LESSON_SUMMARIES.map((l) => l.id)).toEqual(compiled.map((l) => l.id));
    for (const [i, l] of compiled.entries()) {
      const s = index.LESSON_SUMMARIES[i]!;
      expect(s).toEqual({ id: l.id, order: l.order, title: l.title, ...(l.summary ? { summary: l.summary } : {}), steps: l.steps.length, scenarios: l.scenarios });
      expect(s).not.toHaveProperty('text');
    }
  });

  it('loads each lesson, compiled, from its own module; undefined for an unknown id', async () => {
    const s = await server(root);
    const index = (await s.ssrLoadModule('virtual:lessons')) as Index;
    for (const l of compiled) expect(await index.loadLesson(l.id)).toEqual(l);
    expect(await index.loadLesson('nope')).toBeUndefined();
    expect(await index.loadLesson('__proto__')).toBeUndefined();
    expect(((await s.ssrLoadModule(`virtual:lesson/${compiled[0]!.id}`)) as { default: unknown }).default).toEqual(compiled[0]);
  });

  it('fails with the LessonError of a broken lesson', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lessons-'));
    cpSync(join(root, '01-anatomy'), join(dir, '01-anatomy'), { recursive: true });
    const md = join(dir, '01-anatomy', 'zh.md');
    writeFileSync(md, readFileSync(md, 'utf8').replace('<!-- step: deploy -->', ''));
    const s = await server(dir);
    await expect(s.ssrLoadModule('virtual:lessons')).rejects.toThrow(/01-anatomy\/zh\.md: no section for step "deploy"/);
  });

  it('rejects two lessons with one id, naming both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lessons-'));
    cpSync(join(root, '01-anatomy'), join(dir, 'a'), { recursive: true });
    cpSync(join(root, '01-anatomy'), join(dir, 'b'), { recursive: true });
    const s = await server(dir);
    await expect(s.ssrLoadModule('virtual:lessons')).rejects.toThrow(/b\/lesson\.json: id "01-anatomy" is also the id of a\/lesson\.json/);
  });

  it('watches the lesson files', () => {
    const plugin = lessonsPlugin(root);
    const watched: string[] = [];
    const ctx = { addWatchFile: (f: string) => void watched.push(f) };
    const load = plugin.load as unknown as (this: typeof ctx, id: string) => string | null;
    const resolve = plugin.resolveId as unknown as (id: string) => string | null;
    load.call(ctx, resolve('virtual:lessons')!);
    expect(watched).not.toContain(root); // a folder does not resolve as an import in dev
    for (const f of ['lesson.json', 'en.md', 'zh.md', 'scenario.json']) expect(watched).toContain(join(root, '01-anatomy', f));
    watched.length = 0;
    load.call(ctx, resolve('virtual:lesson/02-cluster')!);
    expect(watched).toContain(join(root, '02-cluster', 'lesson.json'));
    expect(watched.some((f) => f.includes('01-anatomy'))).toBe(false);
  });
});
