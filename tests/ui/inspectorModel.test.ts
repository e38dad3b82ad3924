import { describe, expect, it } from 'vitest';
import { describeGroup } from '../../src/engine/groupDescribe.ts';
import { consumerInspector, groupInspector } from '../../src/ui/inspector/inspectorModel.ts';
import { runUntil, settled, startFixture } from './groupFixtures.ts';

describe('group inspector', () => {
  it('shows the describe rows of kafka-consumer-groups and the rebalance figures', () => {
    const sim = startFixture('group-crash');
    runUntil(sim, () => settled(sim));
    sim.advanceBy(6_000); // past an auto commit (auto.commit.interval.ms = 5000)
    const m = groupInspector(sim.state, 'billing')!;
    expect(m.rows).toEqual(describeGroup(sim.state, 'billing'));
    expect(m.rows.map((r) => r.partition)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(m.rows.every((r) => r.currentOffset !== null && r.clientId !== null)).toBe(true);
    expect(m.totalLag).toBe(m.rows.reduce((n, r) => n + (r.lag ?? 0), 0));
    expect(m.state).toBe('Stable');
    expect(m.rebalances).toBeGreaterThanOrEqual(1);
    expect(m.lastRebalanceMs).not.toBeNull();
    expect(m.configuredAssignors).toEqual(['range', 'cooperative-sticky']);
    expect(m.assignor).toBe('range');
  });

  it('counts unowned time while a crashed member’s partitions wait', () => {
    const sim = startFixture('group-crash');
    runUntil(sim, () => settled(sim));
    const before = groupInspector(sim.state, 'billing')!.unownedMs;
    sim.apply({ type: 'consumer.crash', consumer: 'billing-2' });
    sim.advanceBy(1_000);
    // Two partitions, one second each.
    expect(groupInspector(sim.state, 'billing')!.unownedMs - before).toBe(2_000);
  });

  it('describes a group before its coordinator exists, and nothing for an unknown id', () => {
    const sim = startFixture('group-crash');
    expect(groupInspector(sim.state, 'billing')).toMatchObject({ rows: [], coordinator: null });
    expect(groupInspector(sim.state, 'nope')).toBeNull();
  });
});

describe('consumer inspector', () => {
  it('shows a member’s side of the group and its config under Kafka’s names', () => {
    const sim = startFixture('group-crash');
    runUntil(sim, () => settled(sim));
    const m = consumerInspector(sim.state, 'billing-1')!;
    expect(m.group).toMatchObject({ id: 'billing', subscribed: true, memberState: 'STABLE' });
    expect(m.partitions.length).toBe(2);
    expect(m.config).toContainEqual({ key: 'session.timeout.ms', value: '3000' });
  });

  it('counts the fetch requests (ConsumerStats.fetches) beside the records read', () => {
    const sim = startFixture('group-crash');
    runUntil(sim, () => settled(sim));
    sim.advanceBy(5_000);
    const m = consumerInspector(sim.state, 'billing-1')!;
    const c = sim.state.consumers.find((x) => x.id === 'billing-1')!;
    expect(m.fetches).toBe(c.stats.fetches);
    expect(m.fetches).toBeGreaterThan(0);
    expect(m.consumed).toBe(c.stats.recordsConsumed);
  });

  it('shows a crashed member from the coordinator’s record until its session times out', () => {
    const sim = startFixture('group-crash');
    runUntil(sim, () => settled(sim));
    sim.apply({ type: 'consumer.crash', consumer: 'billing-2' });
    const m = consumerInspector(sim.state, 'billing-2')!;
    expect(m.alive).toBe(false);
    expect(m.group?.memberState).toMatch(/gone/);
    sim.advanceBy(5_000);
    expect(consumerInspector(sim.state, 'billing-2')).toBeNull();
  });
});
