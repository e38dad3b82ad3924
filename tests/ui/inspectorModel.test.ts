import { describe, expect, it } from 'vitest';
import { describeGroup } from '../../src/engine/groupDescribe.ts';
import { consumerInspector, groupInspector } from '../../src/ui/inspector/inspectorModel.ts';
import { runUntil, settled, startFixture } from './groupFixtures.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { findShippedScenario } from '../../src/scenario/shipped.ts';

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

describe('consumer inspector: the settings that apply', () => {
  const consumerIn = (scenario: string, id: string) => {
    const loaded = loadScenario(findShippedScenario(scenario)!.json);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    loaded.simulation.advanceTo(2000);
    return consumerInspector(loaded.simulation.state, id)!;
  };

  it('leaves out group and commit settings for a consumer with assign() and no group.id', () => {
    const m = consumerIn('standalone-consumers', 'mirror');
    expect(m.config.map((c) => c.key)).toEqual([
      'group.id',
      'max.poll.records',
      'auto.offset.reset',
    ]);
    expect(m.configNote).toMatch(/no group\.id/);
  });

  it('keeps the commit settings when assign() comes with a group.id for commits', () => {
    const m = consumerIn('shared-group-id-manual-assignment', 'fast');
    expect(m.config.map((c) => c.key)).toContain('enable.auto.commit');
    expect(m.config.map((c) => c.key)).not.toContain('session.timeout.ms');
    expect(m.configNote).toMatch(/commits only/);
  });

  it('lists every setting for a member of a group', () => {
    const m = consumerIn('classroom', 'billing-1');
    expect(m.config.map((c) => c.key)).toContain('session.timeout.ms');
    expect(m.configNote).toBeNull();
  });
});
