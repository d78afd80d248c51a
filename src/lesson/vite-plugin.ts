/** Vite plugin: `import { lessons } from 'virtual:lessons'` yields every compiled lesson (built in Node). */
import type { Plugin } from 'vite';
import { compileLessons } from './compile.ts';

const ID = 'virtual:lessons';
const RESOLVED = '\0' + ID;

export function lessonsPlugin(root: string): Plugin {
  return {
    name: 'flinkscope-lessons',
    resolveId: (id) => (id === ID ? RESOLVED : null),
    load(id) {
      if (id !== RESOLVED) return null;
      this.addWatchFile(root);
      return `export const lessons = ${JSON.stringify(compileLessons(root))};`;
    },
    handleHotUpdate({ file, server }) {
      if (file.startsWith(root)) {
        const mod = server.moduleGraph.getModuleById(RESOLVED);
        if (mod) server.moduleGraph.invalidateModule(mod);
        server.ws.send({ type: 'full-reload' });
      }
    },
  };
}
