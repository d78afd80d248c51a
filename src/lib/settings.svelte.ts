/**
 * App-wide settings: the language and presenter mode, remembered in localStorage. App.svelte
 * mirrors them onto <html lang> and the `presenter` class.
 */
import { LANGUAGES, type Lang } from '../lesson/types.ts';

const KEY_LANG = 'flinkscope.lang';
const KEY_PRESENTER = 'flinkscope.presenter';

function read(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null; // storage disabled
  }
}

function write(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // storage disabled: the setting lasts for this page only
  }
}

function initialLang(): Lang {
  const saved = read(KEY_LANG);
  if (saved && (LANGUAGES as readonly string[]).includes(saved)) return saved as Lang;
  const nav = globalThis.navigator?.language ?? 'en';
  return nav.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

class Settings {
  lang: Lang = $state(initialLang());
  presenter: boolean = $state(read(KEY_PRESENTER) === '1');

  setLang(lang: Lang): void {
    this.lang = lang;
    write(KEY_LANG, lang);
  }

  setPresenter(on: boolean): void {
    this.presenter = on;
    write(KEY_PRESENTER, on ? '1' : '0');
  }
}

export const settings = new Settings();
