declare module 'virtual:lessons' {
  import type { CompiledLesson } from './types.ts';
  export const lessons: CompiledLesson[];
}
