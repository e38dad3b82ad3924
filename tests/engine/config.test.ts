import { describe, expect, it } from 'vitest';
import { parseConfig, producerConfigProblems, producerSettings } from '../../src/engine/config.ts';
import { rejections, sim } from './helpers.ts';

const settings = (raw: Record<string, unknown>) =>
  producerSettings(parseConfig('producer', raw).values);
const problems = (raw: Record<string, unknown>) =>
  producerConfigProblems(parseConfig('producer', raw).values);

describe('producer defaults and derived settings (ProducerConfig, Kafka 4)', () => {
  it('defaults: acks=all, linger.ms=5 (KIP-1030), batch.size=16384, idempotence on', () => {
    expect(settings({})).toMatchObject({
      acks: -1,
      lingerMs: 5,
      batchSizeBytes: 16384,
      maxInFlight: 5,
      idempotence: true,
    });
  });

  it('acks accepts 0, 1, all and -1, as numbers or strings', () => {
    expect([0, '1', 'all', -1, '-1'].map((acks) => settings({ acks }).acks)).toEqual([
      0, 1, -1, -1, -1,
    ]);
  });

  it('batch.size=0 is treated as 1 (KafkaProducer: Math.max(1, batch.size))', () => {
    expect(settings({ 'batch.size': 0 }).batchSizeBytes).toBe(1);
  });

  it('a defaulted delivery.timeout.ms is raised to linger.ms + request.timeout.ms (KafkaProducer.configureDeliveryTimeout)', () => {
    expect(settings({ 'linger.ms': 100000, 'request.timeout.ms': 30000 }).deliveryTimeoutMs).toBe(
      130000,
    );
  });
});

describe('idempotence (ProducerConfig.postProcessAndValidateIdempotenceConfigs)', () => {
  it('left to its default, it is silently off with acks=1, retries=0 or more than 5 in flight', () => {
    expect(settings({ acks: 1 }).idempotence).toBe(false);
    expect(settings({ retries: 0 }).idempotence).toBe(false);
    expect(settings({ 'max.in.flight.requests.per.connection': 6 }).idempotence).toBe(false);
    expect(problems({ acks: 1 })).toEqual([]);
  });

  it('set explicitly to true with acks=1 is a configuration error', () => {
    expect(problems({ 'enable.idempotence': true, acks: 1 }).map((p) => p.key)).toEqual(['acks']);
  });

  it('set explicitly to true with retries=0 or 6 in flight is a configuration error', () => {
    expect(
      problems({
        'enable.idempotence': true,
        retries: 0,
        'max.in.flight.requests.per.connection': 6,
      }).map((p) => p.key),
    ).toEqual(['retries', 'max.in.flight.requests.per.connection']);
  });

  it('a producer.add with such a conflict is refused and nothing is added', () => {
    const s = sim({
      brokers: 1,
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 1 }],
    });
    const events = s.apply({
      type: 'producer.add',
      producer: 'p',
      topic: 'orders',
      config: { 'enable.idempotence': true, acks: '1' },
    });
    expect(rejections(events)[0]).toMatchObject({ error: 'INVALID_CONFIG' });
    expect(s.state.producers).toEqual([]);
  });
});

describe('Long.MAX_VALUE (ConfigDef Type.LONG)', () => {
  it('is read as typed in Kafka, 9223372036854775807, standing in as the largest safe number', () => {
    const parsed = parseConfig('topic', { 'max.compaction.lag.ms': '9223372036854775807' });
    expect(parsed.problems).toEqual([]);
    expect(parsed.values['max.compaction.lag.ms']).toBe(Number.MAX_SAFE_INTEGER);
    // As a JSON number it reads as 2^63, the double nearest to it: the same value.
    const asNumber = parseConfig(
      'topic',
      JSON.parse('{ "max.compaction.lag.ms": 9223372036854775807 }'),
    );
    expect(asNumber.values['max.compaction.lag.ms']).toBe(Number.MAX_SAFE_INTEGER);
    // Other numbers past the safe range are still refused.
    expect(
      parseConfig('topic', { 'max.compaction.lag.ms': '9223372036854775806' }).problems,
    ).toHaveLength(1);
  });
});
