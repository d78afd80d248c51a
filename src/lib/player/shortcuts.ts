/**
 * Keyboard shortcuts of the player, as a pure mapping from a key event to a command, so that the
 * rules (which keys, when to ignore them) are testable without a browser. The one fact about the
 * page it needs, whether the focused element shows keyboard focus, is given in the event
 * (`focusVisible`, from `focusOrigin`).
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
  /**
   * Whether the target matches `:focus-visible`: false when a mouse click focused it (the browser
   * shows no focus ring), true when the keyboard did. Unknown (undefined) counts as keyboard focus.
   */
  focusVisible?: boolean;
}

/** Whether `target` matches `:focus-visible` now; undefined when that cannot be told. */
export function isFocusVisible(target: EventTarget | null | undefined): boolean | undefined {
  const el = target as Element | null | undefined;
  if (!el || typeof el.matches !== 'function') return undefined;
  try {
    return el.matches(':focus-visible');
  } catch {
    return undefined; // a browser without :focus-visible
  }
}

/**
 * How the focused element got its focus, for the Space rule. `:focus-visible` cannot be read in a
 * keydown handler: Chromium makes the focused element match it as soon as a key is pressed, before
 * keydown is dispatched. So it is read when focus arrives (window `focusin`) and after a click on the
 * element that already had focus (window `click`, capture phase), and kept while the element has
 * focus.
 */
export class FocusOrigin {
  /** The element a pointer (mouse, pen, touch) focused, while it keeps that focus. */
  private pointerFocused: EventTarget | null = null;

  /** Window `focusin`: keyboard focus shows a focus ring, pointer focus does not. */
  readonly focusin = (e: { target: EventTarget | null }): void => {
    this.pointerFocused = isFocusVisible(e.target) === false ? e.target : null;
  };

  /** Window `click` (capture): a click on the focused element makes its focus a pointer's. */
  readonly click = (): void => {
    const active = globalThis.document?.activeElement ?? null;
    this.pointerFocused = active && isFocusVisible(active) === false ? active : null;
  };

  /** Whether `target` shows keyboard focus as it did before the key went down (false: a pointer focused it). */
  visible(target: EventTarget | null | undefined): boolean | undefined {
    if (target && target === this.pointerFocused) return false;
    return isFocusVisible(target);
  }
}

/** The page's one record of how focus arrived (Workspace feeds it; key handlers read it). */
export const focusOrigin = new FocusOrigin();

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
      // Space on a button the keyboard focused (native, or an SVG element with role="button")
      // presses it; don't also toggle playback. A button focused by a mouse click shows no focus, and
      // the learner expects Space to play or pause: the caller prevents the button's own press.
      if (tag === 'button' || tag === 'summary' || role === 'button') return e.focusVisible === false ? 'toggle' : null;
      // Space on a link scrolls the page, as usual.
      return tag === 'a' || role === 'link' ? null : 'toggle';
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
