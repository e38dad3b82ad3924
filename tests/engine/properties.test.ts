/**
 * Property tests over random command sequences (fast-check): after every step the invariants
 * hold, and the same seed and commands always give the same state. On failure fast-check
 * prints the seed and the shrunk operation list; add it to REGRESSIONS to keep it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/engine/invariants.ts';
import { createSimulation } from '../../src/engine/simulation.ts';
import { BROKER_FAULTS } from './helpers.ts';

type Op = { advanceMs: number } | { command: Record<string, unknown> };

const topicName = fc.constantFrom('orders', 'payments', 'logs');
const broker = fc.integer({ min: 0, max: 5 }); // 0 and 5 do not exist: invalid on purpose
const producerId = fc.constantFrom('p1', 'p2', 'p3');
const consumerId = fc.constantFrom('c1', 'c2', 'c3');

const configValue = fc.oneof(
  fc.record({ acks: fc.constantFrom('0', '1', 'all', -1, 'two') }),
  fc.record({ 'linger.ms': fc.oneof(fc.integer({ min: 0, max: 200 }), fc.constant('soon')) }),
  fc.record({ 'batch.size': fc.integer({ min: 0, max: 40000 }) }),
  fc.record({ 'max.in.flight.requests.per.connection': fc.integer({ min: 0, max: 6 }) }),
  fc.record({ 'request.timeout.ms': fc.integer({ min: 100, max: 5000 }) }),
);

const command: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({
    type: fc.constantFrom(...BROKER_FAULTS),
    broker,
  }),
  fc.record({
    type: fc.constant('broker.slow'),
    broker,
    extraLatencyMs: fc.integer({ min: -5, max: 300 }),
  }),
  fc.record({ type: fc.constant('broker.add') }),
  fc.record({
    type: fc.constant('topic.create'),
    name: topicName,
    partitions: fc.integer({ min: 0, max: 8 }),
    replicationFactor: fc.integer({ min: 0, max: 5 }),
    config: fc.constantFrom(
      {},
      { 'segment.bytes': 4000, 'retention.bytes': 12000 },
      { 'min.insync.replicas': 2 },
      { 'retention.ms': 'x' },
    ),
  }),
  fc.record({
    type: fc.constant('topic.addPartitions'),
    topic: topicName,
    partitions: fc.integer({ min: 1, max: 12 }),
  }),
  fc.record({
    type: fc.constant('producer.add'),
    producer: producerId,
    topic: topicName,
    ratePerSec: fc.integer({ min: 0, max: 400 }),
    keySpace: fc.integer({ min: 1, max: 20 }),
    config: configValue,
  }),
  fc.record({ type: fc.constant('producer.remove'), producer: producerId }),
  fc.record({
    type: fc.constant('producer.send'),
    producer: producerId,
    key: fc.option(fc.string({ maxLength: 6 })),
    count: fc.integer({ min: 0, max: 50 }),
  }),
  fc.record({
    type: fc.constant('producer.setRate'),
    producer: producerId,
    ratePerSec: fc.integer({ min: -1, max: 500 }),
  }),
  fc.record({ type: fc.constant('producer.setConfig'), producer: producerId, config: configValue }),
  fc.record({
    type: fc.constant('consumer.add'),
    consumer: consumerId,
    assign: fc.array(
      fc.tuple(topicName, fc.integer({ min: 0, max: 4 })).map(([t, p]) => `${t}-${p}`),
      { minLength: 1, maxLength: 3 },
    ),
    processingTimeMs: fc.integer({ min: 0, max: 20 }),
    config: fc.constantFrom(
      {},
      { 'auto.offset.reset': 'earliest' },
      { 'group.id': 'g', 'auto.commit.interval.ms': 500 },
      { 'fetch.min.bytes': 5000 },
    ),
  }),
  fc.record({
    type: fc.constantFrom('consumer.leave', 'consumer.crash', 'consumer.commit'),
    consumer: consumerId,
  }),
  fc.record({
    type: fc.constant('consumer.setProcessingTime'),
    consumer: consumerId,
    processingTimeMs: fc.integer({ min: -1, max: 30 }),
  }),
  fc.constant({ type: 'nonsense' }),
);

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 1500 }).map((advanceMs) => ({ advanceMs })) },
  { weight: 3, arbitrary: command.map((c) => ({ command: c })) },
);

function run(seed: number, ops: Op[], check: boolean): string {
  const created = createSimulation({
    seed,
    brokers: 3,
    brokerConfig: { 'log.retention.check.interval.ms': 1000 },
    topics: [{ name: 'orders', partitions: 3, replicationFactor: 2 }],
  });
  if (!created.ok) throw new Error('bad base setup');
  const s = created.simulation;
  for (const o of ops) {
    if ('advanceMs' in o) s.advanceBy(o.advanceMs);
    else s.apply(o.command);
    if (check) {
      const problems = checkInvariants(s.state);
      if (problems.length > 0)
        throw new Error(`invariants broken after ${JSON.stringify(o)}: ${problems.join('; ')}`);
    }
  }
  return JSON.stringify(s.state);
}

describe('random command sequences', () => {
  it('invariants hold after every step, and the same seed and commands give the same state', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.array(op, { maxLength: 25 }),
        (seed, ops) => {
          const first = run(seed, ops, true);
          expect(run(seed, ops, false)).toBe(first);
        },
      ),
      { numRuns: 200 },
    );
  });
});
