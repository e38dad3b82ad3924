/**
 * Adding a broker (the `broker.add` command): it registers with the controller
 * (ClusterControlManager.registerBroker), is unfenced once its heartbeats say it caught up
 * with the metadata, and takes replicas only of what is created afterwards. Kafka never
 * moves existing partitions to a new broker by itself: that takes a reassignment
 * (kafka-reassign-partitions), which is not simulated.
 */
import { describe, expect, it } from 'vitest';
import { ofType as of } from './groups/helpers.ts';
import { sim } from './helpers.ts';

describe('broker.add', () => {
  it('a new broker registers and is unfenced, keeps no existing replicas, and takes replicas of a topic created afterwards', () => {
    const s = sim({
      brokers: 3,
      topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
    });
    s.advanceBy(2000);
    const before = JSON.stringify(s.state.topics[0]!.partitions.map((p) => p.replicas));
    const added = s.apply({ type: 'broker.add' });
    expect(of(added, 'broker.added')[0]!.broker).toBe(4);
    const events = s.advanceBy(5000);
    expect(of(events, 'broker.registered').map((e) => e.broker)).toContain(4);
    expect(of(events, 'broker.unfenced').map((e) => e.broker)).toContain(4);
    // Existing partitions stay where they were.
    expect(JSON.stringify(s.state.topics[0]!.partitions.map((p) => p.replicas))).toBe(before);
    // A new topic's replicas are placed over all four brokers (AdminUtils.assignReplicasToBrokers).
    s.apply({ type: 'topic.create', name: 'payments', partitions: 4, replicationFactor: 3 });
    const payments = s.state.topics.find((t) => t.name === 'payments')!;
    expect(payments.partitions.some((p) => p.replicas.includes(4))).toBe(true);
    // And a fifth broker asked for by an id already taken is refused, with the reason.
    const refused = s.apply({ type: 'broker.add', broker: 4 });
    expect(of(refused, 'command.rejected')[0]!.reason).toMatch(/broker 4 already exists/);
  });
});
