/**
 * Topics and partitions: creation with Kafka's replica placement, adding partitions, and
 * topic config changes. Validation mirrors what Kafka's CreateTopics / CreatePartitions
 * handlers answer (TOPIC_ALREADY_EXISTS, INVALID_PARTITIONS, INVALID_REPLICATION_FACTOR,
 * INVALID_REPLICA_ASSIGNMENT, INVALID_CONFIG, INVALID_TOPIC_EXCEPTION).
 *
 * As in KRaft (ReplicationControlManager.createTopic), topics are created by the active
 * controller: replicas go to unfenced brokers, each new partition's ISR is its unfenced
 * replicas and its leader the first of them, and brokers learn of it from the metadata log.
 */
import type { TopicSpec } from './commands.ts';
import { acceptableLeader, clearEligibleLeaderReplicas, publish } from './controller.ts';
import { emit, findTopic, type Ctx } from './context.ts';
import { brokerSettings, parseConfig } from './config.ts';
import { createLog } from './log.ts';
import { recordPartition } from './metadata.ts';
import type { PartitionState, ReplicaLog, SimState, TopicState } from './model.ts';
import { remoteStorageConfigProblem } from './tieredStorage.ts';
import { reject, type Rejection } from './rejection.ts';
import { assignReplicasToBrokers } from './replicaAssignment.ts';
import { nextInt } from './rng.ts';

/** Kafka's Topic.validate: legal characters, length, and the reserved "." and "..". */
export function topicNameProblem(name: string): string | null {
  if (name.length === 0) return "Topic name is illegal, it can't be empty";
  if (name === '.' || name === '..') return 'Topic name cannot be "." or ".."';
  if (name.length > 249) return "Topic name is illegal, it can't be longer than 249 characters";
  if (!/^[a-zA-Z0-9._-]+$/.test(name)) {
    return `Topic name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`;
  }
  return null;
}

const MAX_PARTITIONS_PER_TOPIC = 10_000;

/** A bound of the simulator's (Kafka has none this low): keeps a typo from eating memory. */
function partitionLimit(partitions: number): Rejection | null {
  if (partitions <= MAX_PARTITIONS_PER_TOPIC) return null;
  return reject(
    `At most ${MAX_PARTITIONS_PER_TOPIC} partitions per topic are simulated, got ${partitions}.`,
    'INVALID_PARTITIONS',
    'partitions',
  );
}

/** Brokers that can take new replicas: registered and unfenced (ClusterControlManager.usableBrokers). */
function liveBrokerIds(state: SimState): number[] {
  return state.brokers
    .filter((b) => acceptableLeader(state, b.id))
    .map((b) => b.id)
    .sort((a, b) => a - b);
}

/** Topic changes go through the active controller; without one they fail. */
export function controllerRejection(state: SimState): Rejection | null {
  if (state.controller.active !== null) return null;
  return reject(
    `there is no active controller (${state.controller.outage ?? 'none elected'}), so no topic can be created or changed`,
    'NOT_CONTROLLER',
    'topic',
  );
}

export function newReplicaLog(brokerId: number): ReplicaLog {
  return {
    brokerId,
    log: createLog(),
    highWatermark: 0,
    producerStates: {},
    epochs: [],
    leaderState: null,
    fetchBackoffUntilMs: 0,
  };
}

function checkAssignment(state: SimState, assignment: number[][], field: string): Rejection | null {
  const rf = assignment[0]?.length ?? 0;
  for (const [i, replicas] of assignment.entries()) {
    if (replicas.length === 0)
      return reject(
        `partition ${i} has no replicas`,
        'INVALID_REPLICA_ASSIGNMENT',
        `${field}[${i}]`,
      );
    if (replicas.length !== rf) {
      return reject(
        `partition ${i} has ${replicas.length} replicas but partition 0 has ${rf}; all partitions need the same replication factor`,
        'INVALID_REPLICA_ASSIGNMENT',
        `${field}[${i}]`,
      );
    }
    if (new Set(replicas).size !== replicas.length) {
      return reject(
        `partition ${i} lists a broker twice: [${replicas.join(', ')}]`,
        'INVALID_REPLICA_ASSIGNMENT',
        `${field}[${i}]`,
      );
    }
    const unknown = replicas.find((b) => !state.brokers.some((x) => x.id === b));
    if (unknown !== undefined)
      return reject(
        `partition ${i} names broker ${unknown}, which does not exist`,
        'INVALID_REPLICA_ASSIGNMENT',
        `${field}[${i}]`,
      );
  }
  return null;
}

function newPartition(
  topic: string,
  partition: number,
  replicas: number[],
  state: SimState,
): PartitionState {
  // The ISR is the unfenced replicas, in assignment order; the first of them leads.
  const isr = replicas.filter((b) => acceptableLeader(state, b));
  return {
    topic,
    partition,
    replicas,
    addingReplicas: [],
    removingReplicas: [],
    leader: isr[0] ?? null,
    leaderEpoch: 0,
    isr,
    elr: [],
    lastKnownElr: [],
    partitionEpoch: 0,
    history: [],
    replicaLogs: replicas.map(newReplicaLog),
    remoteLog: null,
    remoteCopyInFlight: null,
  };
}

/** Commits the new partitions as one metadata record batch and tells the brokers. */
function commitNewPartitions(ctx: Ctx, partitions: PartitionState[]): void {
  const offset = ++ctx.state.controller.metadataOffset;
  for (const p of partitions) recordPartition(p, offset, ctx.state.nowMs);
  publish(ctx);
}

function fencedAssignment(
  state: SimState,
  assignment: number[][],
  field: string,
): Rejection | null {
  const i = assignment.findIndex((replicas) => !replicas.some((b) => acceptableLeader(state, b)));
  if (i < 0) return null;
  return reject(
    `All brokers specified in the partition assignment for partition ${i} are fenced or down.`,
    'INVALID_REPLICA_ASSIGNMENT',
    `${field}[${i}]`,
  );
}

function placeReplicas(state: SimState, partitions: number, rf: number): number[][] | Rejection {
  const live = liveBrokerIds(state);
  if (rf > live.length) {
    return reject(
      `Replication factor: ${rf} larger than available brokers: ${live.length}.`,
      'INVALID_REPLICATION_FACTOR',
      'replicationFactor',
    );
  }
  // AdminUtils.assignReplicasToBrokers: with no fixed start index Kafka draws both the start
  // index and the replica shift at random; here they come from the seeded PRNG.
  const startIndex = nextInt(state.rng, live.length);
  const shift = nextInt(state.rng, live.length);
  return assignReplicasToBrokers(live, partitions, rf, startIndex, shift);
}

/** Kafka's own topic: brokers create it when the first group appears (offsetsTopic.ts). */
const INTERNAL_TOPIC = '__consumer_offsets';

export function createTopic(ctx: Ctx, spec: TopicSpec, internal = false): Rejection | null {
  const state = ctx.state;
  const noController = controllerRejection(state);
  if (noController) return noController;
  const nameProblem = topicNameProblem(spec.name);
  if (nameProblem) return reject(nameProblem, 'INVALID_TOPIC_EXCEPTION', 'name');
  if (!internal && spec.name === INTERNAL_TOPIC)
    return reject(
      `'${INTERNAL_TOPIC}' is Kafka's internal topic: brokers create it for the first consumer group`,
      'INVALID_TOPIC_EXCEPTION',
      'name',
    );
  if (findTopic(state, spec.name))
    return reject(`Topic '${spec.name}' already exists.`, 'TOPIC_ALREADY_EXISTS', 'name');
  const { values, problems } = parseConfig('topic', spec.config);
  if (problems.length > 0) {
    const p = problems[0]!;
    return reject(`Invalid value for '${p.key}': ${p.reason}`, 'INVALID_CONFIG', `config.${p.key}`);
  }
  const remoteProblem = remoteStorageConfigProblem(state, values, null, internal);
  if (remoteProblem)
    return reject(
      `Invalid value for '${remoteProblem.key}': ${remoteProblem.reason}`,
      'INVALID_CONFIG',
      `config.${remoteProblem.key}`,
    );
  const defaults = brokerSettings(state.cluster.brokerConfig);
  let assignment: number[][];
  if (spec.replicaAssignment !== undefined) {
    if (spec.partitions !== undefined || spec.replicationFactor !== undefined) {
      // CreateTopicsRequest: an explicit assignment excludes numPartitions / replicationFactor,
      // unless they agree with it.
      const rf = spec.replicaAssignment[0]?.length ?? 0;
      if (
        (spec.partitions ?? spec.replicaAssignment.length) !== spec.replicaAssignment.length ||
        (spec.replicationFactor ?? rf) !== rf
      ) {
        return reject(
          'partitions and replicationFactor must match replicaAssignment when both are given',
          'INVALID_REQUEST',
          'replicaAssignment',
        );
      }
    }
    if (spec.replicaAssignment.length === 0)
      return reject(
        'replicaAssignment must list at least one partition',
        'INVALID_PARTITIONS',
        'replicaAssignment',
      );
    const bad =
      checkAssignment(state, spec.replicaAssignment, 'replicaAssignment') ??
      fencedAssignment(state, spec.replicaAssignment, 'replicaAssignment');
    if (bad) return bad;
    assignment = spec.replicaAssignment.map((r) => [...r]);
  } else {
    const partitions = spec.partitions ?? defaults.numPartitions;
    const rf = spec.replicationFactor ?? defaults.defaultReplicationFactor;
    if (!Number.isInteger(partitions) || partitions < 1)
      return reject(
        `Number of partitions must be larger than 0, got ${partitions}.`,
        'INVALID_PARTITIONS',
        'partitions',
      );
    const tooMany = partitionLimit(partitions);
    if (tooMany) return tooMany;
    if (!Number.isInteger(rf) || rf < 1)
      return reject(
        `Replication factor must be larger than 0, got ${rf}.`,
        'INVALID_REPLICATION_FACTOR',
        'replicationFactor',
      );
    const placed = placeReplicas(state, partitions, rf);
    if (!Array.isArray(placed)) return placed;
    assignment = placed;
  }
  const topic: TopicState = {
    name: spec.name,
    config: values,
    partitions: assignment.map((replicas, p) => newPartition(spec.name, p, replicas, state)),
    fixedAssignment: spec.replicaAssignment !== undefined,
    internal,
  };
  state.topics.push(topic);
  emit(ctx, { type: 'topic.created', topic: topic.name, replicaAssignment: assignment });
  commitNewPartitions(ctx, topic.partitions);
  return null;
}

export function addPartitions(ctx: Ctx, name: string, total: number): Rejection | null {
  const state = ctx.state;
  const topic = findTopic(state, name);
  if (!topic)
    return reject(`Topic '${name}' does not exist.`, 'UNKNOWN_TOPIC_OR_PARTITION', 'topic');
  const noController = controllerRejection(state);
  if (noController) return noController;
  const current = topic.partitions.length;
  if (!Number.isInteger(total) || total <= current) {
    return reject(
      `Topic currently has ${current} partitions, which is higher than or equal to the requested ${total}.`,
      'INVALID_PARTITIONS',
      'partitions',
    );
  }
  const tooMany = partitionLimit(total);
  if (tooMany) return tooMany;
  // ReplicationControlManager.createPartitions: the first partition's replica count (during a
  // reassignment of that partition it includes the replicas being removed, as in Kafka).
  const rf = topic.partitions[0]?.replicas.length ?? 1;
  const placed = placeReplicas(state, total - current, rf);
  if (!Array.isArray(placed)) return placed;
  const added = placed.map((replicas, i) => newPartition(name, current + i, replicas, state));
  topic.partitions.push(...added);
  emit(ctx, {
    type: 'topic.partitionsAdded',
    topic: name,
    partitions: total,
    replicaAssignment: placed,
  });
  commitNewPartitions(ctx, added);
  return null;
}

export function setTopicConfig(
  ctx: Ctx,
  name: string,
  raw: Record<string, unknown>,
): Rejection | null {
  const topic = findTopic(ctx.state, name);
  if (!topic)
    return reject(`Topic '${name}' does not exist.`, 'UNKNOWN_TOPIC_OR_PARTITION', 'topic');
  // A null value removes the override, as kafka-configs --delete-config does.
  const toSet = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== null));
  const { values, problems } = parseConfig('topic', toSet);
  if (problems.length > 0) {
    const p = problems[0]!;
    return reject(`Invalid value for '${p.key}': ${p.reason}`, 'INVALID_CONFIG', `config.${p.key}`);
  }
  const removed = Object.keys(raw).filter((k) => raw[k] === null);
  const unknownRemoved = removed.find((k) =>
    parseConfig('topic', { [k]: 'x' }).problems.some((p) => p.reason.startsWith('unknown')),
  );
  if (unknownRemoved)
    return reject(
      `unknown topic config '${unknownRemoved}'`,
      'INVALID_CONFIG',
      `config.${unknownRemoved}`,
    );
  // A new object, never an edit in place: effective settings are cached per config object.
  const next = { ...topic.config, ...values };
  for (const k of removed) delete next[k];
  const remoteProblem = remoteStorageConfigProblem(ctx.state, next, topic.config, topic.internal);
  if (remoteProblem)
    return reject(
      `Invalid value for '${remoteProblem.key}': ${remoteProblem.reason}`,
      'INVALID_CONFIG',
      `config.${remoteProblem.key}`,
    );
  topic.config = next;
  emit(ctx, { type: 'topic.configChanged', topic: name, config: raw });
  if ('min.insync.replicas' in raw) clearEligibleLeaderReplicas(ctx, name);
  return null;
}
