/** Keyboard activation for elements with role="button": Enter and Space, like a real button. */
export function onActivate(fn: () => void): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      fn();
    }
  };
}
