import { describe, expect, it } from 'vitest';
import type { EventBody, SimEvent } from '../../src/engine/events.ts';
import { describeEvent } from '../../src/ui/describeEvent.ts';
import { runUntil, startFixture } from './groupFixtures.ts';

const at = (body: EventBody): SimEvent => ({ atMs: 0, ...body });

describe('narration of group events', () => {
  it('says who left, why, and which broker coordinates', () => {
    const line = describeEvent(
      at({
        type: 'group.memberRemoved',
        group: 'billing',
        memberId: 'billing-2-349ac936-821a-0ab2-8e7d-442c85086742',
        consumer: 'billing-2',
        reason: 'session timeout: no heartbeat for session.timeout.ms (10000 ms)',
      }),
      { coordinator: 1 },
    );
    expect(line.text).toBe(
      'billing-2 left the group billing (coordinator: broker 1): session timeout: no heartbeat for session.timeout.ms (10,000 ms)',
    );
    expect(line.tone).toBe('bad');
  });

  it('says a returning static leader runs no assignor (KIP-814 skipAssignment)', () => {
    const joined = (skip: boolean) =>
      describeEvent(
        at({
          type: 'consumer.joined',
          consumer: 'billing-3',
          group: 'billing',
          memberId: 'billing-3-349ac936',
          generationId: 1,
          leader: true,
          protocol: 'range',
          ...(skip ? { skipAssignment: true as const } : {}),
        }),
      ).text;
    expect(joined(false)).toMatch(/as its leader: it runs the assignor$/);
    expect(joined(true)).toMatch(
      /the assignment stays as it was and no assignor runs \(KIP-814\)$/,
    );
  });

  it('names the coordinator that starts a rebalance, with member ids shortened', () => {
    const line = describeEvent(
      at({
        type: 'group.stateChanged',
        group: 'billing',
        from: 'Stable',
        to: 'PreparingRebalance',
        generationId: 2,
        reason:
          'removing member billing-2-349ac936-821a-0ab2-8e7d-442c85086742: session timeout: no heartbeat for session.timeout.ms (10000 ms)',
      }),
      { coordinator: 1 },
    );
    expect(line.text).toBe(
      'Group billing: Stable → PreparingRebalance. The coordinator (broker 1) starts a rebalance (generation 2 ends): removing member billing-2: session timeout: no heartbeat for session.timeout.ms (10,000 ms)',
    );
    expect(line.tone).toBe('warn');
  });

  it('lists a generation’s assignment member by member, members without partitions included', () => {
    const line = describeEvent(
      at({
        type: 'group.assigned',
        group: 'billing',
        generationId: 3,
        protocol: 'range',
        assignment: [
          { consumer: 'billing-1', partitions: ['orders-0', 'orders-1'] },
          { consumer: 'billing-2', partitions: [] },
        ],
      }),
    );
    expect(line.text).toBe(
      'Generation 3 of billing (range): billing-1 ← orders-0, orders-1; billing-2 ← nothing',
    );
  });

  it('tells new partitions from kept ones (cooperative keeps what it owns)', () => {
    const kept = describeEvent(
      at({
        type: 'consumer.partitionsAssigned',
        consumer: 'billing-1',
        group: 'billing',
        generationId: 2,
        partitions: [],
        assignment: ['orders-0', 'orders-2'],
      }),
    );
    expect(kept.text).toBe('billing-1 keeps orders-0, orders-2 (generation 2 of billing)');
    const gained = describeEvent(
      at({
        type: 'consumer.partitionsAssigned',
        consumer: 'billing-2',
        group: 'billing',
        generationId: 4,
        partitions: ['orders-0'],
        assignment: ['orders-1', 'orders-0'],
      }),
    );
    expect(gained.text).toBe('billing-2 ← orders-0, keeps orders-1 (generation 4 of billing)');
  });

  it('explains a crash of a member: no LeaveGroup, the session timeout will tell', () => {
    const line = describeEvent(
      at({ type: 'consumer.removed', consumer: 'billing-2', graceful: false }),
      { group: 'billing', coordinator: 2 },
    );
    expect(line.text).toBe(
      'billing-2 crashed: no LeaveGroup, so the coordinator (broker 2) of billing notices only when session.timeout.ms passes without a heartbeat',
    );
    expect(
      describeEvent(at({ type: 'consumer.removed', consumer: 'c', graceful: false })).text,
    ).toBe('Consumer c crashed');
  });

  it('a static member closing sends no LeaveGroup: the coordinator keeps its partitions (KIP-345)', () => {
    const line = describeEvent(
      at({ type: 'consumer.removed', consumer: 'billing-1', graceful: true }),
      { group: 'billing', coordinator: 2, groupInstanceId: 'billing-1' },
    );
    expect(line.text).toBe(
      'billing-1 is closing: it commits its offsets and sends no LeaveGroup (static member, group.instance.id=billing-1). The coordinator (broker 2) of billing keeps its partitions until session.timeout.ms passes; if it comes back in time with the same group.instance.id, it gets them back with no rebalance',
    );
    expect(line.text).not.toMatch(/sends LeaveGroup/);
    // A dynamic member does send LeaveGroup.
    expect(
      describeEvent(at({ type: 'consumer.removed', consumer: 'billing-2', graceful: true }), {
        group: 'billing',
        groupInstanceId: null,
      }).text,
    ).toBe('billing-2 is closing: it commits its offsets and sends LeaveGroup to billing');
  });

  it('keeps Kafka’s names: max.poll.interval.ms, error codes, at-least-once redelivery', () => {
    expect(
      describeEvent(
        at({
          type: 'consumer.pollTimeout',
          consumer: 'billing-2',
          group: 'billing',
          maxPollIntervalMs: 10000,
        }),
      ).text,
    ).toBe(
      'billing-2 did not call poll() within max.poll.interval.ms (10,000 ms): it leaves billing',
    );
    expect(
      describeEvent(
        at({
          type: 'consumer.commitFailed',
          consumer: 'billing-1',
          group: 'billing',
          error: 'REBALANCE_IN_PROGRESS',
          purpose: 'auto',
        }),
      ).text,
    ).toBe('billing-1: auto commit to billing failed: REBALANCE_IN_PROGRESS');
    expect(
      describeEvent(
        at({
          type: 'group.redelivered',
          group: 'billing',
          consumer: 'billing-1',
          topic: 'orders',
          partition: 2,
          fromOffset: 97,
          toOffset: 135,
          records: 38,
          atMs: 0,
        }),
      ).text,
    ).toBe(
      '38 records of orders-2 (offsets 97–134) delivered again to billing-1: processed before, never committed (at-least-once)',
    );
  });

  it('narrates every event of a crash, a rebalance and a new member (none shown raw)', () => {
    const sim = startFixture('group-crash');
    const events: SimEvent[] = [];
    const collect = (es: SimEvent[]) => events.push(...es);
    runUntil(sim, () => {
      collect(sim.advanceBy(1));
      return sim.state.nowMs >= 3_000;
    });
    collect(sim.apply({ type: 'consumer.crash', consumer: 'billing-2' }));
    collect(sim.advanceBy(8_000));
    collect(sim.apply({ type: 'consumer.add', group: 'billing' }));
    collect(sim.apply({ type: 'consumer.leave', consumer: 'billing-1' }));
    collect(
      sim.apply({
        type: 'group.setConfig',
        group: 'billing',
        config: { 'partition.assignment.strategy': 'cooperative-sticky' },
      }),
    );
    collect(sim.advanceBy(10_000));
    const types = new Set(events.map((e) => e.type));
    for (const t of [
      'group.memberRemoved',
      'group.stateChanged',
      'group.assigned',
      'consumer.partitionsRevoked',
      'consumer.joined',
    ])
      expect(types.has(t as SimEvent['type']), t).toBe(true);
    for (const e of events) {
      const line = describeEvent(e, { coordinator: 2, group: 'billing' });
      expect(line.text, e.type).not.toBe(e.type);
      // Member ids are shortened wherever they appear.
      expect(line.text, e.type).not.toMatch(/-[0-9a-f]{8}-[0-9a-f]{4}-/);
    }
  });
});
