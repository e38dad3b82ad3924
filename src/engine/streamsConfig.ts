/**
 * A Kafka Streams application's own settings (StreamsConfig) and the client defaults Kafka
 * Streams gives its embedded consumer and producer. A consumer group with a `streams` block is
 * a Streams application: its group id is the application.id, as Kafka Streams uses it.
 *
 * Read from apache/kafka streams/src/main/java/org/apache/kafka/streams/StreamsConfig.java:
 * - DEFAULT_COMMIT_INTERVAL_MS = 30000 (EOS_DEFAULT_COMMIT_INTERVAL_MS = 100 under exactly-once);
 *   commit.interval.ms is defined with atLeast(0).
 * - processing.guarantee: at_least_once (the default) or exactly_once_v2.
 * - PRODUCER_DEFAULT_OVERRIDES: linger.ms = 100. Nothing else under at_least_once, so acks and
 *   enable.idempotence keep the producer's own defaults (acks=all, idempotence on since 3.0).
 * - CONSUMER_DEFAULT_OVERRIDES: max.poll.records = 1000, auto.offset.reset = earliest,
 *   enable.auto.commit = false (not configurable: Streams commits itself).
 * - partition.assignment.strategy is always StreamsPartitionAssignor (not configurable).
 */
import type { RawConfig } from './commands.ts';
import { parseConfig, type ConfigValues } from './config.ts';
import { reject, type Rejection } from './rejection.ts';

export const STREAMS_DEFAULT_COMMIT_INTERVAL_MS = 30_000;
export const STREAMS_PRODUCER_DEFAULTS: Readonly<RawConfig> = { 'linger.ms': 100 };
/**
 * The main consumer's defaults. StreamsPartitionAssignor is cooperative and sticky (its
 * rebalance protocol is COOPERATIVE since 2.6); the simulator stands it in with Kafka's
 * cooperative-sticky assignor, which moves partitions the same way for a single input topic.
 */
export const STREAMS_CONSUMER_DEFAULTS: Readonly<RawConfig> = {
  'max.poll.records': 1000,
  'auto.offset.reset': 'earliest',
  'enable.auto.commit': false,
  'partition.assignment.strategy': ['cooperative-sticky'],
};
export type ProcessingGuarantee = 'at_least_once' | 'exactly_once_v2';
export const PRODUCER_PREFIX = 'producer.';
export const STREAMS_KEYS = ['processing.guarantee', 'commit.interval.ms'] as const;

export interface StreamsSettings {
  guarantee: ProcessingGuarantee;
  commitIntervalMs: number;
  /** The embedded producer's config: Streams' defaults under the `producer.`-prefixed keys. */
  producerConfig: ConfigValues;
}

function guaranteeOf(raw: unknown): ProcessingGuarantee | Rejection {
  const field = 'streams.config.processing.guarantee';
  if (raw === undefined || raw === 'at_least_once') return 'at_least_once';
  if (raw === 'exactly_once_v2' || raw === 'exactly_once' || raw === 'exactly_once_beta')
    return reject(
      `processing.guarantee=${String(raw)} needs Kafka transactions (a transactional producer, read_committed consumers and the transaction coordinator), which this simulator does not simulate: use at_least_once`,
      'INVALID_CONFIG',
      field,
    );
  return reject(
    `processing.guarantee must be at_least_once or exactly_once_v2, got ${JSON.stringify(raw)}`,
    'INVALID_CONFIG',
    field,
  );
}

function commitIntervalOf(raw: unknown): number | Rejection {
  if (raw === undefined) return STREAMS_DEFAULT_COMMIT_INTERVAL_MS;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
    return reject(
      `commit.interval.ms must be a whole number of ms, at least 0 (StreamsConfig atLeast(0)), got ${JSON.stringify(raw)}`,
      'INVALID_CONFIG',
      'streams.config.commit.interval.ms',
    );
  return n;
}

/** StreamsConfig for the `streams.config` object, or why Kafka Streams would refuse it. */
export function parseStreamsConfig(raw: RawConfig | undefined): StreamsSettings | Rejection {
  const config = raw ?? {};
  const producerRaw: RawConfig = {};
  for (const [key, value] of Object.entries(config)) {
    if (key.startsWith(PRODUCER_PREFIX)) {
      producerRaw[key.slice(PRODUCER_PREFIX.length)] = value;
      continue;
    }
    if (!(STREAMS_KEYS as readonly string[]).includes(key))
      return reject(
        `unknown Streams config '${key}': the simulator reads ${STREAMS_KEYS.join(', ')} and producer.-prefixed keys for the embedded producer (consumer keys go in the group's own config)`,
        'INVALID_CONFIG',
        `streams.config.${key}`,
      );
  }
  const guarantee = guaranteeOf(config['processing.guarantee']);
  if (typeof guarantee !== 'string') return guarantee;
  const commitIntervalMs = commitIntervalOf(config['commit.interval.ms']);
  if (typeof commitIntervalMs !== 'number') return commitIntervalMs;
  const { values, problems } = parseConfig('producer', {
    ...STREAMS_PRODUCER_DEFAULTS,
    ...producerRaw,
  });
  const bad = problems[0];
  if (bad)
    return reject(
      `Invalid value for 'producer.${bad.key}': ${bad.reason}`,
      'INVALID_CONFIG',
      `streams.config.producer.${bad.key}`,
    );
  return { guarantee, commitIntervalMs, producerConfig: values };
}

/** A key of the group's consumer config that Kafka Streams sets itself, or null. */
export function fixedConsumerKey(config: RawConfig | undefined): string | null {
  if (!config) return null;
  const autoCommit = config['enable.auto.commit'];
  if (autoCommit !== undefined && autoCommit !== false && autoCommit !== 'false')
    return 'enable.auto.commit';
  return config['partition.assignment.strategy'] !== undefined
    ? 'partition.assignment.strategy'
    : null;
}
