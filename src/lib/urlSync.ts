/**
 * Keeps the address bar on the current frame with history.replaceState (no new history entries, no
 * hashchange event), at most once per `interval` ms with a trailing update, so that copying the
 * address bar always shares (nearly) the current frame. `flush()` writes the latest now.
 */
export interface UrlSync {
  update(hash: string): void;
  flush(): void;
  destroy(): void;
}

export function createUrlSync(interval = 400): UrlSync {
  let pending: string | null = null;
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const write = () => {
    timer = undefined;
    if (pending === null) return;
    const hash = pending;
    pending = null;
    last = performance.now();
    if (location.hash !== hash) history.replaceState(history.state, '', hash);
  };

  return {
    update(hash) {
      pending = hash;
      if (timer !== undefined) return;
      const wait = Math.max(0, interval - (performance.now() - last));
      timer = setTimeout(write, wait);
    },
    flush() {
      clearTimeout(timer);
      write();
    },
    destroy() {
      clearTimeout(timer);
      timer = undefined;
      pending = null;
    },
  };
}

/** The address of the page with another hash. */
export const urlWithHash = (hash: string) => location.href.split('#')[0] + hash;
