/**
 * Keyboard shortcuts of the player, as a pure mapping from a key event to a command, so that the
 * rules (which keys, when to ignore them) are testable without a browser.
 */
export type Command =
  | 'toggle'
  | 'stepBack'
  | 'stepForward'
  | 'slower'
  | 'faster'
  | 'start'
  | 'end'
  | 'help'
  | 'nextLessonStep'
  | 'previousLessonStep';

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** The element the key went to. */
  target?: EventTarget | null;
}

/** True when the key goes to something the learner types in or operates with keys of its own. */
export function isTypingTarget(target: EventTarget | null | undefined): boolean {
  const el = target as (HTMLElement & { type?: string }) | null | undefined;
  if (!el || typeof el.tagName !== 'string') return false;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') return true; // text fields, number fields and sliders all use the arrow keys
  return el.isContentEditable === true;
}

const ARROW_WIDGETS = new Set(['tab', 'radio', 'slider', 'option', 'menuitem', 'treeitem', 'gridcell']);
const ARROWS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End']);

export function commandFor(e: KeyLike): Command | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (isTypingTarget(e.target)) return null;
  const el = e.target as HTMLElement | null | undefined;
  const tag = el?.tagName?.toLowerCase();
  // Widgets that move their own focus with the arrow keys (tab lists, radio groups) keep them.
  const role = typeof el?.getAttribute === 'function' ? el.getAttribute('role') : null;
  if (role && ARROW_WIDGETS.has(role) && ARROWS.has(e.key)) return null;
  switch (e.key) {
    case ' ':
    case 'Spacebar':
      // Space on a focused button or link (native, or an SVG element with role="button") activates
      // it; don't also toggle playback.
      return tag === 'button' || tag === 'a' || tag === 'summary' || role === 'button' || role === 'link' ? null : 'toggle';
    case 'ArrowLeft':
      return 'stepBack';
    case 'ArrowRight':
      return 'stepForward';
    case '[':
      return 'slower';
    case ']':
      return 'faster';
    case 'Home':
      return 'start';
    case 'End':
      return 'end';
    case '?':
      return 'help';
    case 'PageDown':
      return 'nextLessonStep';
    case 'PageUp':
      return 'previousLessonStep';
    default:
      return null;
  }
}
