import { startShipped } from './shipped.ts';
import { describe, expect, it } from 'vitest';
import { createNodeDataChannel, flowNodes, sameFrame } from '../../src/ui/canvas/nodeData.ts';
import { reuseUnchanged, selectNodes, type SimNode } from '../../src/ui/canvas/selectNodes.ts';
import { createCanvasSelector } from '../../src/ui/canvas/useCanvas.ts';

const start = startShipped;

describe('flowNodes', () => {
  it('keeps the previous object of nodes whose data alone changed', () => {
    const s = start('classroom');
    s.advanceTo(3_000);
    const before = selectNodes(s.state);
    s.advanceTo(3_100);
    const after = reuseUnchanged(before, selectNodes(s.state));
    const changed = after.filter((n, i) => n !== before[i]);
    expect(changed.length).toBeGreaterThan(0);
    const flow = flowNodes(before, after);
    after.forEach((n, i) => {
      const old = before[i] as SimNode;
      expect(flow[i]).toBe(sameFrame(old, n) ? old : n);
    });
    // Numbers alone: React Flow gets nothing new.
    expect(flow).toBe(before);
  });

  it('hands React Flow a node that moved or changed size', () => {
    const s = start('classroom');
    const before = selectNodes(s.state);
    const first = before[0] as SimNode;
    const moved = { ...first, position: { x: first.position.x + 10, y: first.position.y } };
    const flow = flowNodes(before, [moved, ...before.slice(1)]);
    expect(flow[0]).toBe(moved);
    expect(flow.slice(1)).toEqual(before.slice(1));
    const measured = { ...first, measured: { width: 1, height: 2 } };
    expect(flowNodes(before, [measured, ...before.slice(1)])[0]).toBe(measured);
    expect(flowNodes(before, before.slice(1))).toHaveLength(before.length - 1);
  });
});

describe('createCanvasSelector', () => {
  it('shows every change, while React Flow keeps its node objects for content changes', () => {
    const s = start('classroom');
    const select = createCanvasSelector();
    s.advanceTo(3_000);
    const a = select(s.state, 1);
    s.advanceTo(3_100);
    const b = select(s.state, 2);
    expect(b.nodes).not.toBe(a.nodes);
    expect(b.flowNodes).toBe(a.flowNodes);
  });
});

describe('createNodeDataChannel', () => {
  it('tells a node only about its own data, and only when it changed', () => {
    const s = start('classroom');
    const channel = createNodeDataChannel();
    const nodes = selectNodes(s.state);
    const [first, second] = nodes as [SimNode, SimNode];
    const calls: string[] = [];
    const stop = channel.subscribe(first.id, () => calls.push(first.id));
    channel.subscribe(second.id, () => calls.push(second.id));
    channel.publish(nodes);
    expect(calls).toEqual([first.id, second.id]);
    expect(channel.get(first.id)).toBe(first.data);
    calls.length = 0;
    channel.publish(nodes);
    expect(calls).toEqual([]);
    const next = { ...first, data: { ...first.data } } as SimNode;
    channel.publish([next, ...nodes.slice(1)]);
    expect(calls).toEqual([first.id]);
    expect(channel.get(first.id)).toBe(next.data);
    stop();
    channel.publish(nodes);
    expect(calls).toEqual([first.id]);
    // A node that is gone is forgotten.
    channel.publish(nodes.slice(1));
    expect(channel.get(first.id)).toBeUndefined();
  });

  it('publishes the run its data come from with them, and tells when it changes', () => {
    const nodes = selectNodes(start('classroom').state);
    const channel = createNodeDataChannel();
    let told = 0;
    channel.subscribeRun(() => told++);
    channel.publish(nodes, 0);
    expect([channel.run(), told]).toEqual([0, 0]);
    // A reset: the same nodes (an unchanged broker keeps its data object) in a new run.
    channel.publish(nodes, 1);
    expect([channel.run(), told]).toEqual([1, 1]);
    // Without a run the data stay in the current one.
    channel.publish(nodes);
    expect([channel.run(), told]).toEqual([1, 1]);
  });
});
