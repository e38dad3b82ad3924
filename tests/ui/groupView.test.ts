import { describe, expect, it } from 'vitest';
import type { SimState } from '../../src/engine/model.ts';
import { groupView, shortenMemberIds, type GroupView } from '../../src/ui/canvas/groupView.ts';
import { groupChipLayout } from '../../src/ui/canvas/layout.ts';
import {
  chipsFly,
  selectEdges,
  selectNodes,
  type BrokerNode,
  type GroupNode,
  type MemberNode,
} from '../../src/ui/canvas/selectNodes.ts';
import { entityActions } from '../../src/ui/actions.ts';
import { restartCommand } from '../../src/ui/restartConsumer.ts';
import { runUntil, settled, startFixture } from './groupFixtures.ts';
import { startShipped } from './shipped.ts';
import { expectNoOverlap } from './overlap.ts';

const view = (state: SimState, id = 'billing'): GroupView => groupView(state, id, groupChipLayout);

/** Owned chips by member, e.g. { 'billing-1': ['orders-0', 'orders-1'] }. */
function owned(v: GroupView): Record<string, string[]> {
  return Object.fromEntries(v.members.map((m) => [m.id, m.chips.map((c) => c.key)]));
}

describe('groupView', () => {
  it('draws a group from its spec before any coordinator knows it, members UNJOINED', () => {
    const sim = startFixture('group-crash');
    const v = view(sim.state);
    expect(v.state).toBeNull();
    expect(v.members.map((m) => [m.id, m.memberState])).toEqual([
      ['billing-1', 'UNJOINED'],
      ['billing-2', 'UNJOINED'],
      ['billing-3', 'UNJOINED'],
    ]);
    expect(v.topics).toEqual(['orders']);
    // Nobody has consumed anything: every partition waits for its first owner.
    expect(v.paused.map((p) => [p.key, p.sinceMs])).toEqual(
      [0, 1, 2, 3, 4, 5].map((p) => [`orders-${p}`, null]),
    );
  });

  it('once Stable, gives each partition to exactly one member and names one leader', () => {
    const sim = startFixture('group-crash');
    runUntil(sim, () => settled(sim));
    const v = view(sim.state);
    expect(v.state).toBe('Stable');
    expect(v.assignor).toBe('range');
    expect(v.protocol).toBe('eager');
    expect(v.coordinator).toBe(sim.state.groups[0]!.coordinator);
    const keys = Object.values(owned(v)).flat().sort();
    expect(keys).toEqual([0, 1, 2, 3, 4, 5].map((p) => `orders-${p}`));
    expect(v.paused).toEqual([]);
    expect(v.members.filter((m) => m.leader)).toHaveLength(1);
    expect(v.members.every((m) => m.memberState === 'STABLE' && !m.idle)).toBe(true);
    // One topic: chips say just the partition number.
    expect(v.members[0]!.chips.map((c) => c.label)).toEqual(['0', '1']);
  });

  it('marks the member left without partitions idle when members outnumber partitions', () => {
    const sim = startFixture('group-idle');
    runUntil(sim, () => settled(sim, 'ledger'));
    const v = view(sim.state, 'ledger');
    const idle = v.members.filter((m) => m.idle);
    expect(idle).toHaveLength(1);
    expect(idle[0]!.chips).toEqual([]);
    expect(idle[0]!.note).toMatch(/more members than partitions/);
    // Static membership: group.instance.id is each member's name.
    expect(v.members.map((m) => m.groupInstanceId)).toEqual(['ledger-1', 'ledger-2', 'ledger-3']);
  });

  it('shows a crashed member as gone, counting down its session, its partitions paused', () => {
    const sim = startFixture('group-crash');
    runUntil(sim, () => settled(sim));
    const lost = owned(view(sim.state))['billing-2']!;
    const crashedAt = sim.state.nowMs;
    sim.apply({ type: 'consumer.crash', consumer: 'billing-2' });
    sim.advanceBy(500);
    const v = view(sim.state);
    const gone = v.members.find((m) => m.id === 'billing-2')!;
    expect(gone.status).toBe('gone');
    expect(gone.sessionExpiresInMs).toBeGreaterThan(0);
    expect(gone.sessionExpiresInMs).toBeLessThanOrEqual(3_000 - 500);
    expect(v.paused.map((p) => p.key)).toEqual(lost);
    expect(v.paused.every((p) => p.sinceMs === crashedAt)).toBe(true);
  });

  it('after the session timeout the survivors own every partition', () => {
    const sim = startFixture('group-crash');
    runUntil(sim, () => settled(sim));
    sim.apply({ type: 'consumer.crash', consumer: 'billing-2' });
    runUntil(sim, () => sim.state.groups[0]!.members.length === 2 && settled(sim));
    const v = view(sim.state);
    expect(v.members.map((m) => m.id)).toEqual(['billing-1', 'billing-3']);
    expect(Object.values(owned(v)).flat().sort()).toEqual(
      [0, 1, 2, 3, 4, 5].map((p) => `orders-${p}`),
    );
    expect(v.paused).toEqual([]);
  });

  it('eager: at some instant of a rebalance every partition is paused', () => {
    const sim = startFixture('group-crash');
    runUntil(sim, () => settled(sim));
    sim.apply({ type: 'consumer.add', group: 'billing' });
    let most = 0;
    runUntil(sim, () => {
      most = Math.max(most, view(sim.state).paused.length);
      return sim.state.groups[0]!.members.length === 4 && settled(sim);
    });
    expect(most).toBe(6);
  });

  it('cooperative: only the partitions that move are ever paused', () => {
    const sim = startFixture('group-cooperative');
    runUntil(sim, () => settled(sim));
    const before = owned(view(sim.state));
    sim.apply({ type: 'consumer.add', group: 'billing' });
    const pausedEver = new Set<string>();
    runUntil(sim, () => {
      for (const p of view(sim.state).paused) pausedEver.add(p.key);
      const v = view(sim.state);
      return v.members.length === 3 && settled(sim) && v.members.every((m) => m.chips.length === 2);
    });
    const after = owned(view(sim.state));
    // Exactly the partitions the new member took were paused; the others never stopped.
    expect([...pausedEver].sort()).toEqual([...after['billing-3']!].sort());
    for (const key of pausedEver)
      expect(Object.values(before).some((keys) => keys.includes(key))).toBe(true);
    expect(pausedEver.size).toBe(2);
  });

  it('marks the partitions a member over max.poll.interval.ms still holds after the group moved them', () => {
    const sim = startFixture('group-crash', {
      'max.poll.interval.ms': 2_000,
      'max.poll.records': 50,
    });
    runUntil(sim, () => settled(sim));
    sim.advanceBy(500); // a backlog to process
    sim.apply({ type: 'consumer.setProcessingTime', consumer: 'billing-2', processingTimeMs: 100 });
    const stale = () =>
      view(sim.state).members.flatMap((m) =>
        m.chips.filter((c) => c.staleOwner !== null).map((c) => [m.id, c.key, c.staleOwner]),
      );
    runUntil(sim, () => stale().length > 0, 30_000);
    const v = view(sim.state);
    for (const [member, key, owner] of stale()) {
      expect(member).toBe('billing-2');
      // The group gave it to a member that consumes it; it is not paused.
      expect(owned(v)[owner!]).toContain(key);
      expect(v.paused.map((p) => p.key)).not.toContain(key);
    }
    expect(v.members.find((m) => m.id === 'billing-2')!.memberState).not.toBe('STABLE');
  });

  it('shortens member ids to the consumer name in text', () => {
    expect(
      shortenMemberIds(
        'removing member billing-2-349ac936-821a-0ab2-8e7d-442c85086742: session timeout',
      ),
    ).toBe('removing member billing-2: session timeout');
  });
});

describe('group nodes', () => {
  it('puts members inside their group container, named like consumers', () => {
    const sim = startFixture('group-crash');
    runUntil(sim, () => settled(sim));
    const nodes = selectNodes(sim.state);
    const group = nodes.find((n): n is GroupNode => n.type === 'consumerGroup')!;
    expect(group.id).toBe('group:billing');
    const members = nodes.filter((n): n is MemberNode => n.type === 'member');
    expect(members.map((m) => [m.id, m.parentId])).toEqual([
      ['consumer:billing-1', 'group:billing'],
      ['consumer:billing-2', 'group:billing'],
      ['consumer:billing-3', 'group:billing'],
    ]);
    // React Flow needs a parent before its children.
    const index = (id: string) => nodes.findIndex((n) => n.id === id);
    for (const m of members) expect(index(group.id)).toBeLessThan(index(m.id));
    expect(nodes.some((n) => n.type === 'consumer')).toBe(false);
    expectNoOverlap(nodes, 'group-crash');
  });

  it('lets chips fly in a rebalance on a classroom canvas, and in large only in its first group of 24 (FLYING_PARTITIONS)', () => {
    const flies = (name: string) =>
      Object.fromEntries(
        selectNodes(startShipped(name).state)
          .filter((n): n is GroupNode => n.type === 'consumerGroup')
          .map((n) => [n.data.view.id, n.data.chipMotion]),
      );
    expect(flies('classroom')).toEqual({ billing: true });
    // large: one group of 24 partitions flies; the other 24 and the group reading two topics
    // (48) jump.
    expect(flies('large')).toEqual({
      'orders-app': true,
      'payments-app': false,
      'clicks-app': false,
    });
    // Members follow their group.
    for (const n of selectNodes(startShipped('large').state))
      if (n.type === 'member') expect(n.data.chipMotion).toBe(n.data.view.groupId === 'orders-app');
  });

  it('gives the flying budget to the smallest groups first', () => {
    const g = (partitionCount: number) => ({ partitionCount }) as GroupView;
    expect(chipsFly([g(60), g(6)])).toEqual([false, true]);
    expect(chipsFly([g(12), g(12), g(1)])).toEqual([true, false, true]);
    expect(chipsFly([g(24)])).toEqual([true]);
    expect(chipsFly([g(25)])).toEqual([false]);
  });

  it('keeps member cards the same size while partitions move between them', () => {
    const sim = startFixture('group-crash');
    const sizes = () =>
      selectNodes(sim.state)
        .filter((n): n is MemberNode => n.type === 'member')
        .map((m) => m.data.height);
    const before = sizes();
    runUntil(sim, () => settled(sim));
    expect(sizes()).toEqual(before);
  });

  it('shows __consumer_offsets as one line per broker, and marks the coordinator', () => {
    const sim = startFixture('group-crash');
    runUntil(sim, () => settled(sim));
    const brokers = selectNodes(sim.state)
      .filter((n): n is BrokerNode => n.type === 'broker')
      .map((b) => b.data.view);
    for (const b of brokers) {
      expect(b.replicas.every((r) => r.topic === 'orders')).toBe(true);
      expect(b.internalTopics).toHaveLength(1);
      expect(b.internalTopics[0]!.name).toBe('__consumer_offsets');
    }
    expect(brokers.reduce((n, b) => n + b.internalTopics[0]!.leads, 0)).toBe(5);
    const coordinator = sim.state.groups[0]!.coordinator;
    expect(brokers.filter((b) => b.coordinates.includes('billing')).map((b) => b.id)).toEqual([
      coordinator,
    ]);
    const edge = selectEdges(sim.state).find((e) => e.className === 'edge-coordinator')!;
    expect(edge).toMatchObject({ source: `broker:${coordinator}`, target: 'group:billing' });
  });

  it('reserves the __consumer_offsets line before the topic exists, so brokers do not grow', () => {
    const sim = startFixture('group-crash');
    const heights = () =>
      selectNodes(sim.state)
        .filter((n): n is BrokerNode => n.type === 'broker')
        .map((b) => b.data.view.internalTopics.length);
    expect(heights()).toEqual([1, 1, 1]);
    sim.advanceBy(100);
    expect(heights()).toEqual([1, 1, 1]);
  });
});

describe('restarting a crashed member', () => {
  it('offers a gone member a restart: the same client.id subscribing with its group', () => {
    const sim = startFixture('group-crash');
    runUntil(sim, () => settled(sim));
    sim.apply({ type: 'consumer.crash', consumer: 'billing-2' });
    sim.advanceBy(500);
    const gone = view(sim.state).members.find((m) => m.id === 'billing-2')!;
    expect(gone.restartable).toBe(true);
    expect(restartCommand(sim.state, 'billing-2')).toEqual({
      type: 'consumer.add',
      group: 'billing',
      consumer: 'billing-2',
    });
    // The context menu and the keyboard (r) have it; a running member has none.
    const [restart] = entityActions(sim.state, { kind: 'consumer', id: 'billing-2' });
    expect(restart).toMatchObject({ id: 'restart', key: 'r' });
    expect(restartCommand(sim.state, 'billing-1')).toBeNull();
    for (const command of restart!.commands) sim.apply(command);
    runUntil(sim, () => settled(sim) && sim.state.groups[0]!.members.length === 3);
    expect(owned(view(sim.state))['billing-2']!.length).toBeGreaterThan(0);
  });

  it('a static member restarted within session.timeout.ms gets its partitions back with no rebalance (KIP-345)', () => {
    const sim = startShipped('static-membership-rolling-restart');
    sim.advanceTo(15_000); // settled, before the scenario's own restarts at 20 s
    const before = owned(view(sim.state))['billing-1'];
    const generation = sim.state.groups[0]!.generationId;
    expect(before!.length).toBeGreaterThan(0);
    sim.apply({ type: 'consumer.crash', consumer: 'billing-1' });
    sim.advanceBy(1_000);
    const command = restartCommand(sim.state, 'billing-1');
    expect(command).toMatchObject({ config: { 'group.instance.id': 'billing-1' } });
    sim.apply(command);
    sim.advanceBy(3_000);
    expect(owned(view(sim.state))['billing-1']).toEqual(before);
    expect(sim.state.groups[0]!.generationId).toBe(generation);
  });
});

describe('group view: the initial rebalance delay (group.initial.rebalance.delay.ms)', () => {
  it('says the first rebalance of an Empty group is waiting for more members, then drops it', () => {
    const sim = startShipped('classroom');
    // The group's first JoinGroup reaches the coordinator within the first second; the
    // coordinator then waits 3 s (InitialDelayedJoin) before completing the join.
    runUntil(sim, () => view(sim.state).initialDelay !== null, 5_000);
    const waiting = view(sim.state);
    expect(waiting.state).toBe('PreparingRebalance');
    expect(waiting.initialDelay!.delayMs).toBe(3_000);
    expect(waiting.initialDelay!.leftMs).toBeGreaterThanOrEqual(2_900);
    expect(waiting.initialDelay!.leftMs).toBeLessThanOrEqual(3_000);
    // The time left counts down to the deadline, which a member joining late pushes back
    // (by another delay, up to the rebalance timeout): never "6.0 s of 3.0 s".
    let left = 3_000;
    runUntil(
      sim,
      () => {
        const d = view(sim.state).initialDelay;
        if (d === null) return true;
        expect(d.leftMs).toBeLessThanOrEqual(d.delayMs);
        left = Math.min(left, d.leftMs);
        return false;
      },
      10_000,
    );
    expect(left).toBeLessThanOrEqual(100);
    runUntil(sim, () => view(sim.state).state === 'Stable', 10_000);
    expect(view(sim.state).initialDelay).toBeNull();
  });
});

describe('group view: the member an eager rebalance waits for', () => {
  it('shows that eager-3, busy with its slow batch, has not rejoined, while the others have', () => {
    // eager-vs-cooperative: member 3 turns slow at 18.5 s; a 4th member joins at 20 s.
    const sim = startShipped('eager-vs-cooperative');
    sim.advanceTo(19_900);
    runUntil(sim, () => view(sim.state, 'eager').state === 'PreparingRebalance', 5_000);
    runUntil(
      sim,
      () => {
        const v = view(sim.state, 'eager');
        return v.members.filter((m) => m.notRejoined !== null).length === 1;
      },
      3_000,
    );
    const v = view(sim.state, 'eager');
    const waiting = v.members.filter((m) => m.notRejoined !== null);
    expect(waiting.map((m) => m.id)).toEqual(['eager-3']);
    // It is still processing the records of its last poll: it rejoins from its next poll().
    expect(waiting[0]!.notRejoined!.busyMs).toBeGreaterThan(0);
    expect(sim.state.consumers.find((c) => c.id === 'eager-3')!.busyUntilMs).toBeGreaterThan(
      sim.state.nowMs,
    );
  });

  it('nobody is "not rejoined" while no coordinator has the group loaded', () => {
    const sim = startShipped('eager-vs-cooperative');
    sim.advanceTo(19_900);
    runUntil(sim, () => view(sim.state, 'eager').state === 'PreparingRebalance', 5_000);
    const coordinator = sim.state.groups.find((g) => g.groupId === 'eager')!.coordinator!;
    sim.apply({ type: 'broker.crash', broker: coordinator });
    // Until another broker leads the group's __consumer_offsets partition and loads it, the
    // pending JoinGroups are gone with the coordinator: nobody waits for anybody.
    runUntil(
      sim,
      () => sim.state.groups.find((g) => g.groupId === 'eager')!.coordinator === null,
      15_000,
    );
    expect(view(sim.state, 'eager').members.every((m) => m.notRejoined === null)).toBe(true);
  });
});
