/**
 * Kafka Connect's settings and the client configs a Connect worker gives its tasks.
 *
 * Read from apache/kafka connect/runtime/src/main/java/org/apache/kafka/connect/runtime/:
 * - Worker.producerConfigs (a source task's producer, client.id `connector-producer-<name>-<n>`):
 *   max.block.ms = Long.MAX_VALUE, acks = all, max.in.flight.requests.per.connection = 1,
 *   delivery.timeout.ms = Integer.MAX_VALUE ("infinite retries on retriable exceptions"), then
 *   the connector's `producer.override.*` keys on top.
 * - Worker.consumerConfigs (a sink task's consumer, client.id `connector-consumer-<name>-<n>`):
 *   group.id = SinkUtils.consumerGroupId(name) = `connect-<name>`, enable.auto.commit = false,
 *   auto.offset.reset = earliest, then the connector's `consumer.override.*` keys on top.
 * - WorkerConfig: offset.flush.interval.ms = 60000 (OFFSET_COMMIT_INTERVAL_MS_DEFAULT).
 * - exactly.once.source.support (KIP-618) needs transactional source producers: refused here.
 */
import type { RawConfig } from './commands.ts';
import { LONG_MAX, parseConfig, type ConfigValues } from './config.ts';
import { reject, type Rejection } from './rejection.ts';

export const OFFSET_FLUSH_INTERVAL_MS_DEFAULT = 60_000;
const INT_MAX = 2_147_483_647;

/** Worker.producerConfigs: what a source task's producer runs with unless overridden. */
export const CONNECT_PRODUCER_OVERRIDES: Readonly<RawConfig> = {
  'max.block.ms': LONG_MAX,
  acks: 'all',
  'max.in.flight.requests.per.connection': 1,
  'delivery.timeout.ms': INT_MAX,
};
/** Worker.consumerConfigs: what a sink task's consumer runs with (auto commit is not overridable here). */
export const CONNECT_CONSUMER_OVERRIDES: Readonly<RawConfig> = {
  'enable.auto.commit': false,
  'auto.offset.reset': 'earliest',
};

/** SinkUtils.consumerGroupId: a sink connector's consumer group. */
export function sinkGroupId(connector: string): string {
  return `connect-${connector}`;
}

/** Worker: the task's client.id (`connector-producer-` / `connector-consumer-` + ConnectorTaskId). */
export function taskClientId(connector: string, kind: 'source' | 'sink', task: number): string {
  return `connector-${kind === 'source' ? 'producer' : 'consumer'}-${connector}-${task}`;
}

const PRODUCER_OVERRIDE = 'producer.override.';
const CONSUMER_OVERRIDE = 'consumer.override.';
export const CONNECT_KEYS = [
  'offset.flush.interval.ms',
  'exactly.once.source.support',
  'exactly.once.support',
] as const;

export interface ConnectSettings {
  offsetFlushIntervalMs: number;
  /** The task client's config: the worker's overrides with the connector's overrides on top. */
  clientConfig: ConfigValues;
}

function flushIntervalOf(raw: unknown): number | Rejection {
  if (raw === undefined) return OFFSET_FLUSH_INTERVAL_MS_DEFAULT;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1)
    return reject(
      `offset.flush.interval.ms must be a whole number of ms, at least 1, got ${JSON.stringify(raw)}`,
      'INVALID_CONFIG',
      'config.offset.flush.interval.ms',
    );
  return n;
}

function exactlyOnceProblem(config: RawConfig): Rejection | null {
  const worker = config['exactly.once.source.support'];
  if (worker !== undefined && worker !== 'disabled')
    return reject(
      `exactly.once.source.support=${String(worker)} (KIP-618) needs transactional source producers and read_committed consumers, which this simulator does not simulate: leave it disabled (at-least-once)`,
      'INVALID_CONFIG',
      'config.exactly.once.source.support',
    );
  const connector = config['exactly.once.support'];
  if (connector !== undefined && connector !== 'requested')
    return reject(
      `exactly.once.support=${String(connector)}: exactly-once source delivery (KIP-618) is not simulated`,
      'INVALID_CONFIG',
      'config.exactly.once.support',
    );
  return null;
}

/** The Connect settings of a connector's `config`, or why Kafka Connect would refuse it. */
export function parseConnectConfig(
  kind: 'source' | 'sink',
  raw: RawConfig | undefined,
): ConnectSettings | Rejection {
  const config = raw ?? {};
  const own = kind === 'source' ? PRODUCER_OVERRIDE : CONSUMER_OVERRIDE;
  const overrides: RawConfig = {};
  for (const [key, value] of Object.entries(config)) {
    if (key.startsWith(own)) overrides[key.slice(own.length)] = value;
    else if (!(CONNECT_KEYS as readonly string[]).includes(key))
      return reject(
        `unknown connector config '${key}': the simulator reads ${CONNECT_KEYS.join(', ')} and ${own}* keys for the task's ${kind === 'source' ? 'producer' : 'consumer'}`,
        'INVALID_CONFIG',
        `config.${key}`,
      );
  }
  const eos = exactlyOnceProblem(config);
  if (eos) return eos;
  if (kind === 'sink' && overrides['group.id'] !== undefined)
    return reject(
      `a sink connector's group is always connect-<name>; consumer.override.group.id is not simulated`,
      'INVALID_CONFIG',
      'config.consumer.override.group.id',
    );
  const autoCommit = overrides['enable.auto.commit'];
  if (kind === 'sink' && autoCommit !== undefined && autoCommit !== false && autoCommit !== 'false')
    return reject(
      'a sink task commits by itself every offset.flush.interval.ms, after its flush: enable.auto.commit stays false (WorkerSinkTask)',
      'INVALID_CONFIG',
      'config.consumer.override.enable.auto.commit',
    );
  const offsetFlushIntervalMs = flushIntervalOf(config['offset.flush.interval.ms']);
  if (typeof offsetFlushIntervalMs !== 'number') return offsetFlushIntervalMs;
  const scope = kind === 'source' ? 'producer' : 'consumer';
  const base = kind === 'source' ? CONNECT_PRODUCER_OVERRIDES : CONNECT_CONSUMER_OVERRIDES;
  const { values, problems } = parseConfig(scope, { ...base, ...overrides });
  const bad = problems[0];
  if (bad)
    return reject(
      `Invalid value for '${own}${bad.key}': ${bad.reason}`,
      'INVALID_CONFIG',
      `config.${own}${bad.key}`,
    );
  return { offsetFlushIntervalMs, clientConfig: values };
}
