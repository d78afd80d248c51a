/**
 * The d3 pieces the graph views use. `import 'd3-transition'` patches `selection.prototype.transition`;
 * it must be imported explicitly or production builds drop it (stack.md P1, d3/d3#3131).
 */
import 'd3-transition';
import { select } from 'd3-selection';
import { easeCubicOut } from 'd3-ease';

export { select };

interface TweenParams {
  attr: string;
  value: string;
  animate: boolean;
  duration?: number;
}

/**
 * Svelte action: sets an attribute, with a d3 transition when `animate` (250 ms), at once otherwise.
 * The element must not set the attribute in markup (Svelte would fight the transition).
 */
export function tweenAttr(node: SVGElement, params: TweenParams) {
  let last = params;
  select(node).attr(params.attr, params.value);
  return {
    update(next: TweenParams) {
      if (next.value === last.value && next.attr === last.attr) return;
      last = next;
      const s = select(node);
      s.interrupt();
      if (next.animate) s.transition().duration(next.duration ?? 250).ease(easeCubicOut).attr(next.attr, next.value);
      else s.attr(next.attr, next.value);
    },
    destroy() {
      select(node).interrupt();
    },
  };
}
