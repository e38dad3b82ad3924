/**
 * What the inspector shows for a broker, a partition or a producer, from engine state by pure
 * functions: its live state, and its config under Kafka's names with every default shown (from
 * the engine's config definitions, which also say what the simulator does not model).
 */
import { lostOfPartition } from '../../engine/durability.ts';
import { reassignmentRole } from '../../engine/reassignment.ts';
import {
  brokerSettings,
  configDefs,
  LONG_MAX,
  LONG_MAX_VALUE_TEXT,
  producerSettings,
  topicSettings,
  type ConfigDef,
  type ConfigScope,
  type ConfigValue,
  type ConfigValues,
} from '../../engine/config.ts';
import { configDoc } from '../../engine/configDocs.ts';
import { percentile } from '../../engine/histogram.ts';
import { bufferWaitMs } from '../../engine/producer.ts';
import { logStartOffset } from '../../engine/tieredStorage.ts';
import { cleanerStatsOf } from '../../engine/logCleaner.ts';
import type {
  KeyMode,
  LogCleanerStats,
  PageCacheStats,
  RemoteStorageStats,
  SimState,
} from '../../engine/model.ts';
import { brokerView } from '../canvas/views.ts';
import { keyRouting, type KeyRouting } from './keyRouting.ts';

export interface ConfigRow {
  key: string;
  /** The value in force, as a properties file would spell it. */
  value: string;
  /** Kafka's default for the key. */
  defaultValue: string;
  /** Set explicitly (by the scenario or a command), as opposed to Kafka's default. */
  set: boolean;
  doc: string;
  /** Why the simulator accepts the key but does not model it, when it does not. */
  notSimulated: string | null;
}

/** A config value as a Kafka properties file holds it: lists comma-separated, null empty. */
export function configText(v: ConfigValue | undefined): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return v.join(',');
  // The engine's stand-in for Long.MAX_VALUE is shown as Kafka prints it (and read back so).
  if (v === LONG_MAX) return LONG_MAX_VALUE_TEXT;
  return String(v);
}

function row(
  scope: ConfigScope,
  d: ConfigDef,
  set: ConfigValues,
  inherited: ConfigValues,
): ConfigRow {
  const own = set[d.key];
  const value = own ?? inherited[d.key] ?? d.default;
  const { doc, notSimulated } = configDoc(scope, d.key);
  return {
    key: d.key,
    value: configText(value),
    defaultValue: configText(d.default),
    set: own !== undefined,
    doc,
    notSimulated: notSimulated ?? null,
  };
}

/** Every config of a scope, in Kafka's order of the definitions, with what is set first. */
export function configRows(
  scope: ConfigScope,
  set: ConfigValues,
  inherited: ConfigValues = {},
): ConfigRow[] {
  const rows = configDefs(scope).map((d) => row(scope, d, set, inherited));
  return [...rows.filter((r) => r.set), ...rows.filter((r) => !r.set)];
}

// ---------------------------------------------------------------------------------------
// Producer

/** The producer configs the inspector edits (producer.setConfig). */
export const EDITABLE_PRODUCER_CONFIGS = [
  'acks',
  'linger.ms',
  'batch.size',
  'enable.idempotence',
  'max.in.flight.requests.per.connection',
] as const;

export interface ProducerInspectorModel {
  id: string;
  topic: string;
  ratePerSec: number;
  /** Keys as the scenario gives them: a list taken in turn, a key space, or none. */
  keys: KeyMode;
  valueBytes: number;
  fixedPartition: number | null;
  producerId: number;
  /** Whether idempotence is in force (it is silently off when acks is not all, unless set). */
  idempotent: boolean;
  sent: number;
  acked: number;
  failed: number;
  retries: number;
  pending: number;
  inFlightRequests: number;
  errors: { name: string; count: number }[];
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  latencyMaxMs: number | null;
  /** Average fill of sent batches relative to batch.size (0–1), or null before the first. */
  batchFill: number | null;
  /** Produce requests sent, and the records each carried on average (null before the first). */
  requests: number;
  recordsPerRequest: number | null;
  duplicates: number;
  reordered: number;
  /** Batches refused as MESSAGE_TOO_LARGE and split (KIP-126). */
  batchSplits: number;
  /** Simulated ms send() spent blocked on a full buffer.memory (bufferpool-wait-time-ns-total). */
  bufferWaitMs: number;
  /** Where its records go and why (keyRouting.ts); null while its topic does not exist. */
  routing: KeyRouting | null;
  config: ConfigRow[];
}

export function producerInspector(state: SimState, id: string): ProducerInspectorModel | null {
  const p = state.producers.find((x) => x.id === id);
  if (!p) return null;
  const s = p.stats;
  const h = s.latency;
  return {
    id,
    topic: p.topic,
    ratePerSec: p.ratePerSec,
    keys: p.keyMode,
    valueBytes: p.valueBytes,
    fixedPartition: p.fixedPartition,
    producerId: p.producerId,
    idempotent: producerSettings(p.config).idempotence,
    sent: s.sent,
    acked: s.acked,
    failed: s.failed,
    retries: s.retries,
    pending: Math.max(0, s.sent - s.acked - s.failed),
    inFlightRequests: p.inFlight.length,
    errors: Object.entries(s.errors)
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
    latencyP50Ms: percentile(h, 50),
    latencyP99Ms: percentile(h, 99),
    latencyMaxMs: h.total === 0 ? null : h.maxMs,
    batchFill: s.batchesSent === 0 ? null : s.batchFillSum / s.batchesSent,
    requests: s.requests,
    recordsPerRequest: s.requests === 0 ? null : s.recordsInRequests / s.requests,
    duplicates: s.duplicateRecords,
    reordered: s.reorderedBatches,
    batchSplits: s.batchSplits,
    bufferWaitMs: bufferWaitMs(p, state.nowMs),
    routing: keyRouting(state, p),
    config: configRows('producer', p.config),
  };
}

/** The keys a producer uses, as a person writes them in the inspector: "user-1, user-2". */
export function keysText(keys: KeyMode): string {
  if (keys.kind === 'list') return keys.keys.join(', ');
  if (keys.kind === 'space') return `${keys.prefix}0 … ${keys.prefix}${keys.size - 1}`;
  return '';
}

/** The command that gives a running producer other keys (none: records without a key). */
export function setKeysCommand(id: string, keys: string[]): unknown {
  return keys.length > 0
    ? { type: 'producer.setKeys', producer: id, keys }
    : { type: 'producer.setKeys', producer: id };
}

// ---------------------------------------------------------------------------------------
// Broker

export interface BrokerInspectorModel {
  id: number;
  alive: boolean;
  isolated: boolean;
  fenced: boolean;
  /** Restarted and not registered with the controller yet (see BrokerView.registering). */
  registering: boolean;
  /** In a controlled shutdown (see BrokerView.shuttingDown). */
  shuttingDown: boolean;
  controller: 'active' | 'voter' | null;
  extraLatencyMs: number;
  /** Partitions of user topics it leads, hosts as a follower, and of those out of the ISR. */
  leads: number;
  follows: number;
  outOfSync: number;
  /** Partitions it leads whose ISR is smaller than their replica set. */
  underReplicated: number;
  coordinates: string[];
  /** The machine's OS page cache over its logs, and its size (the scenario's cluster.pageCache). */
  pageCache: PageCacheStats & { sizeBytes: number; diskReadMs: number };
  /** Its RemoteLogManager's work (tiered storage), or null when remote.log.storage.system.enable is off. */
  remoteStorage: (RemoteStorageStats & { latencyMs: number }) | null;
  /** Its log cleaner (log compaction), or null while no topic is compacted. */
  logCleaner: (LogCleanerStats & { enabled: boolean; backoffMs: number }) | null;
  /** Broker configs: cluster-wide in the simulator (every broker has the same). */
  config: ConfigRow[];
}

export function brokerInspector(state: SimState, id: number): BrokerInspectorModel | null {
  const b = state.brokers.find((x) => x.id === id);
  if (!b) return null;
  const v = brokerView(state, b);
  const cleaner = cleanerStatsOf(state, b);
  let leads = 0;
  let follows = 0;
  let outOfSync = 0;
  let underReplicated = 0;
  for (const t of state.topics) {
    if (t.internal) continue;
    for (const p of t.partitions) {
      if (!p.replicas.includes(id)) continue;
      if (p.leader === id) {
        leads++;
        // As the engine's UnderReplicatedPartitions: replicas being added do not count.
        if (p.isr.length < p.replicas.length - p.addingReplicas.length) underReplicated++;
      } else {
        follows++;
        if (!p.isr.includes(id)) outOfSync++;
      }
    }
  }
  return {
    id,
    alive: b.alive,
    isolated: b.isolated,
    fenced: v.fenced,
    registering: v.registering,
    shuttingDown: v.shuttingDown,
    controller: v.controller,
    extraLatencyMs: b.extraLatencyMs,
    leads,
    follows,
    outOfSync,
    underReplicated,
    coordinates: v.coordinates,
    pageCache: {
      ...b.pageCache,
      sizeBytes: state.cluster.pageCacheBytes,
      diskReadMs: state.cluster.diskReadMs,
    },
    remoteStorage: brokerSettings(state.cluster.brokerConfig).remoteLogStorageSystem
      ? { ...b.remoteStorage, latencyMs: state.cluster.remoteLatencyMs }
      : null,
    logCleaner: cleaner && {
      ...cleaner,
      enabled: brokerSettings(state.cluster.brokerConfig).logCleanerEnable,
      backoffMs: brokerSettings(state.cluster.brokerConfig).logCleanerBackoffMs,
    },
    config: configRows('broker', state.cluster.brokerConfig),
  };
}

/** Extra one-way latency choices for a slow broker (broker.slow), in ms. */
export const SLOW_CHOICES_MS: readonly number[] = [0, 20, 100, 500, 2000];

// ---------------------------------------------------------------------------------------
// Partition

export interface PartitionInspectorModel {
  topic: string;
  partition: number;
  partitionsInTopic: number;
  leader: number | null;
  leaderEpoch: number;
  replicas: number[];
  /** A reassignment in progress (KIP-455): the replicas it adds and removes; both empty when none. */
  adding: number[];
  removing: number[];
  isr: number[];
  /** Eligible leader replicas (KIP-966); null when the cluster has ELR off. */
  elr: number[] | null;
  /** LastKnownElr: the leader when the ISR became empty (ELR on), or null. */
  lastKnownLeader: number | null;
  /** Each replica's log end offset (and high watermark as that replica knows it). */
  replicaLogs: {
    broker: number;
    logEndOffset: number;
    highWatermark: number;
    inIsr: boolean;
    inElr: boolean;
    /** Its part in a reassignment (reassignmentRole); 'removed': its broker has yet to delete the log. */
    reassignment: ReturnType<typeof reassignmentRole>;
  }[];
  logStartOffset: number;
  /** Tiered storage: the leader's local log start and what remote storage holds; else null. */
  tiered: { localLogStartOffset: number; remoteSegments: number; remoteBytes: number } | null;
  highWatermark: number;
  /** The topic's min.insync.replicas as it takes effect (a topic config, else the broker's). */
  minIsr: number;
  /** Acknowledged records of this partition lost (durability.ts): no consumer will read them. */
  lost: number;
  internal: boolean;
  config: ConfigRow[];
}

/** Broker configs that are defaults for topic configs, as `topicSettings` (config.ts) reads them. */
function topicDefaultsFromBroker(broker: ConfigValues): ConfigValues {
  const out: ConfigValues = {};
  for (const [brokerKey, topicKey] of [
    ['min.insync.replicas', 'min.insync.replicas'],
    ['message.max.bytes', 'max.message.bytes'],
    ['unclean.leader.election.enable', 'unclean.leader.election.enable'],
  ] as const)
    if (broker[brokerKey] !== undefined) out[topicKey] = broker[brokerKey];
  return out;
}

export function partitionInspector(
  state: SimState,
  topic: string,
  partition: number,
): PartitionInspectorModel | null {
  const t = state.topics.find((x) => x.name === topic);
  const p = t?.partitions[partition];
  if (!t || !p) return null;
  const leaderLog = p.replicaLogs.find((r) => r.brokerId === p.leader) ?? p.replicaLogs[0];
  return {
    topic,
    partition,
    partitionsInTopic: t.partitions.length,
    leader: p.leader,
    leaderEpoch: p.leaderEpoch,
    replicas: [...p.replicas],
    adding: [...p.addingReplicas],
    removing: [...p.removingReplicas],
    isr: [...p.isr],
    elr: brokerSettings(state.cluster.brokerConfig).eligibleLeaderReplicas ? [...p.elr] : null,
    lastKnownLeader: p.lastKnownElr[0] ?? null,
    replicaLogs: p.replicaLogs.map((r) => ({
      broker: r.brokerId,
      logEndOffset: r.log.logEndOffset,
      highWatermark: r.highWatermark,
      inIsr: p.isr.includes(r.brokerId),
      inElr: p.elr.includes(r.brokerId),
      reassignment: reassignmentRole(p, r.brokerId),
    })),
    logStartOffset: leaderLog ? logStartOffset(p, leaderLog) : 0,
    tiered:
      leaderLog && p.remoteLog
        ? {
            localLogStartOffset: leaderLog.log.logStartOffset,
            remoteSegments: p.remoteLog.segments.length,
            remoteBytes: p.remoteLog.sizeBytes,
          }
        : null,
    highWatermark: leaderLog?.highWatermark ?? 0,
    minIsr: topicSettings(t.config, state.cluster.brokerConfig).minInsyncReplicas,
    lost: lostOfPartition(state, topic, partition),
    internal: t.internal,
    config: configRows('topic', t.config, topicDefaultsFromBroker(state.cluster.brokerConfig)),
  };
}
