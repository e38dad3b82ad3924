/**
 * Kafka configuration keys, their types, defaults and validity rules, with Kafka's own
 * spelling. Defaults follow Apache Kafka 4.x (see shared/kafka/defaults.json and the
 * ProducerConfig / ConsumerConfig / LogConfig / ServerLogConfigs classes they come from).
 *
 * Values may be given as JSON numbers and booleans or as the strings a Kafka properties
 * file would hold (`"acks": "1"`, `"linger.ms": "5"`); `parseConfig` normalises them.
 */

export type ConfigValue = number | boolean | string | string[] | null;
export type ConfigValues = Record<string, ConfigValue>;

export type ConfigScope = 'broker' | 'topic' | 'producer' | 'consumer';

type ConfigType =
  | { kind: 'int'; min?: number; max?: number }
  | { kind: 'long'; min?: number; max?: number }
  | { kind: 'double'; min: number; max: number }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'string'; nullable: boolean }
  | { kind: 'list' }
  | { kind: 'acks' };

export interface ConfigDef {
  key: string;
  type: ConfigType;
  default: ConfigValue;
}

const INT_MAX = 2147483647;
/** Long.MAX_VALUE does not fit a JSON-safe number: the largest safe one stands in for it. */
export const LONG_MAX = Number.MAX_SAFE_INTEGER;
/** Long.MAX_VALUE as Kafka prints it (kafka-configs --describe): read and shown as LONG_MAX. */
export const LONG_MAX_VALUE_TEXT = '9223372036854775807';
/** 2^63, the double Long.MAX_VALUE rounds to, and the next double below it. */
const TWO_63 = 9223372036854775808;
const LONG_MAX_AS_DOUBLE_FROM = 9223372036854774784;

/** A config definition; what it means is in configDocs.ts (loaded with the inspector). */
function def(key: string, type: ConfigType, defaultValue: ConfigValue): ConfigDef {
  return { key, type, default: defaultValue };
}

const int = (min?: number, max?: number): ConfigType => ({
  kind: 'int',
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
});
const long = (min?: number): ConfigType => ({
  kind: 'long',
  ...(min === undefined ? {} : { min }),
});
const bool: ConfigType = { kind: 'boolean' };

/** Topic-level configs (LogConfig); the broker-level `log.*` synonyms set their defaults. */
export const TOPIC_CONFIGS: readonly ConfigDef[] = [
  // LogConfig: a list of delete and compact; both spellings of the pair are accepted.
  def(
    'cleanup.policy',
    { kind: 'enum', values: ['delete', 'compact', 'compact,delete', 'delete,compact'] },
    'delete',
  ),
  def('retention.ms', long(-1), 604800000),
  def('retention.bytes', long(-1), -1),
  def('segment.bytes', int(14), 1073741824),
  def('segment.ms', long(1), 604800000),
  def('min.insync.replicas', int(1), 1),
  def('max.message.bytes', int(0), 1048588),
  def('unclean.leader.election.enable', bool, false),
  def('remote.storage.enable', bool, false),
  def('local.retention.ms', long(-2), -2),
  def('local.retention.bytes', long(-2), -2),
  def('min.cleanable.dirty.ratio', { kind: 'double', min: 0, max: 1 }, 0.5),
  def('min.compaction.lag.ms', long(0), 0),
  def('max.compaction.lag.ms', long(1), LONG_MAX),
  def('delete.retention.ms', long(0), 86400000),
];

/** Broker-wide configs the simulation reads (KafkaConfig / ServerLogConfigs). */
export const BROKER_CONFIGS: readonly ConfigDef[] = [
  def('log.retention.check.interval.ms', long(1), 300000),
  def('log.cleaner.enable', bool, true),
  def('log.cleaner.backoff.ms', long(0), 15000),
  def('remote.log.storage.system.enable', bool, false),
  def('remote.log.manager.task.interval.ms', long(1), 30000),
  def('num.partitions', int(1), 1),
  def('default.replication.factor', int(1), 1),
  def('min.insync.replicas', int(1), 1),
  def('message.max.bytes', int(0), 1048588),
  def('replica.lag.time.max.ms', long(1), 30000),
  def('replica.fetch.wait.max.ms', int(0), 500),
  def('replica.fetch.min.bytes', int(1), 1),
  def('replica.fetch.max.bytes', int(0), 1048576),
  def('replica.fetch.response.max.bytes', int(0), 10485760),
  def('replica.fetch.backoff.ms', int(0), 1000),
  def('broker.session.timeout.ms', int(1), 9000),
  def('broker.heartbeat.interval.ms', int(1), 2000),
  def('controlled.shutdown.enable', bool, true),
  def('controller.quorum.fetch.timeout.ms', int(1), 2000),
  def('controller.quorum.election.timeout.ms', int(1), 1000),
  def('unclean.leader.election.enable', bool, false),
  def('eligible.leader.replicas.version', int(0, 1), 0),
  def('auto.leader.rebalance.enable', bool, true),
  def('leader.imbalance.check.interval.seconds', long(1), 300),
  def('unclean.leader.election.interval.ms', long(1), 300000),
  def('offsets.topic.num.partitions', int(1), 50),
  def('offsets.topic.replication.factor', int(1, 32767), 3),
  def('offsets.topic.segment.bytes', int(14), 104857600),
  def('offsets.commit.timeout.ms', int(1), 5000),
  def('group.initial.rebalance.delay.ms', int(0), 3000),
  def('group.min.session.timeout.ms', int(0), 6000),
  def('group.max.session.timeout.ms', int(0), 1800000),
];

/** Producer configs (ProducerConfig). */
export const PRODUCER_CONFIGS: readonly ConfigDef[] = [
  def('acks', { kind: 'acks' }, 'all'),
  def('batch.size', int(0), 16384),
  def('linger.ms', long(0), 5),
  def('max.in.flight.requests.per.connection', int(1), 5),
  def('enable.idempotence', bool, true),
  def('retries', int(0), INT_MAX),
  def('delivery.timeout.ms', int(0), 120000),
  def('request.timeout.ms', int(0), 30000),
  def('retry.backoff.ms', long(0), 100),
  def('metadata.max.age.ms', long(0), 300000),
  def('retry.backoff.max.ms', long(0), 1000),
  def('max.request.size', int(0), 1048576),
  def('partitioner.class', { kind: 'string', nullable: true }, null),
  def('partitioner.adaptive.partitioning.enable', bool, true),
  def('buffer.memory', long(0), 33554432),
  def('max.block.ms', long(0), 60000),
  def('partitioner.ignore.keys', bool, false),
  def('compression.type', { kind: 'enum', values: ['none'] }, 'none'),
];

/** Consumer configs (ConsumerConfig). */
export const CONSUMER_CONFIGS: readonly ConfigDef[] = [
  def('group.id', { kind: 'string', nullable: true }, null),
  def('fetch.min.bytes', int(0), 1),
  def('fetch.max.wait.ms', int(0), 500),
  def('fetch.max.bytes', int(0), 52428800),
  def('max.partition.fetch.bytes', int(0), 1048576),
  def('max.poll.records', int(1), 500),
  def('auto.offset.reset', { kind: 'enum', values: ['latest', 'earliest', 'none'] }, 'latest'),
  def('enable.auto.commit', bool, true),
  def('auto.commit.interval.ms', int(0), 5000),
  def('isolation.level', { kind: 'enum', values: ['read_uncommitted'] }, 'read_uncommitted'),
  def('request.timeout.ms', int(0), 30000),
  def('metadata.max.age.ms', long(0), 300000),
  def('retry.backoff.ms', long(0), 100),
  def('retry.backoff.max.ms', long(0), 1000),
  def('group.instance.id', { kind: 'string', nullable: true }, null),
  def('session.timeout.ms', int(1), 45000),
  def('heartbeat.interval.ms', int(1), 3000),
  def('max.poll.interval.ms', int(1), 300000),
  def('partition.assignment.strategy', { kind: 'list' }, ['range', 'cooperative-sticky']),
];

const DEFS: Record<ConfigScope, readonly ConfigDef[]> = {
  broker: BROKER_CONFIGS,
  topic: TOPIC_CONFIGS,
  producer: PRODUCER_CONFIGS,
  consumer: CONSUMER_CONFIGS,
};

export function configDefs(scope: ConfigScope): readonly ConfigDef[] {
  return DEFS[scope];
}

export function findConfigDef(scope: ConfigScope, key: string): ConfigDef | undefined {
  return DEFS[scope].find((d) => d.key === key);
}

export type ParseResult = { ok: true; value: ConfigValue } | { ok: false; reason: string };

function parseNumber(raw: unknown, kind: 'int' | 'long'): number | null {
  let n: number;
  // Long.MAX_VALUE written as a JSON number reads as 2^63 (the nearest double): the same value.
  if (kind === 'long' && typeof raw === 'number' && raw >= LONG_MAX_AS_DOUBLE_FROM && raw <= TWO_63)
    return LONG_MAX;
  if (typeof raw === 'number') n = raw;
  else if (kind === 'long' && typeof raw === 'string' && raw.trim() === LONG_MAX_VALUE_TEXT)
    return LONG_MAX;
  else if (typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw)) n = Number(raw.trim());
  else return null;
  if (!Number.isInteger(n)) return null;
  const max = kind === 'int' ? INT_MAX : LONG_MAX;
  if (n > max || n < -max - 1) return null;
  return n;
}

/** Parses one value for one key, the way Kafka's ConfigDef would accept it. */
export function parseConfigValue(defn: ConfigDef, raw: unknown): ParseResult {
  const t = defn.type;
  switch (t.kind) {
    case 'int':
    case 'long': {
      const n = parseNumber(raw, t.kind);
      if (n === null)
        return { ok: false, reason: `expected a whole number, got ${JSON.stringify(raw)}` };
      if (t.min !== undefined && n < t.min)
        return { ok: false, reason: `must be at least ${t.min}, got ${n}` };
      if (t.max !== undefined && n > t.max)
        return { ok: false, reason: `must be at most ${t.max}, got ${n}` };
      return { ok: true, value: n };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (typeof raw === 'string' && /^(true|false)$/i.test(raw.trim()))
        return { ok: true, value: raw.trim().toLowerCase() === 'true' };
      return { ok: false, reason: `expected true or false, got ${JSON.stringify(raw)}` };
    }
    case 'double': {
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && raw.trim() !== ''
            ? Number(raw.trim())
            : NaN;
      if (!Number.isFinite(n))
        return { ok: false, reason: `expected a number, got ${JSON.stringify(raw)}` };
      if (n < t.min || n > t.max)
        return { ok: false, reason: `must be between ${t.min} and ${t.max}, got ${n}` };
      return { ok: true, value: n };
    }
    case 'enum': {
      // A list value ("compact, delete") is compared without the spaces around its commas.
      const s =
        typeof raw === 'string'
          ? raw
              .trim()
              .toLowerCase()
              .replace(/\s*,\s*/g, ',')
          : null;
      if (s !== null && t.values.includes(s)) return { ok: true, value: s };
      return {
        ok: false,
        reason: `expected one of ${t.values.join(', ')}, got ${JSON.stringify(raw)}`,
      };
    }
    case 'string': {
      if (raw === null && t.nullable) return { ok: true, value: null };
      if (typeof raw === 'string') return { ok: true, value: raw.trim() };
      return { ok: false, reason: `expected a string, got ${JSON.stringify(raw)}` };
    }
    case 'list': {
      if (Array.isArray(raw) && raw.every((x) => typeof x === 'string'))
        return { ok: true, value: raw.map((x: string) => x.trim()) };
      if (typeof raw === 'string')
        return {
          ok: true,
          value: raw
            .split(',')
            .map((x) => x.trim())
            .filter((x) => x.length > 0),
        };
      return { ok: false, reason: `expected a list of strings, got ${JSON.stringify(raw)}` };
    }
    case 'acks': {
      // ProducerConfig: ValidString.in("all", "-1", "0", "1"); "all" is stored as -1.
      const s =
        typeof raw === 'number'
          ? String(raw)
          : typeof raw === 'string'
            ? raw.trim().toLowerCase()
            : null;
      if (s === 'all' || s === '-1') return { ok: true, value: 'all' };
      if (s === '0' || s === '1') return { ok: true, value: s };
      return { ok: false, reason: `expected 0, 1, all or -1, got ${JSON.stringify(raw)}` };
    }
  }
}

export interface ConfigProblem {
  key: string;
  reason: string;
}

/**
 * Parses a whole config object of one scope. Unknown keys and invalid values are reported;
 * the valid ones are returned normalised.
 */
export function parseConfig(
  scope: ConfigScope,
  raw: unknown,
): { values: ConfigValues; problems: ConfigProblem[] } {
  const values: ConfigValues = {};
  const problems: ConfigProblem[] = [];
  if (raw === undefined) return { values, problems };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ key: '', reason: 'config must be an object of Kafka config keys' });
    return { values, problems };
  }
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const defn = findConfigDef(scope, key);
    if (!defn) {
      problems.push({ key, reason: `unknown ${scope} config '${key}'` });
      continue;
    }
    const parsed = parseConfigValue(defn, value);
    if (parsed.ok) values[key] = parsed.value;
    else problems.push({ key, reason: parsed.reason });
  }
  return { values, problems };
}

function effective(
  scope: ConfigScope,
  set: ConfigValues,
  fallback: ConfigValues = {},
): ConfigValues {
  const out: ConfigValues = {};
  for (const d of DEFS[scope]) out[d.key] = set[d.key] ?? fallback[d.key] ?? d.default;
  return out;
}

const num = (v: ConfigValue | undefined): number => (typeof v === 'number' ? v : 0);

/**
 * Effective settings are read on every record and request, so they are computed once per
 * config object. This relies on config objects never being changed in place: a config
 * change always installs a new object (see setTopicConfig, setProducerConfig).
 */
function memoised<T>(compute: (values: ConfigValues) => T): (values: ConfigValues) => T {
  const cache = new WeakMap<ConfigValues, T>();
  // The config object asked for last, and its settings: most calls repeat it (one cluster
  // config, a producer's own for all its records), and an identity test is cheaper than a
  // WeakMap lookup.
  let lastValues: ConfigValues | null = null;
  let lastFound: T | undefined;
  return (values) => {
    if (values === lastValues) return lastFound!;
    let found = cache.get(values);
    if (found === undefined) {
      found = compute(values);
      cache.set(values, found);
    }
    lastValues = values;
    lastFound = found;
    return found;
  };
}

const topicCache = new WeakMap<ConfigValues, WeakMap<ConfigValues, TopicSettings>>();
/** The last pair of configs asked for, and its settings (see memoised). */
let lastTopicConfig: ConfigValues | null = null;
let lastBrokerConfig: ConfigValues | null = null;
let lastTopicSettings: TopicSettings | undefined;

/** Effective topic settings: topic value, else the broker's `log.*` default, else Kafka's. */
export function topicSettings(topic: ConfigValues, broker: ConfigValues): TopicSettings {
  if (topic === lastTopicConfig && broker === lastBrokerConfig) return lastTopicSettings!;
  let byBroker = topicCache.get(topic);
  if (byBroker === undefined) {
    byBroker = new WeakMap();
    topicCache.set(topic, byBroker);
  }
  let found = byBroker.get(broker);
  if (found === undefined) {
    found = computeTopicSettings(topic, broker);
    byBroker.set(broker, found);
  }
  lastTopicConfig = topic;
  lastBrokerConfig = broker;
  lastTopicSettings = found;
  return found;
}

export const brokerSettings = memoised((broker) => computeBrokerSettings(broker));
export const producerSettings = memoised((set) => computeProducerSettings(set));
export const consumerSettings = memoised((set) => computeConsumerSettings(set));

export interface TopicSettings {
  retentionMs: number;
  retentionBytes: number;
  segmentBytes: number;
  segmentMs: number;
  minInsyncReplicas: number;
  maxMessageBytes: number;
  uncleanLeaderElection: boolean;
  /** remote.storage.enable (tiered storage, KIP-405). */
  remoteStorage: boolean;
  /** local.retention.ms with -2 resolved to retention.ms. */
  localRetentionMs: number;
  /** local.retention.bytes with -2 resolved to retention.bytes. */
  localRetentionBytes: number;
  /** cleanup.policy holds compact: the log cleaner compacts the log (logCleaner.ts). */
  compact: boolean;
  /** cleanup.policy holds delete: retention.ms / retention.bytes delete old segments. */
  delete: boolean;
  minCleanableDirtyRatio: number;
  minCompactionLagMs: number;
  maxCompactionLagMs: number;
  deleteRetentionMs: number;
}

function computeTopicSettings(topic: ConfigValues, broker: ConfigValues): TopicSettings {
  const fromBroker: ConfigValues = {};
  if (broker['min.insync.replicas'] !== undefined)
    fromBroker['min.insync.replicas'] = broker['min.insync.replicas'];
  if (broker['message.max.bytes'] !== undefined)
    fromBroker['max.message.bytes'] = broker['message.max.bytes'];
  if (broker['unclean.leader.election.enable'] !== undefined)
    fromBroker['unclean.leader.election.enable'] = broker['unclean.leader.election.enable'];
  const c = effective('topic', topic, fromBroker);
  const policy = String(c['cleanup.policy']);
  return {
    retentionMs: num(c['retention.ms']),
    retentionBytes: num(c['retention.bytes']),
    segmentBytes: num(c['segment.bytes']),
    // LogConfig.maxSegmentMs: a compacted log's active segment (never cleaned) also rolls
    // after max.compaction.lag.ms, so that its records can be compacted in time.
    segmentMs: policy.includes('compact')
      ? Math.min(num(c['segment.ms']), num(c['max.compaction.lag.ms']))
      : num(c['segment.ms']),
    minInsyncReplicas: num(c['min.insync.replicas']),
    maxMessageBytes: num(c['max.message.bytes']),
    uncleanLeaderElection: c['unclean.leader.election.enable'] === true,
    remoteStorage: c['remote.storage.enable'] === true,
    // LogConfig.localRetentionMs/Bytes: -2 (the default) means "the same as retention.*".
    localRetentionMs:
      num(c['local.retention.ms']) === -2 ? num(c['retention.ms']) : num(c['local.retention.ms']),
    localRetentionBytes:
      num(c['local.retention.bytes']) === -2
        ? num(c['retention.bytes'])
        : num(c['local.retention.bytes']),
    compact: policy.includes('compact'),
    delete: policy.includes('delete'),
    minCleanableDirtyRatio: num(c['min.cleanable.dirty.ratio']),
    minCompactionLagMs: num(c['min.compaction.lag.ms']),
    maxCompactionLagMs: num(c['max.compaction.lag.ms']),
    deleteRetentionMs: num(c['delete.retention.ms']),
  };
}

export interface BrokerSettings {
  retentionCheckIntervalMs: number;
  logCleanerEnable: boolean;
  logCleanerBackoffMs: number;
  remoteLogStorageSystem: boolean;
  remoteLogManagerTaskIntervalMs: number;
  numPartitions: number;
  defaultReplicationFactor: number;
  replicaLagTimeMaxMs: number;
  replicaFetchWaitMaxMs: number;
  replicaFetchMinBytes: number;
  replicaFetchMaxBytes: number;
  replicaFetchResponseMaxBytes: number;
  replicaFetchBackoffMs: number;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  controlledShutdown: boolean;
  /** eligible.leader.replicas.version ≥ 1 (KIP-966). */
  eligibleLeaderReplicas: boolean;
  quorumFetchTimeoutMs: number;
  quorumElectionTimeoutMs: number;
  autoLeaderRebalance: boolean;
  leaderImbalanceCheckIntervalMs: number;
  uncleanLeaderElectionIntervalMs: number;
  offsetsTopicNumPartitions: number;
  offsetsTopicReplicationFactor: number;
  offsetsTopicSegmentBytes: number;
  offsetsCommitTimeoutMs: number;
  initialRebalanceDelayMs: number;
  groupMinSessionTimeoutMs: number;
  groupMaxSessionTimeoutMs: number;
}

function computeBrokerSettings(broker: ConfigValues): BrokerSettings {
  const c = effective('broker', broker);
  return {
    retentionCheckIntervalMs: num(c['log.retention.check.interval.ms']),
    logCleanerEnable: c['log.cleaner.enable'] === true,
    logCleanerBackoffMs: num(c['log.cleaner.backoff.ms']),
    remoteLogStorageSystem: c['remote.log.storage.system.enable'] === true,
    remoteLogManagerTaskIntervalMs: num(c['remote.log.manager.task.interval.ms']),
    numPartitions: num(c['num.partitions']),
    defaultReplicationFactor: num(c['default.replication.factor']),
    replicaLagTimeMaxMs: num(c['replica.lag.time.max.ms']),
    replicaFetchWaitMaxMs: num(c['replica.fetch.wait.max.ms']),
    replicaFetchMinBytes: num(c['replica.fetch.min.bytes']),
    replicaFetchMaxBytes: num(c['replica.fetch.max.bytes']),
    replicaFetchResponseMaxBytes: num(c['replica.fetch.response.max.bytes']),
    replicaFetchBackoffMs: num(c['replica.fetch.backoff.ms']),
    sessionTimeoutMs: num(c['broker.session.timeout.ms']),
    heartbeatIntervalMs: num(c['broker.heartbeat.interval.ms']),
    controlledShutdown: c['controlled.shutdown.enable'] === true,
    eligibleLeaderReplicas: num(c['eligible.leader.replicas.version']) >= 1,
    quorumFetchTimeoutMs: num(c['controller.quorum.fetch.timeout.ms']),
    quorumElectionTimeoutMs: num(c['controller.quorum.election.timeout.ms']),
    autoLeaderRebalance: c['auto.leader.rebalance.enable'] === true,
    leaderImbalanceCheckIntervalMs: num(c['leader.imbalance.check.interval.seconds']) * 1000,
    uncleanLeaderElectionIntervalMs: num(c['unclean.leader.election.interval.ms']),
    offsetsTopicNumPartitions: num(c['offsets.topic.num.partitions']),
    offsetsTopicReplicationFactor: num(c['offsets.topic.replication.factor']),
    offsetsTopicSegmentBytes: num(c['offsets.topic.segment.bytes']),
    offsetsCommitTimeoutMs: num(c['offsets.commit.timeout.ms']),
    initialRebalanceDelayMs: num(c['group.initial.rebalance.delay.ms']),
    groupMinSessionTimeoutMs: num(c['group.min.session.timeout.ms']),
    groupMaxSessionTimeoutMs: num(c['group.max.session.timeout.ms']),
  };
}

export interface ProducerSettings {
  acks: 0 | 1 | -1;
  batchSizeBytes: number;
  lingerMs: number;
  maxInFlight: number;
  retries: number;
  deliveryTimeoutMs: number;
  requestTimeoutMs: number;
  retryBackoffMs: number;
  metadataMaxAgeMs: number;
  retryBackoffMaxMs: number;
  maxRequestSizeBytes: number;
  roundRobin: boolean;
  ignoreKeys: boolean;
  adaptivePartitioning: boolean;
  /**
   * enable.idempotence as it takes effect: on by default, silently off when retries=0,
   * acks is not all, or more than 5 requests may be in flight and the user did not set it
   * (ProducerConfig.postProcessAndValidateIdempotenceConfigs).
   */
  idempotence: boolean;
  bufferMemoryBytes: number;
  maxBlockMs: number;
}

function computeProducerSettings(set: ConfigValues): ProducerSettings {
  const c = effective('producer', set);
  const acksRaw = c['acks'];
  const lingerMs = num(c['linger.ms']);
  const requestTimeoutMs = num(c['request.timeout.ms']);
  // KafkaProducer.configureDeliveryTimeout: a defaulted delivery.timeout.ms below
  // linger.ms + request.timeout.ms is silently raised (a user-set one is rejected earlier).
  let deliveryTimeoutMs = num(c['delivery.timeout.ms']);
  if (set['delivery.timeout.ms'] === undefined)
    deliveryTimeoutMs = Math.max(deliveryTimeoutMs, lingerMs + requestTimeoutMs);
  const partitioner = c['partitioner.class'];
  return {
    acks: acksRaw === 'all' ? -1 : acksRaw === '0' ? 0 : 1,
    // KafkaProducer: Math.max(1, batch.size).
    batchSizeBytes: Math.max(1, num(c['batch.size'])),
    lingerMs,
    maxInFlight: num(c['max.in.flight.requests.per.connection']),
    retries: num(c['retries']),
    deliveryTimeoutMs,
    requestTimeoutMs,
    // ExponentialBackoff: a retry.backoff.max.ms below retry.backoff.ms caps the initial wait
    // too ("a constant backoff of maxInterval").
    retryBackoffMs: Math.min(num(c['retry.backoff.ms']), num(c['retry.backoff.max.ms'])),
    metadataMaxAgeMs: num(c['metadata.max.age.ms']),
    retryBackoffMaxMs: num(c['retry.backoff.max.ms']),
    maxRequestSizeBytes: num(c['max.request.size']),
    roundRobin: typeof partitioner === 'string' && /RoundRobinPartitioner$/.test(partitioner),
    ignoreKeys: c['partitioner.ignore.keys'] === true,
    idempotence: c['enable.idempotence'] === true && idempotenceConflicts(c).length === 0,
    adaptivePartitioning: c['partitioner.adaptive.partitioning.enable'] === true,
    bufferMemoryBytes: num(c['buffer.memory']),
    maxBlockMs: num(c['max.block.ms']),
  };
}

/**
 * Cross-key rules Kafka checks when a producer is built (KafkaProducer constructor):
 * a user-set delivery.timeout.ms must be at least linger.ms + request.timeout.ms, and
 * partitioner.class must name a partitioner the simulator knows.
 */
/** MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION_FOR_IDEMPOTENCE in ProducerConfig. */
const MAX_IN_FLIGHT_FOR_IDEMPOTENCE = 5;

/** The settings that rule idempotence out, with ProducerConfig's own messages. */
function idempotenceConflicts(c: ConfigValues): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  if (c['retries'] === 0)
    out.push({
      key: 'retries',
      reason: 'Must set retries to non-zero when using the idempotent producer.',
    });
  if (c['acks'] !== 'all')
    out.push({
      key: 'acks',
      reason:
        'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.',
    });
  const inFlight = c['max.in.flight.requests.per.connection'];
  if (typeof inFlight === 'number' && inFlight > MAX_IN_FLIGHT_FOR_IDEMPOTENCE) {
    out.push({
      key: 'max.in.flight.requests.per.connection',
      reason:
        'Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer.',
    });
  }
  return out;
}

export function producerConfigProblems(set: ConfigValues): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const s = producerSettings(set);
  // An explicit enable.idempotence=true with conflicting settings is a ConfigException; left to
  // its default, idempotence is silently turned off instead (see ProducerSettings.idempotence).
  if (set['enable.idempotence'] === true)
    problems.push(...idempotenceConflicts(effective('producer', set)));
  if (
    set['delivery.timeout.ms'] !== undefined &&
    s.deliveryTimeoutMs < s.lingerMs + s.requestTimeoutMs
  ) {
    problems.push({
      key: 'delivery.timeout.ms',
      reason: `delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms (${s.lingerMs + s.requestTimeoutMs})`,
    });
  }
  const partitioner = set['partitioner.class'];
  if (
    typeof partitioner === 'string' &&
    !/^(org\.apache\.kafka\.clients\.producer\.)?RoundRobinPartitioner$/.test(partitioner)
  ) {
    problems.push({
      key: 'partitioner.class',
      reason: `unknown partitioner '${partitioner}': use null (built-in) or RoundRobinPartitioner`,
    });
  }
  return problems;
}

export interface ConsumerSettings {
  groupId: string | null;
  fetchMinBytes: number;
  fetchMaxWaitMs: number;
  fetchMaxBytes: number;
  maxPartitionFetchBytes: number;
  maxPollRecords: number;
  autoOffsetReset: 'latest' | 'earliest' | 'none';
  enableAutoCommit: boolean;
  autoCommitIntervalMs: number;
  requestTimeoutMs: number;
  retryBackoffMs: number;
  metadataMaxAgeMs: number;
  groupInstanceId: string | null;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxPollIntervalMs: number;
  /** partition.assignment.strategy as assignor names, in the member's order of preference. */
  assignors: AssignorName[];
  /**
   * The client's rebalance protocol: cooperative only when every configured assignor supports
   * it (ConsumerCoordinator's constructor); only cooperative-sticky does.
   */
  rebalanceProtocol: 'eager' | 'cooperative';
}

export type AssignorName = 'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky';

const ASSIGNOR_CLASSES: Record<string, AssignorName> = {
  RangeAssignor: 'range',
  RoundRobinAssignor: 'roundrobin',
  StickyAssignor: 'sticky',
  CooperativeStickyAssignor: 'cooperative-sticky',
};

/** An assignor by its name() or its class name (with or without the package). */
export function assignorName(raw: string): AssignorName | null {
  const name = raw.trim();
  if (
    name === 'range' ||
    name === 'roundrobin' ||
    name === 'sticky' ||
    name === 'cooperative-sticky'
  )
    return name;
  const simple = name.replace(/^org\.apache\.kafka\.clients\.consumer\./, '');
  return Object.hasOwn(ASSIGNOR_CLASSES, simple) ? ASSIGNOR_CLASSES[simple]! : null;
}

function computeConsumerSettings(set: ConfigValues): ConsumerSettings {
  const c = effective('consumer', set);
  const groupId = typeof c['group.id'] === 'string' ? c['group.id'] : null;
  const reset = c['auto.offset.reset'];
  const strategies = c['partition.assignment.strategy'];
  const assignors = (Array.isArray(strategies) ? strategies : [])
    .map(assignorName)
    .filter((a): a is AssignorName => a !== null);
  return {
    groupId,
    fetchMinBytes: num(c['fetch.min.bytes']),
    fetchMaxWaitMs: num(c['fetch.max.wait.ms']),
    fetchMaxBytes: num(c['fetch.max.bytes']),
    maxPartitionFetchBytes: num(c['max.partition.fetch.bytes']),
    maxPollRecords: num(c['max.poll.records']),
    autoOffsetReset: reset === 'earliest' || reset === 'none' ? reset : 'latest',
    // ConsumerConfig.maybeOverrideEnableAutoCommit: without a group.id auto commit is off.
    enableAutoCommit: groupId !== null && c['enable.auto.commit'] === true,
    autoCommitIntervalMs: num(c['auto.commit.interval.ms']),
    requestTimeoutMs: num(c['request.timeout.ms']),
    // ExponentialBackoff caps the initial wait at retry.backoff.max.ms, as for producers.
    retryBackoffMs: Math.min(num(c['retry.backoff.ms']), num(c['retry.backoff.max.ms'])),
    metadataMaxAgeMs: num(c['metadata.max.age.ms']),
    groupInstanceId: typeof c['group.instance.id'] === 'string' ? c['group.instance.id'] : null,
    sessionTimeoutMs: num(c['session.timeout.ms']),
    heartbeatIntervalMs: num(c['heartbeat.interval.ms']),
    maxPollIntervalMs: num(c['max.poll.interval.ms']),
    assignors,
    rebalanceProtocol:
      assignors.length > 0 && assignors.every((a) => a === 'cooperative-sticky')
        ? 'cooperative'
        : 'eager',
  };
}

/**
 * Cross-key rules Kafka checks when a consumer is built: explicit auto commit without a group
 * (ConsumerConfig.maybeOverrideEnableAutoCommit), assignors it can load, and a heartbeat
 * interval below the session timeout (GroupRebalanceConfig / Heartbeat).
 */
export function consumerConfigProblems(set: ConfigValues): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (
    set['enable.auto.commit'] === true &&
    (set['group.id'] === undefined || set['group.id'] === null)
  ) {
    problems.push({
      key: 'enable.auto.commit',
      reason: 'enable.auto.commit cannot be true without a group.id',
    });
  }
  const c = effective('consumer', set);
  const strategies = c['partition.assignment.strategy'];
  const list = Array.isArray(strategies) ? strategies : [];
  const unknown = list.find((x) => assignorName(x) === null);
  if (unknown !== undefined)
    problems.push({
      key: 'partition.assignment.strategy',
      reason: `unknown assignor '${unknown}': use range, roundrobin, sticky or cooperative-sticky`,
    });
  else if (list.length === 0)
    problems.push({
      key: 'partition.assignment.strategy',
      reason: 'at least one assignor is needed',
    });
  if (num(c['heartbeat.interval.ms']) >= num(c['session.timeout.ms']))
    problems.push({
      key: 'heartbeat.interval.ms',
      reason: 'Heartbeat must be set lower than the session timeout',
    });
  if (set['group.instance.id'] === '')
    problems.push({ key: 'group.instance.id', reason: 'group.instance.id cannot be empty' });
  return problems;
}
