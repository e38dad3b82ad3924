/**
 * While playing, the numbers on brokers and producers (offsets, counters) change on almost
 * every frame. Redrawing every node for them costs a large cluster most of its frame (React,
 * then layout and paint of hundreds of changed texts), so the frame rate of everything, the
 * messages too, drops to a fraction. Pacing bounds that cost: per frame, nodes whose only
 * change is numbers are redrawn up to a budget of node height (a broker with more tiles costs
 * more), stalest first; the others keep their previous object for a frame or a few and catch
 * up in the next ones. Small clusters (UNPACED_UP_TO_PX) redraw every node every frame.
 *
 * Never paced: anything but a number changing (a role, a status, a name, a tile appearing, a
 * chip moving to another member), a node changing size or place, consumer nodes, a frame that
 * follows a command, and everything while paused or stepping: what is on screen then is exact.
 */
import { groupMembersTop } from './layout.ts';
import { nodeSize, sameData, type SimNode } from './selectNodes.ts';

/**
 * Pixels of node height (redrawCostPx) whose numbers may be redrawn per frame while playing:
 * `large` (about 11,800 px of paced nodes) redraws each node about every 30th frame, twice a
 * second at 60 fps, which is still as fast as anyone reads a number that changes thousands of
 * times a second. Measured in headless Chromium on `large` at 1× (10 s from Play, three runs
 * each, interleaved): 1,200 px gave 50.5–50.8 fps, 400 px 51.8–54.2 fps and about 1 ms less
 * main-thread time per frame (layout and paint); 250 px was no better than 400.
 */
export const NUMBER_REDRAW_BUDGET_PX = 400;

/**
 * Clusters whose paced nodes add up to no more than this are not paced at all: `classroom`
 * (brokers, producers, its group and members about 2,530 px since leader tiles have three
 * lines) redraws every node every frame.
 */
export const UNPACED_UP_TO_PX = 2600;

/**
 * Groups and members too: while a group is stable its members' positions move on every frame,
 * and while it rebalances the group's clock does.
 */
const PACED_TYPES: ReadonlySet<SimNode['type']> = new Set([
  'broker',
  'producer',
  'consumerGroup',
  'member',
]);

/**
 * What redrawing a node costs against the budget: its height, but for a group only its own
 * part above its members (they are nodes of their own).
 */
export function redrawCostPx(n: SimNode): number {
  if (n.type === 'consumerGroup') return groupMembersTop(n.data.pausedRows);
  return nodeSize(n).height;
}

/** Whether `next` differs from `old` only in numbers on its view, at the same size and place. */
export function onlyNumbersChanged(old: SimNode, next: SimNode): boolean {
  if (old.type !== next.type || !PACED_TYPES.has(next.type)) return false;
  const a = nodeSize(old);
  const b = nodeSize(next);
  if (a.width !== b.width || a.height !== b.height) return false;
  // Everything but the view must be the same: id, position, measured size, flags.
  const { data: oldData, ...oldRest } = old;
  const { data: nextData, ...nextRest } = next;
  return sameData(oldRest, nextRest) && sameData(oldData, nextData, true);
}

export interface NodePacer {
  /**
   * The nodes to draw this frame. `next` comes from reuseUnchanged(previous, …): unchanged
   * nodes are already the previous objects. With `exact`, every change is drawn.
   */
  pace(previous: readonly SimNode[], next: SimNode[], exact: boolean): SimNode[];
}

export function createNodePacer(
  budgetPx: number = NUMBER_REDRAW_BUDGET_PX,
  unpacedUpToPx: number = UNPACED_UP_TO_PX,
): NodePacer {
  /** The frame each node was last drawn with new content; frames count calls to pace. */
  const drawnAt = new Map<string, number>();
  let frame = 0;
  return {
    pace(previous, next, exact) {
      frame++;
      if (next === previous) return next;
      const before = new Map(previous.map((n) => [n.id, n]));
      const deferrable: number[] = [];
      next.forEach((n, i) => {
        const old = before.get(n.id);
        if (old === undefined || old === n) return;
        if (!exact && onlyNumbersChanged(old, n)) deferrable.push(i);
        else drawnAt.set(n.id, frame);
      });
      if (deferrable.length === 0) return next;
      let pacedPx = 0;
      for (const n of next) if (PACED_TYPES.has(n.type)) pacedPx += redrawCostPx(n);
      if (pacedPx <= unpacedUpToPx) {
        for (const i of deferrable) drawnAt.set((next[i] as SimNode).id, frame);
        return next;
      }
      // Stalest first; among equals, in canvas order.
      deferrable.sort(
        (i, j) =>
          (drawnAt.get((next[i] as SimNode).id) ?? 0) -
            (drawnAt.get((next[j] as SimNode).id) ?? 0) || i - j,
      );
      let spent = 0;
      const out = [...next];
      for (const i of deferrable) {
        const n = next[i] as SimNode;
        const cost = redrawCostPx(n);
        // At least one node each frame, however tall, so every node catches up.
        if (spent === 0 || spent + cost <= budgetPx) {
          spent += cost;
          drawnAt.set(n.id, frame);
        } else {
          out[i] = before.get(n.id) as SimNode;
        }
      }
      const same = out.length === previous.length && out.every((n, i) => n === previous[i]);
      return same ? (previous as SimNode[]) : out;
    },
  };
}
