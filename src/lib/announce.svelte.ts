/**
 * The app's one polite live region: components call `announcer.say(text)`; App.svelte renders
 * `announcer.message` in an `aria-live="polite"` element. Saying the same text twice still
 * announces it (a zero-width space toggles).
 */
class Announcer {
  message = $state('');
  private flip = false;

  say(text: string): void {
    if (!text) return;
    this.flip = !this.flip;
    this.message = text + (this.flip ? '\u200b' : '');
  }
}

export const announcer = new Announcer();
