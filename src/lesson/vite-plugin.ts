/**
 * Vite plugin: the lessons, compiled in Node at build time (and on request in dev).
 *
 *   import { LESSON_SUMMARIES, loadLesson } from 'virtual:lessons';
 *
 * `virtual:lessons` is small: what the home page, the router, the header (Import) and shared runs
 * need of every lesson (id, order, titles, summaries, number of steps, scenarios). Each lesson's
 * full `CompiledLesson` (steps, rendered narratives) is the default export of its own module,
 * `virtual:lesson/<id>`, which `loadLesson(id)` imports dynamically: one chunk per lesson, fetched
 * when the lesson is opened.
 *
 * Loading `virtual:lessons` compiles every lesson, so a broken lesson fails the build (and the dev
 * server's page) with its LessonError. In dev, editing any file under the lessons folder
 * recompiles and reloads the page.
 */
import { normalizePath, type Plugin } from 'vite';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { LessonSummary } from 'virtual:lessons';
import { compileLesson, LessonError } from './compile.ts';
import type { CompiledLesson } from './types.ts';

const INDEX_ID = 'virtual:lessons';
const LESSON_PREFIX = 'virtual:lesson/';
const RESOLVED_INDEX = '\0' + INDEX_ID;
const RESOLVED_LESSON_PREFIX = '\0' + LESSON_PREFIX;

interface Found {
  /** The lesson's folder. */
  dir: string;
  /** The files in it (lesson.json, en.md, zh.md, scenarios): watched in dev. */
  files: string[];
  lesson: CompiledLesson;
}

/** Lesson folders under `root` (those with a lesson.json), as `compileLessons` finds them. */
function lessonDirs(root: string): string[] {
  return readdirSync(root)
    .map((d) => join(root, d))
    .filter((d) => statSync(d).isDirectory() && existsSync(join(d, 'lesson.json')));
}

/** Compiles every lesson under `root`; sorted by order, then id. Throws the first LessonError. */
function compileAll(root: string): Map<string, Found> {
  const found: Found[] = lessonDirs(root).map((dir) => ({
    dir,
    files: readdirSync(dir)
      .map((f) => join(dir, f))
      .filter((f) => statSync(f).isFile()),
    lesson: compileLesson(dir, root),
  }));
  found.sort((a, b) => a.lesson.order - b.lesson.order || a.lesson.id.localeCompare(b.lesson.id));
  const byId = new Map<string, Found>();
  for (const f of found) {
    const other = byId.get(f.lesson.id);
    if (other) {
      throw new LessonError(
        `${relative(root, join(f.dir, 'lesson.json'))}: id "${f.lesson.id}" is also the id of ${relative(root, join(other.dir, 'lesson.json'))}; give each lesson its own id`,
      );
    }
    byId.set(f.lesson.id, f);
  }
  return byId;
}

/** What the first page needs to know about a lesson. */
export function summarize(l: CompiledLesson): LessonSummary {
  const s: LessonSummary = { id: l.id, order: l.order, title: l.title, steps: l.steps.length, scenarios: l.scenarios };
  if (l.summary) s.summary = l.summary;
  return s;
}

/** The source of `virtual:lessons`. */
export function indexModule(lessons: Iterable<CompiledLesson>): string {
  const all = [...lessons];
  const loaders = all.map((l) => `  [${JSON.stringify(l.id)}, () => import(${JSON.stringify(LESSON_PREFIX + l.id)})],`);
  return [
    `export const LESSON_SUMMARIES = ${JSON.stringify(all.map(summarize))};`,
    `const loaders = new Map([`,
    ...loaders,
    `]);`,
    `export function loadLesson(id) {`,
    `  const load = loaders.get(id);`,
    `  return load ? load().then((m) => m.default) : Promise.resolve(undefined);`,
    `}`,
    ``,
  ].join('\n');
}

/** The source of `virtual:lesson/<id>`. */
export function lessonModule(lesson: CompiledLesson): string {
  return `export default ${JSON.stringify(lesson)};\n`;
}

export function lessonsPlugin(root: string): Plugin {
  /** The compiled lessons, until a lesson file changes. */
  let cache: Map<string, Found> | null = null;
  const lessons = () => (cache ??= compileAll(root));
  const dir = normalizePath(root);
  const isLessonFile = (file: string) => {
    const f = normalizePath(file);
    return f === dir || f.startsWith(dir.endsWith('/') ? dir : dir + '/');
  };

  return {
    name: 'flinkscope-lessons',
    resolveId(id) {
      if (id === INDEX_ID) return RESOLVED_INDEX;
      if (id.startsWith(LESSON_PREFIX)) return RESOLVED_LESSON_PREFIX + id.slice(LESSON_PREFIX.length);
      return null;
    },
    load(id) {
      if (id === RESOLVED_INDEX) {
        const all = lessons();
        for (const f of all.values()) for (const file of f.files) this.addWatchFile(file);
        return indexModule([...all.values()].map((f) => f.lesson));
      }
      if (id.startsWith(RESOLVED_LESSON_PREFIX)) {
        const lessonId = id.slice(RESOLVED_LESSON_PREFIX.length);
        const found = lessons().get(lessonId);
        if (!found) throw new LessonError(`${LESSON_PREFIX}${lessonId}: no lesson with id "${lessonId}" under ${root}; lessons: ${[...lessons().keys()].join(', ') || '(none)'}`);
        for (const file of found.files) this.addWatchFile(file);
        return lessonModule(found.lesson);
      }
      return null;
    },
    configureServer(server) {
      // The folder, so that a new lesson (or file) is seen. Not through addWatchFile: in dev, Vite
      // resolves watch files as imports of the module, and a folder does not resolve.
      server.watcher.add(root);
    },
    watchChange(file) {
      // `vite build --watch`: recompile on the next build.
      if (isLessonFile(file)) cache = null;
    },
    hotUpdate({ file }) {
      // Any lesson file created, changed or deleted: recompile, and reload the page.
      if (!isLessonFile(file)) return;
      cache = null;
      const graph = this.environment.moduleGraph;
      for (const [id, mod] of graph.idToModuleMap) {
        if (id === RESOLVED_INDEX || id.startsWith(RESOLVED_LESSON_PREFIX)) graph.invalidateModule(mod);
      }
      if (this.environment.name === 'client') this.environment.hot.send({ type: 'full-reload' });
      // Reloaded: nothing left for Vite's HMR to update.
      return [];
    },
  };
}
