/**
 * The event queue: a binary min-heap in `state.queue`, ordered by time and then by the
 * sequence number taken when the work was scheduled, so work due at the same instant runs in
 * the order it was scheduled, on every machine. Idle time costs nothing: advancing jumps from
 * one queued item to the next.
 */
import type { QueueItem, SimState, Work } from './model.ts';

function before(a: QueueItem, b: QueueItem): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq);
}

export function schedule(state: SimState, atMs: number, work: Work): void {
  const heap = state.queue;
  const item: QueueItem = { atMs: Math.max(atMs, state.nowMs), seq: state.seq++, work };
  heap.push(item);
  let i = heap.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = heap[parent]!;
    if (!before(item, p)) break;
    heap[i] = p;
    i = parent;
  }
  heap[i] = item;
}

export function peek(state: SimState): QueueItem | undefined {
  return state.queue[0];
}

export function pop(state: SimState): QueueItem | undefined {
  const heap = state.queue;
  const top = heap[0];
  const last = heap.pop();
  if (top === undefined || last === undefined || heap.length === 0) return top;
  let i = 0;
  const n = heap.length;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const child = r < n && before(heap[r]!, heap[l]!) ? r : l;
    if (!before(heap[child]!, last)) break;
    heap[i] = heap[child]!;
    i = child;
  }
  heap[i] = last;
  return top;
}

/** Removes the items `drop` selects, keeping the heap valid (a sorted array is a heap). */
export function removeWhere(state: SimState, drop: (item: QueueItem) => boolean): number {
  const count = state.queue.length;
  state.queue = state.queue.filter((item) => !drop(item)).sort((a, b) => (before(a, b) ? -1 : 1));
  return count - state.queue.length;
}

/** Removes a client's own timers (generate, send, timeouts, polls): used when it is removed. */
export function removeClientWork(
  state: SimState,
  kind: 'producer' | 'consumer',
  clientId: string,
): number {
  return removeWhere(state, (item) => {
    const w = item.work;
    return kind === 'producer'
      ? 'producer' in w && w.producer === clientId
      : 'consumer' in w && w.consumer === clientId;
  });
}
