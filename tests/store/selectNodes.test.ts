import { startShipped } from '../ui/shipped.ts';
import { describe, expect, it } from 'vitest';
import type { SimState } from '../../src/engine/model.ts';
import { createSimulation } from '../../src/engine/simulation.ts';
import { SHIPPED_SCENARIOS } from '../../src/scenario/shipped.ts';
import { expectNoOverlap } from '../ui/overlap.ts';
import {
  MAX_LABELLED_EDGES,
  reuseUnchanged,
  sameData,
  selectEdges,
  selectNodes,
  type BrokerNode,
  type ConsumerNode,
  type ProducerNode,
  type SimNode,
} from '../../src/ui/canvas/selectNodes.ts';
import { createCanvasSelector } from '../../src/ui/canvas/useCanvas.ts';
import { MAX_TILES } from '../../src/ui/canvas/views.ts';
import { describeEvent } from '../../src/ui/describeEvent.ts';

const start = startShipped;

const brokers = (nodes: SimNode[]) => nodes.filter((n): n is BrokerNode => n.type === 'broker');
const producers = (nodes: SimNode[]) =>
  nodes.filter((n): n is ProducerNode => n.type === 'producer');
const consumers = (nodes: SimNode[]) =>
  nodes.filter((n): n is ConsumerNode => n.type === 'consumer');

function leaderTiles(state: SimState) {
  return brokers(selectNodes(state)).flatMap((b) =>
    b.data.view.replicas.filter((r) => r.role === 'leader'),
  );
}

describe('selectNodes', () => {
  it('draws one node per producer, broker and consumer', () => {
    const nodes = selectNodes(start('hello').state);
    expect(nodes.map((n) => n.id)).toEqual([
      'producer:checkout',
      'broker:1',
      'broker:2',
      'broker:3',
      'consumer:billing',
    ]);
  });

  it('puts producers left of brokers and brokers left of consumers', () => {
    const nodes = selectNodes(start('classroom').state);
    const maxX = (ns: SimNode[]) => Math.max(...ns.map((n) => n.position.x));
    const minX = (ns: SimNode[]) => Math.min(...ns.map((n) => n.position.x));
    expect(maxX(producers(nodes))).toBeLessThan(minX(brokers(nodes)));
    expect(maxX(brokers(nodes))).toBeLessThan(minX(consumers(nodes)));
  });

  it('lists every replica a broker hosts, one leader per partition', () => {
    const state = start('hello').state;
    const nodes = brokers(selectNodes(state));
    // orders: 3 partitions, replication factor 3, so every broker hosts all three.
    for (const b of nodes)
      expect(b.data.view.replicas.map((r) => r.key)).toEqual(['orders-0', 'orders-1', 'orders-2']);
    expect(
      leaderTiles(state)
        .map((r) => r.key)
        .sort(),
    ).toEqual(['orders-0', 'orders-1', 'orders-2']);
  });

  it('marks in-sync followers, whose logs follow the leader (replication)', () => {
    const sim = start('hello');
    sim.advanceTo(5_000);
    const followers = brokers(selectNodes(sim.state)).flatMap((b) =>
      b.data.view.replicas.filter((r) => r.role === 'follower'),
    );
    expect(followers).toHaveLength(6);
    for (const f of followers) expect(f.replicating).toBe(true);
    expect(followers.reduce((n, f) => n + f.logEndOffset, 0)).toBeGreaterThan(0);
  });

  it('names the active controller and the voters, and a fenced broker', () => {
    const sim = start('hello');
    const views = () => brokers(selectNodes(sim.state)).map((b) => b.data.view);
    expect(views().map((v) => v.controller)).toEqual(['active', 'voter', 'voter']);
    sim.apply({ type: 'broker.crash', broker: 3 });
    sim.advanceTo(12_000);
    expect(views().map((v) => v.fenced)).toEqual([false, false, true]);
  });

  it("shows the leader's log end offset and high watermark growing", () => {
    const sim = start('hello');
    const total = () => leaderTiles(sim.state).reduce((n, r) => n + r.logEndOffset, 0);
    expect(total()).toBe(0);
    sim.advanceTo(3_000);
    const grown = total();
    expect(grown).toBeGreaterThan(0);
    const hw = leaderTiles(sim.state).reduce((n, r) => n + r.highWatermark, 0);
    expect(hw).toBeGreaterThan(0);
    expect(hw).toBeLessThanOrEqual(grown);
  });

  it('shows producer counts and consumer positions and lag from engine state', () => {
    const sim = start('hello');
    sim.advanceTo(5_000);
    const nodes = selectNodes(sim.state);
    const p = producers(nodes)[0]!.data.view;
    expect(p).toMatchObject({ id: 'checkout', topic: 'orders', ratePerSec: 20 });
    expect(p.sent).toBeGreaterThan(0);
    expect(p.acked).toBeLessThanOrEqual(p.sent);
    const c = consumers(nodes)[0]!.data.view;
    expect(c.partitions.map((x) => x.key)).toEqual(['orders-0', 'orders-1', 'orders-2']);
    for (const x of c.partitions) {
      expect(x.position).not.toBeNull();
      expect(x.lag).toBeGreaterThanOrEqual(0);
    }
  });

  it('marks every replica of a partition offline when its only in-sync replica is down (no unclean election)', () => {
    const created = createSimulation({
      seed: 1,
      brokers: 5,
      topics: [{ name: 'orders', replicaAssignment: [[4, 5]] }],
    });
    if (!created.ok) throw new Error('setup');
    const sim = created.simulation;
    sim.apply({ type: 'broker.crash', broker: 5 });
    sim.advanceTo(12_000); // 5 is fenced: the ISR is [4]
    sim.apply({ type: 'broker.crash', broker: 4 });
    sim.advanceTo(30_000); // 4 is fenced too: no in-sync replica is left to lead
    expect(sim.state.topics[0]!.partitions[0]!.leader).toBeNull();
    const tiles = brokers(selectNodes(sim.state)).flatMap((b) => b.data.view.replicas);
    expect(tiles.map((t) => t.role)).toEqual(['offline', 'offline']);
    const down = brokers(selectNodes(sim.state)).find((b) => b.data.view.id === 4)!;
    expect(down.data.view.alive).toBe(false);
  });

  it('shows a broker restarted within its old session as starting until the controller takes it', () => {
    const sim = start('hello');
    sim.advanceTo(3000);
    sim.apply({ type: 'broker.crash', broker: 3 });
    sim.advanceTo(4000);
    sim.apply({ type: 'broker.restart', broker: 3 });
    const events = sim.advanceTo(5000);
    const refused = events.find((e) => e.type === 'broker.registrationRefused');
    expect(refused).toBeDefined();
    expect(describeEvent(refused!).text).toMatch(/DUPLICATE_BROKER_REGISTRATION/);
    const view = () => brokers(selectNodes(sim.state)).find((b) => b.data.view.id === 3)!.data.view;
    expect(view()).toMatchObject({ alive: true, registering: true });
    sim.advanceTo(20_000);
    expect(view()).toMatchObject({ alive: true, registering: false, fenced: false });
  });

  it('shows a replica that left the ISR as out of sync', () => {
    const sim = start('hello');
    sim.apply({ type: 'broker.crash', broker: 3 });
    sim.advanceTo(12_000);
    const tiles = brokers(selectNodes(sim.state)).find((b) => b.data.view.id === 3)!.data.view
      .replicas;
    expect(tiles.every((t) => t.role === 'outOfSync')).toBe(true);
  });

  it('keeps every node where it was while records flow', () => {
    const sim = start('classroom');
    const positions = () => selectNodes(sim.state).map((n) => [n.id, n.position]);
    const before = positions();
    sim.advanceTo(20_000);
    expect(positions()).toEqual(before);
  });

  it(`shows at most ${MAX_TILES} replicas per broker and counts the rest`, () => {
    const sim = start('large');
    for (const b of brokers(selectNodes(sim.state))) {
      const v = b.data.view;
      expect(v.replicas.length).toBeLessThanOrEqual(MAX_TILES);
      const hosted = sim.state.topics
        .flatMap((t) => t.partitions)
        .filter((p) => p.replicas.includes(v.id)).length;
      expect(v.replicas.length + v.hiddenReplicas).toBe(hosted);
    }
  });

  it('places nodes so that none overlap, in every shipped scenario', () => {
    for (const shipped of SHIPPED_SCENARIOS) {
      const sim = start(shipped.id);
      sim.advanceTo(2_000);
      expectNoOverlap(selectNodes(sim.state), shipped.id);
    }
  });
});

describe('selectEdges', () => {
  it('connects a producer to each partition leader, and each leader to the consumer', () => {
    const state = start('hello').state;
    const edges = selectEdges(state);
    const leaders = state.topics[0]!.partitions.map((p) => p.leader!).sort();
    expect(
      edges
        .filter((e) => e.source === 'producer:checkout')
        .map((e) => e.target)
        .sort(),
    ).toEqual(leaders.map((b) => `broker:${b}`));
    expect(
      edges
        .filter((e) => e.target === 'consumer:billing')
        .map((e) => e.source)
        .sort(),
    ).toEqual(leaders.map((b) => `broker:${b}`));
    expect(edges.every((e) => typeof e.label === 'string')).toBe(true);
  });

  it('draws no edge to an offline partition', () => {
    const sim = createSimulation({
      seed: 1,
      brokers: 4,
      topics: [{ name: 'orders', replicaAssignment: [[4], [1]] }],
      producers: [{ id: 'p', topic: 'orders' }],
    });
    if (!sim.ok) throw new Error('setup');
    sim.simulation.apply({ type: 'broker.crash', broker: 4 });
    sim.simulation.advanceTo(12_000);
    expect(sim.simulation.state.topics[0]!.partitions[0]!.leader).toBeNull();
    const labels = selectEdges(sim.simulation.state).map((e) => String(e.label));
    // Only orders-1 has a leader (broker 1): one line, labelled with it alone.
    expect(labels).toEqual(['orders 1']);
  });

  it(`drops partition labels when there are more than ${MAX_LABELLED_EDGES} edges`, () => {
    const edges = selectEdges(start('large').state);
    expect(edges.length).toBeGreaterThan(MAX_LABELLED_EDGES);
    expect(edges.every((e) => e.label === undefined)).toBe(true);
  });
});

describe('reuseUnchanged', () => {
  it('keeps the previous object for unchanged items, and the previous array when nothing changed', () => {
    const a = [
      { id: 'x', v: 1 },
      { id: 'y', v: 2 },
    ];
    const same = reuseUnchanged(a, [
      { id: 'x', v: 1 },
      { id: 'y', v: 2 },
    ]);
    expect(same).toBe(a);
    const next = reuseUnchanged(a, [
      { id: 'x', v: 1 },
      { id: 'y', v: 3 },
    ]);
    expect(next).not.toBe(a);
    expect(next[0]).toBe(a[0]);
    expect(next[1]).toEqual({ id: 'y', v: 3 });
  });
});

describe('sameData', () => {
  it('agrees with comparing the JSON of nodes from a running simulation', () => {
    const sim = start('classroom');
    let previous = selectNodes(sim.state);
    for (let t = 50; t <= 3000; t += 50) {
      sim.advanceTo(t);
      const next = selectNodes(sim.state);
      for (const [i, n] of next.entries()) {
        const old = previous[i];
        expect(sameData(old, n)).toBe(JSON.stringify(old) === JSON.stringify(n));
      }
      previous = next;
    }
  });

  it('counts undefined properties as absent, and with anyNumbers any two numbers as equal', () => {
    expect(sameData({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameData({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameData([1, [2, 'x']], [1, [2, 'x']])).toBe(true);
    expect(sameData([1, 2], [1, 2, 3])).toBe(false);
    expect(sameData({ a: [1] }, { a: { 0: 1 } })).toBe(false);
    expect(sameData({ n: 1, s: 'x' }, { n: 2, s: 'x' }, true)).toBe(true);
    expect(sameData({ n: 1, s: 'x' }, { n: 1, s: 'y' }, true)).toBe(false);
    expect(sameData({ n: 1 }, { n: '1' }, true)).toBe(false);
  });
});

describe('createCanvasSelector', () => {
  it('recomputes only for a new version, and keeps the nodes when nothing changed', () => {
    const sim = start('hello');
    const select = createCanvasSelector();
    const first = select(sim.state, 1);
    expect(select(sim.state, 1)).toBe(first);
    // A new version with the same content (e.g. a rejected command): same node objects.
    expect(select(sim.state, 2).nodes).toBe(first.nodes);
    sim.advanceTo(2_000);
    const moved = select(sim.state, 3);
    expect(moved.nodes).not.toBe(first.nodes);
    expect(moved.nodes[0]).not.toBe(first.nodes[0]);
  });
});
