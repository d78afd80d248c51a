/** What the learner has clicked in a view; the inspector shows it. */
export type Selection =
  | { kind: 'task'; task: string }
  | { kind: 'record'; record: number }
  | { kind: 'operator'; operator: string };

export function sameSelection(a: Selection | null | undefined, b: Selection | null | undefined): boolean {
  if (!a || !b || a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'task':
      return a.task === (b as typeof a).task;
    case 'record':
      return a.record === (b as typeof a).record;
    case 'operator':
      return a.operator === (b as typeof a).operator;
  }
}
