import { focusOrigin } from '../player/shortcuts.ts';

/**
 * Keyboard activation for elements with role="button": Enter and Space, like a real button. Space
 * on an element a mouse click focused (no focus ring) is left to the player's play/pause shortcut,
 * as on a native button (see `commandFor`).
 */
export function onActivate(fn: () => void): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.key === ' ' && focusOrigin.visible(e.currentTarget) === false) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      fn();
    }
  };
}
