/**
 * The kernel's event queue: a binary min-heap over plain data, ordered by (time, seq). Equal times
 * keep insertion order because `seq` only grows. The heap lives in `World.queue`, so it is cloned
 * and serialized with the world.
 */
import type { KernelEvent } from './KernelEvent.ts';

export interface QueuedEvent {
  time: number;
  seq: number;
  event: KernelEvent;
}

const before = (a: QueuedEvent, b: QueuedEvent) => a.time < b.time || (a.time === b.time && a.seq < b.seq);

export function heapPush(heap: QueuedEvent[], item: QueuedEvent): void {
  heap.push(item);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i]!, heap[parent]!)) break;
    [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
    i = parent;
  }
}

export function heapPop(heap: QueuedEvent[]): QueuedEvent | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length === 0 || last === undefined) return top;
  heap[0] = last;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
    if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
    if (m === i) break;
    [heap[i], heap[m]] = [heap[m]!, heap[i]!];
    i = m;
  }
  return top;
}

export const heapPeek = (heap: QueuedEvent[]): QueuedEvent | undefined => heap[0];
