/**
 * Property tests over random group histories (fast-check): members join, crash, leave, slow
 * down and commit, brokers die and return, partitions are added and assignors changed. After
 * every step the invariants hold (checkInvariants: no partition consumed by two current members
 * of a group, with eager or cooperative rebalancing; groups consistent), and the same seed and
 * commands give the same state.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../../src/engine/invariants.ts';
import { createSimulation, type Simulation } from '../../../src/engine/simulation.ts';
import { FAST_BROKERS, FAST_MEMBER } from './helpers.ts';

type Op = { advanceMs: number } | { command: Record<string, unknown> };

const groupId = fc.constantFrom('eager', 'coop');
const memberName = fc.constantFrom('m1', 'm2', 'm3', 'm4', 'eager-1', 'coop-1', 'coop-2');
const strategy = fc.constantFrom('range', 'roundrobin', 'sticky', 'cooperative-sticky');

const command: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ type: fc.constant('consumer.add'), group: groupId }),
  fc.record({
    type: fc.constant('consumer.add'),
    group: groupId,
    consumer: memberName,
    config: fc.constantFrom({}, { 'group.instance.id': 'static-a' }, { 'max.poll.records': 20 }),
  }),
  fc.record({ type: fc.constantFrom('consumer.crash', 'consumer.leave'), consumer: memberName }),
  fc.record({
    type: fc.constant('consumer.setProcessingTime'),
    consumer: memberName,
    processingTimeMs: fc.constantFrom(0, 5, 50, 400),
  }),
  fc.record({ type: fc.constant('consumer.commit'), consumer: memberName }),
  fc.record({
    type: fc.constantFrom('broker.crash', 'broker.restart'),
    broker: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({
    type: fc.constant('topic.addPartitions'),
    topic: fc.constant('orders'),
    partitions: fc.integer({ min: 5, max: 8 }),
  }),
  fc.record({
    type: fc.constant('group.setConfig'),
    group: groupId,
    config: strategy.map((s) => ({ 'partition.assignment.strategy': s })),
  }),
);

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 3000 }).map((advanceMs) => ({ advanceMs })) },
  { weight: 2, arbitrary: command.map((c) => ({ command: c })) },
);

function start(seed: number): Simulation {
  const created = createSimulation({
    seed,
    brokers: 3,
    brokerConfig: { ...FAST_BROKERS, 'broker.session.timeout.ms': 3000 },
    topics: [{ name: 'orders', partitions: 4, replicationFactor: 3 }],
    producers: [{ id: 'p', topic: 'orders', ratePerSec: 200, keySpace: 20 }],
    groups: [
      {
        id: 'eager',
        topics: ['orders'],
        members: 2,
        config: { ...FAST_MEMBER, 'max.poll.interval.ms': 2000, 'metadata.max.age.ms': 5000 },
      },
      {
        id: 'coop',
        topics: ['orders'],
        members: 2,
        config: {
          ...FAST_MEMBER,
          'max.poll.interval.ms': 2000,
          'metadata.max.age.ms': 5000,
          'partition.assignment.strategy': 'cooperative-sticky',
        },
      },
    ],
  });
  if (!created.ok) throw new Error(JSON.stringify(created.problems));
  return created.simulation;
}

/** Runs the ops, checking the invariants every 50 ms of simulated time; returns the violations. */
function run(seed: number, ops: Op[]): { sim: Simulation; violations: string[] } {
  const sim = start(seed);
  for (const o of ops) {
    if ('command' in o) sim.apply(o.command);
    else {
      const end = sim.state.nowMs + o.advanceMs;
      while (sim.state.nowMs < end) {
        sim.advanceTo(Math.min(end, sim.state.nowMs + 50));
        const v = checkInvariants(sim.state);
        if (v.length > 0) return { sim, violations: v.map((x) => `${sim.state.nowMs}: ${x}`) };
      }
    }
    const v = checkInvariants(sim.state);
    if (v.length > 0) return { sim, violations: v.map((x) => `${sim.state.nowMs}: ${x}`) };
  }
  return { sim, violations: [] };
}

/**
 * Why the groups have not settled: each group with live members is Stable, every member is a
 * stable member of it, and every partition of `orders` is consumed by one of them.
 */
function unsettled(sim: Simulation): string[] {
  const out: string[] = [];
  const partitions = sim.state.topics.find((t) => t.name === 'orders')!.partitions.length;
  for (const id of ['eager', 'coop']) {
    const live = sim.state.consumers.filter(
      (c) => c.group?.groupId === id && c.fatalError === null,
    );
    if (live.length === 0) continue;
    const g = sim.state.groups.find((x) => x.groupId === id);
    if (!g) {
      out.push(`${id} does not exist yet`);
      continue;
    }
    if (g.state !== 'Stable') out.push(`${id} is ${g.state}`);
    const members = new Set(g.members.map((m) => m.memberId));
    for (const c of live) {
      if (c.group!.memberState !== 'STABLE' || c.group!.rejoinReason !== null)
        out.push(`${c.id} is ${c.group!.memberState}`);
      if (!members.has(c.group!.memberId)) out.push(`${c.id} is not a member of ${id}`);
    }
    const owned = new Set(live.flatMap((c) => c.assignment.map((a) => a.partition)));
    if (owned.size !== partitions)
      out.push(`${id}: ${owned.size} of ${partitions} partitions owned`);
  }
  return out;
}

/** Heals and restarts every broker, lets every member poll freely, and waits for the groups. */
function settle(sim: Simulation): string[] {
  for (const b of sim.state.brokers)
    if (b.isolated) sim.apply({ type: 'broker.heal', broker: b.id });
  for (const b of sim.state.brokers)
    if (!b.alive) sim.apply({ type: 'broker.restart', broker: b.id });
  for (const c of sim.state.consumers)
    sim.apply({ type: 'consumer.setProcessingTime', consumer: c.id, processingTimeMs: 0 });
  const deadline = sim.state.nowMs + 120_000;
  let problems = unsettled(sim);
  while (problems.length > 0 && sim.state.nowMs < deadline) {
    sim.advanceBy(1000);
    problems = unsettled(sim);
  }
  return problems;
}

describe('consumer group properties', () => {
  it('no partition is consumed by two current members of a group, groups stay consistent and settle once the cluster is whole, and the run is deterministic', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.array(op, { minLength: 1, maxLength: 25 }),
        (seed, ops) => {
          const first = run(seed, ops);
          expect(first.violations).toEqual([]);
          const second = run(seed, ops);
          expect(JSON.stringify(second.sim.state)).toBe(JSON.stringify(first.sim.state));
          // Liveness: once the cluster is whole again every group settles.
          expect(settle(first.sim)).toEqual([]);
          expect(checkInvariants(first.sim.state)).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  }, 120_000);
});
