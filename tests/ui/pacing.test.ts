import { startShipped } from './shipped.ts';
import { describe, expect, it } from 'vitest';
import {
  createNodePacer,
  NUMBER_REDRAW_BUDGET_PX,
  onlyNumbersChanged,
} from '../../src/ui/canvas/pacing.ts';
import {
  nodeSize,
  reuseUnchanged,
  selectNodes,
  type SimNode,
} from '../../src/ui/canvas/selectNodes.ts';
import { createCanvasSelector } from '../../src/ui/canvas/useCanvas.ts';

const start = startShipped;

const byId = (nodes: SimNode[]) => new Map(nodes.map((n) => [n.id, n]));

/** Node ids whose drawn object is not the freshly selected one (their change was held back). */
function held(drawn: SimNode[], fresh: SimNode[]): string[] {
  const f = byId(fresh);
  return drawn.filter((n) => JSON.stringify(n) !== JSON.stringify(f.get(n.id))).map((n) => n.id);
}

describe('onlyNumbersChanged', () => {
  it('is true for a broker whose offsets moved, false when its status changed', () => {
    const s = start('hello');
    s.advanceTo(1_000);
    const before = selectNodes(s.state).find((n) => n.id === 'broker:1') as SimNode;
    s.advanceTo(3_000);
    const after = selectNodes(s.state).find((n) => n.id === 'broker:1') as SimNode;
    expect(JSON.stringify(after)).not.toBe(JSON.stringify(before));
    expect(onlyNumbersChanged(before, after)).toBe(true);
    s.apply({ type: 'broker.crash', broker: 1 });
    const crashed = selectNodes(s.state).find((n) => n.id === 'broker:1') as SimNode;
    expect(onlyNumbersChanged(after, crashed)).toBe(false);
  });

  it('is true for a member whose positions moved, false when a chip moved to another member', () => {
    const s = start('large');
    s.advanceTo(9_000);
    const before = byId(selectNodes(s.state));
    s.advanceTo(9_100);
    const members = selectNodes(s.state).filter((n) => n.type === 'member');
    expect(members.length).toBeGreaterThan(0);
    for (const n of members) {
      const old = before.get(n.id) as SimNode;
      if (JSON.stringify(old) !== JSON.stringify(n)) expect(onlyNumbersChanged(old, n)).toBe(true);
    }
    // A new member: the group rebalances and chips change owners.
    s.apply({ type: 'consumer.add', group: 'orders-app' });
    s.advanceTo(20_000);
    const after = selectNodes(s.state);
    const moved = after.filter(
      (n) => n.type === 'member' && before.has(n.id) && !onlyNumbersChanged(before.get(n.id)!, n),
    );
    expect(moved.length).toBeGreaterThan(0);
  });

  it('is true for a group whose rebalance clock alone moved, in tenths of a second', () => {
    const s = start('large');
    s.advanceTo(2_000);
    const group = () => selectNodes(s.state).find((n) => n.id === 'group:orders-app') as SimNode;
    const before = group();
    s.advanceTo(2_030);
    // Under 100 ms later the clock it shows has not moved: the same view.
    expect(JSON.stringify(group())).toBe(JSON.stringify(before));
    s.advanceTo(2_200);
    const after = group();
    expect(JSON.stringify(after)).not.toBe(JSON.stringify(before));
    expect(onlyNumbersChanged(before, after)).toBe(true);
  });
});

describe('createNodePacer', () => {
  it('draws every change of a small cluster at once, whatever the budget', () => {
    const s = start('classroom');
    const pacer = createNodePacer(100);
    let drawn = pacer.pace([], selectNodes(s.state), false);
    for (let t = 100; t <= 3_000; t += 100) {
      s.advanceTo(t);
      const fresh = selectNodes(s.state);
      drawn = pacer.pace(drawn, reuseUnchanged(drawn, fresh), false);
      expect(held(drawn, fresh)).toEqual([]);
    }
  });

  it('on a large cluster draws changed numbers within the budget, stalest first, and every node catches up', () => {
    const s = start('large');
    s.advanceTo(5_000);
    const pacer = createNodePacer();
    let drawn = pacer.pace([], selectNodes(s.state), false);
    s.advanceTo(5_100);
    const fresh = selectNodes(s.state);
    const next = pacer.pace(drawn, reuseUnchanged(drawn, fresh), false);
    const redrawn = next.filter((n, i) => n !== drawn[i]);
    const waiting = held(next, fresh);
    expect(waiting.length).toBeGreaterThan(0);
    expect(redrawn.length).toBeGreaterThan(0);
    const paced = redrawn.filter((n) => n.type === 'broker' || n.type === 'producer');
    const spent = paced.reduce((sum, n) => sum + nodeSize(n).height, 0);
    expect(paced.length === 1 || spent <= NUMBER_REDRAW_BUDGET_PX).toBe(true);
    // With the engine standing still, the held nodes are drawn in the next few frames.
    drawn = next;
    for (let frame = 0; frame < 20 && held(drawn, fresh).length > 0; frame++)
      drawn = pacer.pace(drawn, reuseUnchanged(drawn, fresh), false);
    expect(held(drawn, fresh)).toEqual([]);
  });

  it('draws everything when exact', () => {
    const s = start('large');
    s.advanceTo(5_000);
    const pacer = createNodePacer();
    const drawn = pacer.pace([], selectNodes(s.state), false);
    s.advanceTo(5_100);
    const fresh = selectNodes(s.state);
    expect(held(pacer.pace(drawn, reuseUnchanged(drawn, fresh), true), fresh)).toEqual([]);
  });
});

describe('createCanvasSelector while playing', () => {
  it('paces numbers only while playing, and is exact after a command and when paused', () => {
    const s = start('large');
    const select = createCanvasSelector();
    s.advanceTo(5_000);
    select(s.state, 1, undefined, true);
    s.advanceTo(5_100);
    const playing = select(s.state, 2, undefined, true);
    expect(held(playing.nodes, selectNodes(s.state)).length).toBeGreaterThan(0);
    // Pausing draws the exact state.
    const paused = select(s.state, 2, undefined, false);
    expect(held(paused.nodes, selectNodes(s.state))).toEqual([]);
    // The first frame after a command draws everything, also while playing.
    s.advanceTo(5_200);
    select(s.state, 3, undefined, true);
    s.advanceTo(5_300);
    s.apply({ type: 'producer.setRate', producer: 'producer-1', ratePerSec: 10 });
    const afterCommand = select(s.state, 4, undefined, true);
    expect(held(afterCommand.nodes, selectNodes(s.state))).toEqual([]);
  });
});
