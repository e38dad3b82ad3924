/**
 * Property tests of replication (issue 3, Tests): random sequences of broker crashes,
 * restarts, isolations, heals and slowdowns, with acks=all produce load, on clusters of 3 to 5
 * brokers. After every step the invariants hold (invariants.ts), the leader-epoch tracker sees
 * nothing wrong (invariantTracker.ts), and, with replication factor 3, min.insync.replicas=2
 * and unclean leader election off, no acknowledged record is ever lost. The same seed and
 * commands always give the same state.
 *
 * A second, smaller property runs with unclean leader election on or acks=1, where losing
 * acknowledged records is allowed: only the structural invariants and determinism are checked.
 *
 * A step is one command, or up to CHECK_EVERY_MS of simulated time. Every scenario ends with
 * all faults repaired and time to settle, after which every replica must be back in the ISR
 * (liveness: a property that only checks safety passes on a cluster that stops doing anything).
 *
 * On failure fast-check prints the seed, the path and the shrunk scenario; replay it with
 * `fc.assert(..., { seed, path })`, or call `runScenario` on the scenario in a test. Each
 * property has a time budget so that a failure does not shrink for minutes: a passing run
 * takes a fraction of it (about 10 s for the first, 3 s for the second on 2 cores); if the
 * budget runs out while shrinking, the smallest counterexample found so far is reported.
 * Engine bugs found this way are pinned in replicationBugs.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/engine/invariants.ts';
import { createLeaderEpochTracker } from '../../src/engine/invariantTracker.ts';
import type { SimState } from '../../src/engine/model.ts';
import { inFlightMessages } from '../../src/engine/network.ts';
import { BROKER_FAULTS } from './helpers.ts';
import { simulationOf, type Op, type Scenario } from './replicationScenario.ts';

interface RunOptions {
  /** Check the invariants and the tracker after every step. */
  check: boolean;
  /** Also fail when an acknowledged record is lost. */
  noLoss: boolean;
}

/** Invariants are checked at least this often while time advances. */
const CHECK_EVERY_MS = 250;

/**
 * Runs a scenario; returns the final snapshot as JSON. Throws on the first step after which
 * a check fails, naming the step and the simulated time.
 */
function runScenario(sc: Scenario, opts: RunOptions): string {
  const s = simulationOf(sc);
  const tracker = createLeaderEpochTracker();
  const verify = (step: number, op: Op) => {
    if (!opts.check) return;
    const problems = [...checkInvariants(s.state), ...tracker.observe(s.state)];
    if (opts.noLoss && s.state.durability.lostCount > 0)
      problems.push(
        `${s.state.durability.lostCount} acknowledged records lost: ${JSON.stringify(s.state.durability.lost.slice(0, 3))}`,
      );
    if (problems.length > 0)
      throw new Error(
        `after step ${step} (${JSON.stringify(op)}), at ${s.state.nowMs} ms:\n  ${problems.join('\n  ')}`,
      );
  };
  verify(-1, { advanceMs: 0 });
  sc.ops.forEach((op, step) => {
    if ('killStuckStops' in op) {
      for (const b of s.state.brokers)
        if (b.controlledShutdown) s.apply({ type: 'broker.crash', broker: b.id });
      verify(step, op);
      return;
    }
    if ('command' in op) {
      s.apply(op.command);
      verify(step, op);
      return;
    }
    // Long advances are checked along the way, so a violation that heals itself is seen.
    for (let left = op.advanceMs; left > 0; left -= CHECK_EVERY_MS) {
      s.advanceBy(Math.min(left, CHECK_EVERY_MS));
      verify(step, op);
    }
  });
  if (opts.check) {
    const stuck = convergenceProblems(s.state);
    if (stuck.length > 0)
      throw new Error(
        `${SETTLE_MS} ms after every broker was healed and restarted, at ${s.state.nowMs} ms:\n  ${stuck.join('\n  ')}`,
      );
  }
  return JSON.stringify(s.snapshot());
}

/**
 * Liveness once the faults are repaired (issue 3: a restarted broker "catches up, rejoins the
 * ISR"): there is an active controller, every broker is registered, unfenced and up to date
 * with the metadata log, and every partition has a leader and all its replicas in the ISR.
 * Kafka promises it eventually; the settle time is generous for these timeouts.
 */
function convergenceProblems(state: SimState): string[] {
  const problems: string[] = [];
  const c = state.controller;
  if (c.active === null) problems.push(`no active controller (${c.outage ?? 'no reason'})`);
  for (const reg of c.registrations)
    if (reg.fenced) problems.push(`broker ${reg.broker} is still fenced`);
  // A commit in the last milliseconds (a preferred leader election) may still be on its way.
  const onItsWay = new Set<number>();
  for (const m of inFlightMessages(state))
    if (
      m.to.kind === 'broker' &&
      (m.kind === 'metadataUpdate' || m.kind === 'brokerHeartbeatResponse')
    )
      onItsWay.add(m.to.id);
  for (const b of state.brokers)
    if (b.metadataOffset !== c.metadataOffset && !onItsWay.has(b.id))
      problems.push(
        `broker ${b.id} has applied metadata up to ${b.metadataOffset}, the controller is at ${c.metadataOffset}`,
      );
  for (const t of state.topics) {
    for (const p of t.partitions) {
      // A reassignment's removed replicas are deleted once their brokers learn it.
      const stale = p.replicaLogs.filter((r) => !p.replicas.includes(r.brokerId));
      if (stale.length > 0)
        problems.push(
          `${p.topic}-${p.partition}: brokers ${stale.map((r) => r.brokerId).join(', ')} still hold logs of replicas a reassignment removed`,
        );
      const missing = p.replicas.filter((b) => !p.isr.includes(b));
      if (p.leader === null || missing.length > 0)
        problems.push(
          `${p.topic}-${p.partition}: leader ${p.leader ?? 'none'}, ISR [${p.isr.join(', ')}], replicas [${p.replicas.join(', ')}]; logs ${JSON.stringify(
            p.replicaLogs.map((r) => ({
              broker: r.brokerId,
              leo: r.log.logEndOffset,
              hw: r.highWatermark,
              epochs: r.epochs,
            })),
          )}`,
        );
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------
// Generators

const keys = ['alice', 'bob', 'carol', 'dave', 'erin'];

function opArbitrary(brokers: number, producerIds: string[]): fc.Arbitrary<Op> {
  const broker = fc.integer({ min: 1, max: brokers });
  const fault = fc.record({
    type: fc.constantFrom(...BROKER_FAULTS),
    broker,
  });
  const slow = fc.record({
    type: fc.constant('broker.slow'),
    broker,
    extraLatencyMs: fc.oneof(
      { weight: 3, arbitrary: fc.integer({ min: 0, max: 300 }) },
      // Slower than the heartbeat interval or the session timeout: fenced while alive.
      { weight: 1, arbitrary: fc.constantFrom(0, 1500, 2500) },
    ),
  });
  const send = fc.record({
    type: fc.constant('producer.send'),
    producer: fc.constantFrom(...producerIds),
    key: fc.constantFrom(...keys),
    count: fc.integer({ min: 1, max: 20 }),
  });
  // KIP-455: moving replicas (kept at three, so acks=all still loses nothing), and cancelling.
  const brokerIds = Array.from({ length: brokers }, (_, i) => i + 1);
  const reassign = fc.record({
    type: fc.constant('partition.reassign'),
    topic: fc.constant('orders'),
    partition: fc.integer({ min: 0, max: 2 }),
    replicas: fc.shuffledSubarray(brokerIds, { minLength: 3, maxLength: 3 }),
  });
  const cancel = fc.record({
    type: fc.constant('partition.cancelReassignment'),
    topic: fc.constant('orders'),
    partition: fc.integer({ min: 0, max: 2 }),
  });
  // A tombstone (null value): on a compacted topic the cleaner keeps it, then drops it.
  const tombstone = fc.record({
    type: fc.constant('producer.send'),
    producer: fc.constantFrom(...producerIds),
    key: fc.constantFrom(...keys),
    value: fc.constant(null),
  });
  return fc.oneof(
    { weight: 1, arbitrary: tombstone.map((command): Op => ({ command })) },
    { weight: 1, arbitrary: reassign.map((command): Op => ({ command })) },
    { weight: 1, arbitrary: cancel.map((command): Op => ({ command })) },
    {
      weight: 5,
      arbitrary: fc
        .oneof(fc.integer({ min: 1, max: 600 }), fc.integer({ min: 600, max: 6000 }))
        .map((advanceMs): Op => ({ advanceMs })),
    },
    { weight: 4, arbitrary: fault.map((command): Op => ({ command })) },
    { weight: 1, arbitrary: slow.map((command): Op => ({ command })) },
    { weight: 3, arbitrary: send.map((command): Op => ({ command })) },
  );
}

/**
 * Everything healed and restarted, then time to settle (the checks keep running): longer than
 * a message on the slowest link (2 × 2500 ms), a controller election and a catch-up.
 */
const SETTLE_MS = 12_000;

function settleOps(brokers: number): Op[] {
  const ops: Op[] = [];
  for (let b = 1; b <= brokers; b++) {
    ops.push({ command: { type: 'broker.heal', broker: b } });
    ops.push({ command: { type: 'broker.restart', broker: b } });
    ops.push({ command: { type: 'broker.slow', broker: b, extraLatencyMs: 0 } });
  }
  // A broker still in a controlled shutdown is not restarted: it is stopped, then started.
  ops.push({ killStuckStops: true });
  for (let b = 1; b <= brokers; b++) ops.push({ command: { type: 'broker.restart', broker: b } });
  ops.push({ advanceMs: SETTLE_MS });
  return ops;
}

/**
 * Short timeouts, so fencing, ISR changes and preferred elections happen within seconds; with
 * eligible leader replicas (KIP-966) on or off: an ELR election must not lose acknowledged
 * records either.
 */
const timeoutsArb = fc.constantFrom<Record<string, unknown>[]>(
  {
    'broker.session.timeout.ms': 3000,
    'broker.heartbeat.interval.ms': 1000,
    'replica.lag.time.max.ms': 2000,
    'leader.imbalance.check.interval.seconds': 5,
  },
  {
    'broker.session.timeout.ms': 4000,
    'broker.heartbeat.interval.ms': 500,
    'replica.lag.time.max.ms': 6000,
    'replica.fetch.wait.max.ms': 100,
    'leader.imbalance.check.interval.seconds': 10,
    'log.retention.check.interval.ms': 1000,
  },
  {
    'broker.session.timeout.ms': 2000,
    'broker.heartbeat.interval.ms': 500,
    'replica.lag.time.max.ms': 1000,
    'controller.quorum.fetch.timeout.ms': 500,
    'controller.quorum.election.timeout.ms': 300,
    'auto.leader.rebalance.enable': false,
  },
);
/** Tiered storage is on for the brokers; topics that set remote.storage.enable use it. */
const TIERED_BROKERS = {
  'remote.log.storage.system.enable': true,
  'remote.log.manager.task.interval.ms': 1000,
};
/** Log compaction within seconds: small segments, a low dirty ratio, short tombstone life. */
const COMPACTED_TOPIC = {
  'cleanup.policy': 'compact',
  'segment.bytes': 3000,
  'min.cleanable.dirty.ratio': 0.1,
  'delete.retention.ms': 3000,
};
const TIERED_TOPIC = {
  'segment.bytes': 3000,
  'remote.storage.enable': true,
  'local.retention.bytes': 3000,
  'retention.bytes': 30000,
};
const brokerConfigArb = fc.tuple(timeoutsArb, fc.boolean()).map(([timeouts, elr]) => ({
  ...timeouts,
  ...TIERED_BROKERS,
  'eligible.leader.replicas.version': elr ? 1 : 0,
  'log.cleaner.backoff.ms': 1000,
}));

function scenarioArbitrary(variant: {
  topicConfig: fc.Arbitrary<Record<string, unknown>>;
  producerConfig: fc.Arbitrary<Record<string, unknown>>;
  maxOps: number;
}): fc.Arbitrary<Scenario> {
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      brokers: fc.integer({ min: 3, max: 5 }),
      partitions: fc.integer({ min: 1, max: 3 }),
      brokerConfig: brokerConfigArb,
      topicConfig: variant.topicConfig,
      pageCacheBytes: fc.constantFrom(64 * 1024, 256 * 1024, 1024 ** 3),
      producers: fc.array(
        fc.record({
          ratePerSec: fc.constantFrom(0, 0, 10, 40, 100),
          keySpace: fc.integer({ min: 1, max: 8 }),
          config: variant.producerConfig,
        }),
        { minLength: 1, maxLength: 2 },
      ),
    })
    .chain((base) => {
      const producers = base.producers.map((p, i) => ({ id: `p${i + 1}`, ...p }));
      return fc
        .array(
          opArbitrary(
            base.brokers,
            producers.map((p) => p.id),
          ),
          { minLength: Math.min(8, variant.maxOps), maxLength: variant.maxOps, size: 'max' },
        )
        .map((ops) => ({ ...base, producers, ops: [...ops, ...settleOps(base.brokers)] }));
    });
}

const acksAll = fc.constantFrom<Record<string, unknown>[]>(
  { acks: 'all' },
  { acks: 'all', 'request.timeout.ms': 1500, 'delivery.timeout.ms': 60000 },
  { acks: 'all', 'linger.ms': 0, 'retry.backoff.ms': 20 },
);

const durable = scenarioArbitrary({
  topicConfig: fc.constantFrom<Record<string, unknown>[]>(
    { 'min.insync.replicas': 2, 'unclean.leader.election.enable': false },
    {
      'min.insync.replicas': 2,
      'unclean.leader.election.enable': false,
      'segment.bytes': 3000,
      'retention.bytes': 9000,
    },
    { 'min.insync.replicas': 2, 'unclean.leader.election.enable': false, ...TIERED_TOPIC },
    { 'min.insync.replicas': 2, 'unclean.leader.election.enable': false, ...COMPACTED_TOPIC },
  ),
  producerConfig: acksAll,
  maxOps: 40,
});

const lossy = scenarioArbitrary({
  topicConfig: fc.constantFrom<Record<string, unknown>[]>(
    { 'min.insync.replicas': 2, 'unclean.leader.election.enable': true },
    { 'min.insync.replicas': 1, 'unclean.leader.election.enable': true },
    { 'min.insync.replicas': 2, 'unclean.leader.election.enable': false },
    { 'min.insync.replicas': 1, 'unclean.leader.election.enable': true, ...TIERED_TOPIC },
    {
      'min.insync.replicas': 1,
      'unclean.leader.election.enable': true,
      ...COMPACTED_TOPIC,
      'cleanup.policy': 'compact,delete',
      'retention.bytes': 12000,
    },
  ),
  producerConfig: fc.constantFrom<Record<string, unknown>[]>(
    { acks: '1' },
    { acks: 'all' },
    { acks: '1', 'enable.idempotence': false, 'max.in.flight.requests.per.connection': 5 },
  ),
  maxOps: 40,
}).filter(
  (sc) =>
    sc.topicConfig['unclean.leader.election.enable'] === true ||
    sc.producers.some((p) => p.config['acks'] === '1'),
);

// ---------------------------------------------------------------------------------------
// Properties

describe('replication under random crashes, restarts, isolations and slow brokers', () => {
  it('acks=all, RF 3, min.insync.replicas=2, unclean election off: invariants hold, one leader per epoch, no acknowledged record is lost, and the run is deterministic', () => {
    fc.assert(
      fc.property(durable, (sc) => {
        const first = runScenario(sc, { check: true, noLoss: true });
        expect(runScenario(sc, { check: false, noLoss: false })).toBe(first);
      }),
      { numRuns: 200, plugins: [fc.interruptAfterTimeLimit(40_000)] },
    );
  }, 120_000);

  it('unclean election on or acks=1: the structural invariants hold and the run is deterministic (loss allowed)', () => {
    fc.assert(
      fc.property(lossy, (sc) => {
        const first = runScenario(sc, { check: true, noLoss: false });
        expect(runScenario(sc, { check: false, noLoss: false })).toBe(first);
      }),
      { numRuns: 100, plugins: [fc.interruptAfterTimeLimit(15_000)] },
    );
  }, 60_000);
});
