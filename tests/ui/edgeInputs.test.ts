import { describe, expect, it } from 'vitest';
import { createEdgeMemo } from '../../src/ui/canvas/edgeInputs.ts';
import { selectEdges } from '../../src/ui/canvas/selectNodes.ts';
import { startShipped } from './shipped.ts';

describe('createEdgeMemo', () => {
  it('builds the edges again only when what they are drawn from changed, and always as selectEdges would', () => {
    const sim = startShipped('classroom');
    let calls = 0;
    const edgesOf = createEdgeMemo((state) => {
      calls++;
      return selectEdges(state);
    });
    let previous = edgesOf(sim.state);
    let rebuilt = 0;
    const step = (toMs: number) => {
      for (let t = sim.state.nowMs + 100; t <= toMs; t += 100) {
        sim.advanceTo(t);
        const before = calls;
        const edges = edgesOf(sim.state);
        // Exactly the edges a fresh selectEdges gives, whether rebuilt or kept.
        expect(edges).toEqual(selectEdges(sim.state));
        if (calls > before) rebuilt++;
        else expect(edges).toBe(previous);
        previous = edges;
      }
    };
    step(10_000); // the group forms: assignments and the coordinator appear
    const steady = rebuilt;
    step(20_000); // nothing moves: the same edges every time
    expect(rebuilt).toBe(steady);
    sim.apply({ type: 'broker.crash', broker: 1 });
    step(40_000); // leaders move off broker 1: new edges
    expect(rebuilt).toBeGreaterThan(steady);
    // Far fewer builds than frames.
    expect(rebuilt).toBeLessThan(40);
  });
});

describe('createEdgeMemo on the scenarios whose edges move', () => {
  it.each([
    'streams-pipeline',
    'connect-pipeline',
    'coordinator-failover',
    'reassign-partitions',
    'shared-group-id-manual-assignment',
    'group-scale-out-in',
  ])('%s: the kept edges are always the ones selectEdges gives', (name) => {
    const sim = startShipped(name);
    const edgesOf = createEdgeMemo(selectEdges);
    for (let t = 250; t <= 30_000; t += 250) {
      sim.advanceTo(t);
      expect(edgesOf(sim.state)).toEqual(selectEdges(sim.state));
    }
  });
});
