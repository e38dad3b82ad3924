/**
 * The replication scenarios that ship (issue 3): each shows what it says it shows.
 */
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/engine/events.ts';
import { MAX_LOST_RECORDS } from '../../src/engine/durability.ts';
import { checkInvariants } from '../../src/engine/invariants.ts';
import type { Simulation } from '../../src/engine/simulation.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { findShippedScenario } from '../../src/scenario/shipped.ts';

function run(id: string, untilMs: number): { s: Simulation; events: SimEvent[] } {
  const loaded = loadScenario(findShippedScenario(id)?.json);
  if (!loaded.ok) throw new Error(`${id}: ${JSON.stringify(loaded.problems)}`);
  const s = loaded.simulation;
  const events = s.advanceTo(untilMs);
  expect(checkInvariants(s.state)).toEqual([]);
  return { s, events };
}

function producer(s: Simulation, id: string) {
  return s.state.producers.find((p) => p.id === id)!.stats;
}

function retryErrors(events: SimEvent[]): Set<string> {
  return new Set(events.flatMap((e) => (e.type === 'producer.retry' ? [e.error] : [])));
}

describe('replication scenarios', { timeout: 60_000 }, () => {
  it('durability-boundary: commits with one broker down, NOT_ENOUGH_REPLICAS with two, resumes after a return, loses nothing', () => {
    const { s, events } = run('durability-boundary', 120_000);
    const before = events.filter((e) => e.atMs < 30_000);
    expect(retryErrors(before).size).toBe(0);
    expect(retryErrors(events).has('NOT_ENOUGH_REPLICAS')).toBe(true);
    const acked = producer(s, 'checkout').acked;
    expect(acked).toBeGreaterThan(5900);
    expect(s.state.durability.lostCount).toBe(0);
  });

  it('reassign-partitions: the new broker holds nothing until orders-0 moves to it; broker 1 then deletes its copy, and nothing is lost', () => {
    const { s, events } = run('reassign-partitions', 45_000);
    const before = events.filter((e) => e.atMs < 30_000);
    const p0 = s.state.topics[0]!.partitions[0]!;
    // Broker 4 joined at 10 s and held no replica until the reassignment at 30 s.
    expect(before.some((e) => e.type === 'broker.unfenced' && e.broker === 4)).toBe(true);
    expect(before.some((e) => e.type.startsWith('partition.reassignment'))).toBe(false);
    const done = events.find((e) => e.type === 'partition.reassignmentCompleted');
    expect(done).toMatchObject({ replicas: [4, 2, 3], removed: [1], leader: 4 });
    // The copy takes a few seconds here (replica.fetch.max.bytes is 4 KB).
    expect(done!.atMs).toBeGreaterThan(31_000);
    expect(events.some((e) => e.type === 'replica.deleted' && e.broker === 1)).toBe(true);
    expect(p0.replicas).toEqual([4, 2, 3]);
    expect(p0.replicaLogs.map((r) => r.brokerId)).toEqual([4, 2, 3]);
    expect(s.state.durability.lostCount).toBe(0);
    expect(producer(s, 'checkout').failed).toBe(0);
  });

  it('acks1-data-loss: the records only the dead leader had are lost, with their keys', () => {
    const { s } = run('acks1-data-loss', 60_000);
    expect(s.state.durability.lostCount).toBeGreaterThan(0);
    expect(s.state.durability.lost[0]!.key).toMatch(/alice|bob|carol/);
    expect(s.state.durability.lost[0]!.reason).toMatch(/clean election of broker 4/);
  });

  it('unclean-election-off: the partition is offline while its only in-sync replica is down, and nothing is lost', () => {
    const { s, events } = run('unclean-election-off', 120_000);
    const offline = events.find((e) => e.type === 'partition.offline');
    expect(offline).toBeDefined();
    expect(offline!.atMs).toBeGreaterThan(70_000);
    expect(
      events.some((e) => e.type === 'partition.leaderChanged' && e.election === 'unclean'),
    ).toBe(false);
    expect(s.state.durability.lostCount).toBe(0);
  });

  it('unclean-election-on: an out-of-sync replica is elected and acknowledged records are lost', () => {
    const { s, events } = run('unclean-election-on', 120_000);
    expect(
      events.some((e) => e.type === 'partition.leaderChanged' && e.election === 'unclean'),
    ).toBe(true);
    const d = s.state.durability;
    // More records lost than the report lists one by one: each is still counted against its
    // producer (checkout) and its partition.
    expect(d.lostCount).toBeGreaterThan(MAX_LOST_RECORDS);
    expect(d.lost).toHaveLength(MAX_LOST_RECORDS);
    expect(d.lostByProducer).toEqual({ checkout: d.lostCount });
    expect(Object.values(d.lostByPartition ?? {}).reduce((a, b) => a + b, 0)).toBe(d.lostCount);
  });

  it('network-partition: the isolated leader is fenced, another is elected, and its stale writes are truncated after healing', () => {
    const { s, events } = run('network-partition', 60_000);
    expect(events.find((e) => e.type === 'broker.fenced')).toMatchObject({ broker: 3 });
    expect(events.find((e) => e.type === 'partition.leaderChanged')).toMatchObject({ leader: 4 });
    expect(events.some((e) => e.type === 'replica.truncated' && e.broker === 3)).toBe(true);
    expect(s.state.durability.lostCount).toBeGreaterThan(0);
  });

  it('broker-restart: the broker catches up, rejoins the ISR, and preferred leader election gives it leadership back', () => {
    const { s, events } = run('broker-restart', 90_000);
    expect(events.some((e) => e.type === 'partition.isrChanged' && e.added.includes(3))).toBe(true);
    expect(
      events.some(
        (e) => e.type === 'partition.leaderChanged' && e.election === 'preferred' && e.leader === 3,
      ),
    ).toBe(true);
    expect(s.state.topics[0]!.partitions.map((p) => p.leader)).toEqual([3, 4, 5]);
    expect(s.state.durability.lostCount).toBe(0);
  });

  it('idempotence: retries without idempotence duplicate and reorder records; with it, none', () => {
    const { s } = run('idempotence', 30_000);
    const plain = producer(s, 'plain');
    const idem = producer(s, 'idempotent');
    expect(plain.retries).toBeGreaterThan(0);
    expect(idem.retries).toBeGreaterThan(0);
    expect(plain.duplicateRecords).toBeGreaterThan(0);
    expect(plain.reorderedBatches).toBeGreaterThan(0);
    expect(idem.duplicateRecords).toBe(0);
    expect(idem.reorderedBatches).toBe(0);
  });
  it('graceful-shutdown: a crash stalls acks=all writes until the session expires; a controlled shutdown moves leaders at once and loses nothing', () => {
    const loaded = loadScenario(findShippedScenario('graceful-shutdown')?.json);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
    const s = loaded.simulation;
    // The longest wait between two acknowledgements in a window, and the window's events.
    const watch = (from: number, to: number) => {
      const events: SimEvent[] = s.advanceTo(from);
      let last = from;
      let acked = producer(s, 'checkout').acked;
      let gap = 0;
      for (let t = from + 10; t <= to; t += 10) {
        events.push(...s.advanceTo(t));
        const now = producer(s, 'checkout').acked;
        if (now > acked) {
          gap = Math.max(gap, t - last);
          [last, acked] = [t, now];
        }
      }
      return { gap, events };
    };
    // 10 s, a crash: nothing is acknowledged until the controller fences broker 3 (~17 s).
    expect(watch(9_000, 25_000).gap).toBeGreaterThan(6_000);
    // 50 s, a controlled shutdown: the leaderships move at once.
    const { gap, events } = watch(45_000, 62_000);
    expect(gap).toBeLessThan(500);
    const stopped = events.find((e) => e.type === 'broker.stopped');
    expect(stopped).toMatchObject({ broker: 4, graceful: true });
    expect(events.some((e) => e.type === 'broker.controlledShutdown' && e.broker === 4)).toBe(true);
    s.advanceTo(90_000);
    expect(checkInvariants(s.state)).toEqual([]);
    expect(s.state.durability.lostCount).toBe(0);
    expect(producer(s, 'checkout').failed).toBe(0);
  });

  it('controller-quorum: another voter takes over from a dead controller; without a majority of voters nothing is fenced or elected until one returns', () => {
    const { s, events } = run('controller-quorum', 90_000);
    const at = (from: number, to: number) => events.filter((e) => e.atMs >= from && e.atMs < to);
    // 10 s: the active controller dies and another voter is elected (KRaft, epoch 2).
    const first = at(10_000, 25_000).find((e) => e.type === 'controller.elected');
    expect(first).toMatchObject({ epoch: 2 });
    expect([2, 3]).toContain(first?.type === 'controller.elected' && first.broker);
    expect(at(10_000, 25_000).some((e) => e.type === 'broker.fenced' && e.broker === 1)).toBe(true);
    // 25 s: the new controller dies; 1 of 3 voters left.
    expect(at(25_000, 35_000).some((e) => e.type === 'controller.noQuorum')).toBe(true);
    // 35 s: broker 4 dies; without a quorum it is neither fenced nor replaced.
    const quiet = at(35_000, 55_000);
    expect(quiet.some((e) => e.type === 'broker.fenced' || e.type === 'controller.elected')).toBe(
      false,
    );
    expect(quiet.some((e) => e.type === 'partition.leaderChanged')).toBe(false);
    // 55 s: broker 1 returns, the quorum elects a controller, broker 4 is fenced, 5 leads orders-1.
    const back = at(55_000, 90_000);
    expect(back.some((e) => e.type === 'controller.elected')).toBe(true);
    expect(back.some((e) => e.type === 'broker.fenced' && e.broker === 4)).toBe(true);
    expect(s.state.topics.find((t) => t.name === 'orders')!.partitions[1]!.leader).toBe(5);
    // The records that waited are written late, not lost.
    const checkout = producer(s, 'checkout');
    expect(checkout.failed).toBe(0);
    expect(checkout.latency.maxMs).toBeGreaterThan(20_000);
    expect(s.state.durability.lostCount).toBe(0);
  });

  // KIP-966 (PartitionChangeBuilder.maybePopulateTargetElr and isValidNewLeader).
  it('eligible-leader-replicas: a replica that left the ISR below min.insync.replicas leads cleanly when the ISR is empty; nothing is lost', () => {
    const { s, events } = run('eligible-leader-replicas', 60_000);
    const orders = () => s.state.topics.find((t) => t.name === 'orders')!.partitions[0]!;
    const at = (from: number, to: number) => events.filter((e) => e.atMs >= from && e.atMs < to);
    const elr = (from: number, to: number) =>
      at(from, to).flatMap((e) =>
        e.type === 'partition.elrChanged' && e.topic === 'orders' ? [e.elr] : [],
      );
    expect(elr(10_000, 20_000)).toEqual([]);
    expect(elr(20_000, 30_000)).toEqual([[4]]);
    expect(at(30_000, 40_000).some((e) => e.type === 'partition.offline')).toBe(true);
    expect(elr(30_000, 40_000)).toEqual([[3, 4]]);
    const elected = at(40_000, 50_000).find((e) => e.type === 'partition.leaderChanged');
    expect(elected).toMatchObject({ leader: 4, election: 'clean', isr: [4] });
    expect(orders()).toMatchObject({ leader: 4, isr: [4, 5], elr: [] });
    expect(s.state.durability.lostCount).toBe(0);
    expect(producer(s, 'checkout').failed).toBe(0);
  });
});
