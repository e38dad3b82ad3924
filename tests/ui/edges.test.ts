import { describe, expect, it } from 'vitest';
import { partitionsLabel, selectEdges } from '../../src/ui/canvas/selectNodes.ts';
import { startShipped } from './shipped.ts';

describe('edge labels', () => {
  it('name each topic once, with its partitions in order', () => {
    expect(
      partitionsLabel([
        { topic: 'orders', partition: 4 },
        { topic: 'orders', partition: 0 },
        { topic: 'payments', partition: 2 },
        { topic: 'orders', partition: 1 },
      ]),
    ).toBe('orders 0, 1, 4 · payments 2');
    // Topic names may hold dashes: the label does not parse "orders-eu-0".
    expect(partitionsLabel([{ topic: 'orders-eu', partition: 0 }])).toBe('orders-eu 0');
  });

  it('label a producer’s line to each leader with the partitions that broker leads', () => {
    const sim = startShipped('hello');
    sim.advanceTo(1000);
    const produce = selectEdges(sim.state).filter((e) => e.id.startsWith('produce:'));
    expect(produce.length).toBeGreaterThan(0);
    for (const e of produce) {
      const broker = Number(e.target.replace(/\D/g, ''));
      const led = sim.state.topics
        .find((t) => t.name === 'orders')!
        .partitions.filter((p) => p.leader === broker)
        .map((p) => p.partition);
      expect(e.label).toBe(`orders ${led.join(', ')}`);
    }
  });
});
