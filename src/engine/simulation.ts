/**
 * The simulation: create from a setup, apply commands, advance simulated time, snapshot and
 * restore. Everything it knows is in `state` (plain JSON); everything it decides comes from
 * the seed and the commands. It never throws on bad input: an invalid command is answered
 * with a `command.rejected` event and leaves the state untouched.
 */
import {
  addBroker,
  checkRetention,
  crashBroker,
  healBroker,
  isolateBroker,
  newBroker,
  restartBroker,
  shutdownBroker,
  stopAfterShutdownTimeout,
  slowBroker,
  startBrokerTasks,
} from './brokers.ts';
import { runLogCleaner } from './logCleaner.ts';
import {
  expireDelayedProduces,
  expireParkedFetches,
  handleFetch,
  handleListOffsets,
  handleMetadata,
  handleProduce,
  handleReplicaFetch,
} from './brokerRequests.ts';
import {
  handleOffsetsForLeaderEpoch,
  onOffsetsForLeaderEpochResponse,
} from './offsetValidation.ts';
import { onMetadataResponse } from './clientMetadata.ts';
import {
  checkSessions,
  initController,
  onAlterPartition,
  onHeartbeat,
  onHeartbeatResponse,
  onMetadataUpdate,
  rebalanceLeaders,
  electUncleanLeaders,
  runControllerElection,
  sendHeartbeat,
} from './controller.ts';
import {
  applyMetadata,
  checkIsr,
  onAlterPartitionResponseMessage,
  onReplicaFetchResponse,
  resumeFetcher,
} from './replication.ts';
import { parseCommand, parseTopicPartition } from './commandParse.ts';
import type { Command } from './commands.ts';
import { brokerSettings, parseConfig, type ConfigScope } from './config.ts';
import {
  addConsumer,
  commitConsumer,
  onConsumerMetadata,
  onConsumerTimeout,
  onFetchResponse,
  onListOffsetsResponse,
  poll,
  removeConsumer,
  setProcessingTime,
} from './consumer.ts';
import { findBroker, findTopic, type Ctx } from './context.ts';
import type { SimEvent } from './events.ts';
import type { MessageState, SimState, Work } from './model.ts';
import { sampleMetrics } from './metrics.ts';
import { receivable, send } from './network.ts';
import {
  DEFAULT_DISK_READ_MS,
  DEFAULT_PAGE_CACHE_BYTES,
  MAX_DISK_READ_MS,
  MIN_PAGE_CACHE_BYTES,
} from './pageCache.ts';
import {
  DEFAULT_REMOTE_LATENCY_MS,
  deliverToRemote,
  MAX_REMOTE_LATENCY_MS,
  onRemoteCopyResponse,
  onRemoteFetchResponse,
  runRemoteLogTasks,
} from './tieredStorage.ts';
import { removeWhere } from './queue.ts';
import {
  addProducer,
  generateDue,
  removeProducer,
  sendExplicit,
  setProducerConfig,
  setProducerKeys,
  setProducerRate,
} from './producer.ts';
import { peek, pop, schedule } from './queue.ts';
import { reject, type Rejection } from './rejection.ts';
import { seedRng } from './rng.ts';
import {
  onProduceResponse,
  onProducerExpire,
  onProducerTimeout,
  runSender,
  wakeSender,
} from './sender.ts';
import {
  DEFAULT_LINK_JITTER_MS,
  DEFAULT_LINK_LATENCY_MS,
  MAX_BROKERS,
  type SetupProblem,
  type SimulationSetup,
} from './setup.ts';
import { addPartitions, createTopic, setTopicConfig } from './topics.ts';
import { cancelReassignment, reassignPartition } from './reassignment.ts';
import { completeWrite, handleGroupMessage } from './groupCoordinator.ts';
import { onGroupResponse } from './groupClient.ts';
import { heartbeatTick } from './groupHeartbeat.ts';
import { runGroupTimer } from './groupRebalance.ts';
import { addGroupSpec, createOffsetsTopic, setGroupConfig } from './groupCommands.ts';
import { expireCoordinatorWrites } from './offsetsTopic.ts';
import { addConnector, crashConnectorTask, restartConnectorTask } from './connect.ts';
import { flushSourceOffsets, pollSource } from './connectSource.ts';

export interface Simulation {
  /** The live state. Read it; never write it (send commands instead). */
  readonly state: SimState;
  /** Validates and applies one command at the current simulated time. */
  apply(command: unknown): SimEvent[];
  /** Runs all work due up to and including `timeMs`, then sets the clock to it. */
  advanceTo(timeMs: number): SimEvent[];
  /** advanceTo(now + ms). */
  advanceBy(ms: number): SimEvent[];
  /** A deep copy of the state, plain JSON. */
  snapshot(): SimState;
}

export type CreateResult =
  { ok: true; simulation: Simulation; problems: [] } | { ok: false; problems: SetupProblem[] };

const STATS_SAMPLE_MS = 1000;
export const MAX_LINK_LATENCY_MS = 10_000;

function dispatch(ctx: Ctx, c: Command): Rejection | null {
  switch (c.type) {
    case 'broker.crash':
      return crashBroker(ctx, c.broker);
    case 'broker.restart':
      return restartBroker(ctx, c.broker);
    case 'broker.shutdown':
      return shutdownBroker(ctx, c.broker);
    case 'broker.isolate':
      return isolateBroker(ctx, c.broker);
    case 'broker.heal':
      return healBroker(ctx, c.broker);
    case 'broker.add':
      return addBroker(ctx, c.broker);
    case 'broker.slow':
      return slowBroker(ctx, c.broker, c.extraLatencyMs);
    case 'topic.create':
      return createTopic(ctx, c);
    case 'topic.addPartitions':
      return addPartitions(ctx, c.topic, c.partitions);
    case 'topic.setConfig':
      return setTopicConfig(ctx, c.topic, c.config);
    case 'partition.reassign':
      return reassignPartition(ctx, c.topic, c.partition, c.replicas);
    case 'partition.cancelReassignment':
      return cancelReassignment(ctx, c.topic, c.partition);
    case 'producer.add':
      return addProducer(ctx, c);
    case 'producer.remove':
      return removeProducer(ctx, c.producer);
    case 'producer.send':
      return sendExplicit(ctx, c);
    case 'producer.setConfig':
      return setProducerConfig(ctx, c.producer, c.config);
    case 'producer.setRate':
      return setProducerRate(ctx, c.producer, c.ratePerSec);
    case 'producer.setKeys':
      return setProducerKeys(ctx, c.producer, {
        ...(c.keys === undefined ? {} : { keys: c.keys }),
        ...(c.keySpace === undefined ? {} : { keySpace: c.keySpace }),
      });
    case 'consumer.add':
      return addConsumer(ctx, c);
    case 'consumer.leave':
      return removeConsumer(ctx, c.consumer, true);
    case 'consumer.crash':
      return removeConsumer(ctx, c.consumer, false);
    case 'consumer.setProcessingTime':
      return setProcessingTime(ctx, c.consumer, c.processingTimeMs);
    case 'consumer.commit':
      return commitConsumer(ctx, c.consumer);
    case 'group.setConfig':
      return setGroupConfig(ctx, c.group, c.config);
    case 'connector.add':
      return addConnector(ctx, c);
    case 'connector.crashTask':
      return crashConnectorTask(ctx, c.connector, c.task);
    case 'connector.restartTask':
      return restartConnectorTask(ctx, c.connector, c.task);
  }
}

/** Validates and applies one command; returns the rejection, if any. Never throws. */
function applyCommand(ctx: Ctx, raw: unknown, source: 'timeline' | 'user'): Rejection | null {
  const parsed = parseCommand(raw);
  let rejection: Rejection | null;
  if (!parsed.ok) {
    rejection = reject(parsed.problems.map((p) => `${p.path}: ${p.reason}`).join('; '), null);
  } else {
    try {
      rejection = dispatch(ctx, parsed.command);
    } catch (err) {
      // An engine bug, not bad input: report it rather than break the running simulation.
      rejection = reject(
        `internal error while applying ${parsed.command.type}: ${String(err)}`,
        null,
      );
    }
  }
  if (rejection) {
    ctx.events.push({
      atMs: ctx.state.nowMs,
      type: 'command.rejected',
      command: raw,
      reason: rejection.reason,
      error: rejection.error,
    });
    return rejection;
  }
  if (!parsed.ok) return null; // unreachable: a parse failure is always a rejection
  ctx.state.commandLog.push({ atMs: ctx.state.nowMs, command: parsed.command, source });
  ctx.events.push({ atMs: ctx.state.nowMs, type: 'command.applied', command: parsed.command });
  return null;
}

const WAKE_AFTER_METADATA = {
  producer: (ctx: Ctx, id: string) => {
    const p = ctx.state.producers.find((x) => x.id === id);
    if (p) wakeSender(ctx, p, ctx.state.nowMs);
  },
  consumer: onConsumerMetadata,
};

function deliverToBroker(ctx: Ctx, msg: MessageState): void {
  if (msg.to.kind !== 'broker') return;
  const broker = findBroker(ctx.state, msg.to.id);
  if (!broker) return;
  switch (msg.kind) {
    case 'produce':
      return handleProduce(ctx, msg, broker);
    case 'fetch':
      return handleFetch(ctx, msg, broker);
    case 'listOffsets':
      return handleListOffsets(ctx, msg, broker);
    case 'offsetsForLeaderEpoch':
      return handleOffsetsForLeaderEpoch(ctx, msg, broker);
    case 'metadata':
      return handleMetadata(ctx, msg, broker);
    case 'replicaFetch':
      return handleReplicaFetch(ctx, msg, broker);
    case 'replicaFetchResponse':
      return onReplicaFetchResponse(ctx, msg);
    case 'brokerHeartbeat':
      return onHeartbeat(ctx, msg);
    case 'brokerHeartbeatResponse':
      return onHeartbeatResponse(ctx, msg);
    case 'metadataUpdate':
      return onMetadataUpdate(ctx, msg);
    case 'alterPartition':
      return onAlterPartition(ctx, msg);
    case 'alterPartitionResponse':
      return onAlterPartitionResponseMessage(ctx, msg);
    case 'remoteCopyResponse':
      return onRemoteCopyResponse(ctx, msg, broker);
    case 'remoteFetchResponse':
      return onRemoteFetchResponse(ctx, msg, broker);
    case 'findCoordinator':
    case 'joinGroup':
    case 'syncGroup':
    case 'heartbeat':
    case 'leaveGroup':
    case 'offsetCommit':
    case 'offsetFetch':
      return handleGroupMessage(ctx, msg, broker, createOffsetsTopic);
    default:
      return;
  }
}

const GROUP_RESPONSES = new Set<string>([
  'findCoordinatorResponse',
  'joinGroupResponse',
  'syncGroupResponse',
  'heartbeatResponse',
  'leaveGroupResponse',
  'offsetCommitResponse',
  'offsetFetchResponse',
]);

function deliver(ctx: Ctx, msg: MessageState): void {
  if (!receivable(ctx.state, msg)) return;
  if (msg.to.kind === 'broker') return deliverToBroker(ctx, msg);
  if (msg.to.kind === 'remote') return deliverToRemote(ctx, msg);
  if (msg.kind === 'produceResponse') onProduceResponse(ctx, msg);
  else if (msg.kind === 'fetchResponse') onFetchResponse(ctx, msg);
  else if (msg.kind === 'listOffsetsResponse') onListOffsetsResponse(ctx, msg);
  else if (msg.kind === 'offsetsForLeaderEpochResponse') onOffsetsForLeaderEpochResponse(ctx, msg);
  else if (GROUP_RESPONSES.has(msg.kind)) onGroupResponse(ctx, msg);
  else if (msg.kind === 'metadataResponse')
    onMetadataResponse(ctx, msg, {
      producer: (id) => WAKE_AFTER_METADATA.producer(ctx, id),
      consumer: (id) => WAKE_AFTER_METADATA.consumer(ctx, id),
    });
}

function sampleStats(state: SimState): void {
  sampleMetrics(state);
  schedule(state, state.nowMs + STATS_SAMPLE_MS, { kind: 'statsSample' });
}

function runWork(ctx: Ctx, work: Work): void {
  switch (work.kind) {
    case 'deliver':
      return deliver(ctx, work.message);
    case 'depart':
      send(ctx, work.from, work.to, work.payload, work.sizeBytes);
      return;
    case 'producerGenerate':
      return generateDue(ctx, work.producer);
    case 'producerSend':
      return runSender(ctx, work.producer);
    case 'producerTimeout':
      return onProducerTimeout(ctx, work.producer);
    case 'producerExpire':
      return onProducerExpire(ctx, work.producer);
    case 'consumerPoll':
      return poll(ctx, work.consumer);
    case 'consumerTimeout':
      return onConsumerTimeout(ctx, work.consumer);
    case 'fetchExpire':
      return expireParkedFetches(ctx, work.broker);
    case 'retentionCheck':
      return checkRetention(ctx, work.broker);
    case 'logCleaner':
      return runLogCleaner(ctx, work.broker);
    case 'remoteLogTask':
      return runRemoteLogTasks(ctx, work.broker);
    case 'produceExpire':
      return expireDelayedProduces(ctx, work.broker);
    case 'isrCheck':
      return checkIsr(ctx, work.broker);
    case 'brokerHeartbeat':
      return sendHeartbeat(ctx, work.broker);
    case 'controlledShutdownTimeout':
      return stopAfterShutdownTimeout(ctx, work.broker);
    case 'replicaFetch':
      return resumeFetcher(ctx, work.broker, work.leader);
    case 'controllerElection':
      return runControllerElection(ctx);
    case 'sessionCheck':
      return checkSessions(ctx);
    case 'uncleanElection':
      return electUncleanLeaders(ctx);
    case 'leaderRebalance':
      return rebalanceLeaders(ctx);
    case 'statsSample':
      return sampleStats(ctx.state);
    case 'groupTimer':
      return runGroupTimer(ctx, work.group);
    case 'consumerHeartbeat':
      return heartbeatTick(ctx, work.consumer);
    case 'coordinatorWriteExpire':
      return expireCoordinatorWrites(ctx, work.broker, completeWrite);
    case 'connectSourcePoll':
      return pollSource(ctx, work.connector);
    case 'connectOffsetFlush':
      return flushSourceOffsets(ctx, work.connector);
  }
}

/**
 * Work items one simulated instant may run. Far above any real load (the stress preset runs a
 * few thousand per millisecond); past it, work is rescheduling itself at the same instant, an
 * engine bug that would otherwise freeze the page.
 */
const MAX_WORK_PER_INSTANT = 2_000_000;

/** Runs every queued item due at or before `untilMs`, in (time, sequence) order; false if it had to stop. */
function runQueue(ctx: Ctx, untilMs: number): boolean {
  const state = ctx.state;
  let instant = -1;
  let atInstant = 0;
  for (let top = peek(state); top !== undefined && top.atMs <= untilMs; top = peek(state)) {
    if (top.atMs !== instant) {
      instant = top.atMs;
      atInstant = 0;
    } else if (++atInstant > MAX_WORK_PER_INSTANT) {
      ctx.events.push({
        atMs: state.nowMs,
        type: 'engine.error',
        work: top.work.kind,
        reason: `more than ${MAX_WORK_PER_INSTANT} work items at ${instant} ms: stopped (an engine bug)`,
      });
      return false;
    }
    pop(state);
    state.nowMs = top.atMs;
    try {
      runWork(ctx, top.work);
    } catch (err) {
      // An engine bug must not break the running simulation: report it and carry on.
      ctx.events.push({
        atMs: state.nowMs,
        type: 'engine.error',
        work: top.work.kind,
        reason: String(err),
      });
    }
  }
  return true;
}

class EngineSimulation implements Simulation {
  constructor(readonly state: SimState) {}

  apply(command: unknown): SimEvent[] {
    const ctx: Ctx = { state: this.state, events: [] };
    applyCommand(ctx, command, 'user');
    return ctx.events;
  }

  advanceTo(timeMs: number): SimEvent[] {
    const ctx: Ctx = { state: this.state, events: [] };
    const state = this.state;
    if (!Number.isFinite(timeMs) || timeMs < state.nowMs) return ctx.events;
    const target = Math.floor(timeMs);
    // A timeline command at time t runs after all work due at t, exactly as if a person had
    // advanced to t and then sent it: a replayed run matches the live one.
    for (;;) {
      const entry = state.timeline[state.timelineCursor];
      const due = entry !== undefined && entry.atMs <= target;
      if (!runQueue(ctx, due ? entry.atMs : target)) return ctx.events; // the clock stays put
      if (!due) break;
      state.nowMs = Math.max(state.nowMs, entry.atMs);
      state.timelineCursor++;
      applyCommand(ctx, entry.command, 'timeline');
    }
    state.nowMs = target;
    return ctx.events;
  }

  advanceBy(ms: number): SimEvent[] {
    return this.advanceTo(this.state.nowMs + ms);
  }

  snapshot(): SimState {
    return JSON.parse(JSON.stringify(this.state)) as SimState;
  }
}

function setupProblems(setup: SimulationSetup): SetupProblem[] {
  const problems: SetupProblem[] = [];
  if (!Number.isInteger(setup.seed))
    problems.push({ path: 'seed', reason: `seed must be a whole number, got ${setup.seed}` });
  if (!Number.isInteger(setup.brokers) || setup.brokers < 1 || setup.brokers > MAX_BROKERS) {
    problems.push({
      path: 'cluster.brokers',
      reason: `brokers must be a whole number from 1 to ${MAX_BROKERS}, got ${setup.brokers}`,
    });
  }
  for (const key of ['latencyMs', 'jitterMs'] as const) {
    const v = setup.network?.[key];
    // At least 1 ms per link: a request and its answer never happen in the same instant, so
    // time always moves forward (with 0, a fetch with fetch.max.wait.ms=0 would spin forever).
    const min = key === 'latencyMs' ? 1 : 0;
    if (v !== undefined && (!Number.isInteger(v) || v < min || v > MAX_LINK_LATENCY_MS)) {
      problems.push({
        path: `cluster.network.${key}`,
        reason: `${key} must be a whole number from ${min} to ${MAX_LINK_LATENCY_MS}, got ${v}`,
      });
    }
  }
  const { sizeBytes, diskReadMs } = setup.pageCache ?? {};
  if (
    sizeBytes !== undefined &&
    (!Number.isSafeInteger(sizeBytes) || sizeBytes < MIN_PAGE_CACHE_BYTES)
  ) {
    problems.push({
      path: 'cluster.pageCache.sizeBytes',
      reason: `sizeBytes must be a whole number of bytes, at least ${MIN_PAGE_CACHE_BYTES}, got ${sizeBytes}`,
    });
  }
  if (
    diskReadMs !== undefined &&
    (!Number.isInteger(diskReadMs) || diskReadMs < 0 || diskReadMs > MAX_DISK_READ_MS)
  ) {
    problems.push({
      path: 'cluster.pageCache.diskReadMs',
      reason: `diskReadMs must be a whole number from 0 to ${MAX_DISK_READ_MS}, got ${diskReadMs}`,
    });
  }
  const remoteMs = setup.remoteStorage?.latencyMs;
  if (
    remoteMs !== undefined &&
    (!Number.isInteger(remoteMs) || remoteMs < 1 || remoteMs > MAX_REMOTE_LATENCY_MS)
  ) {
    problems.push({
      path: 'cluster.remoteStorage.latencyMs',
      reason: `latencyMs must be a whole number from 1 to ${MAX_REMOTE_LATENCY_MS}, got ${remoteMs}`,
    });
  }
  for (const p of parseConfig('broker', setup.brokerConfig).problems)
    problems.push({ path: `cluster.config.${p.key}`, reason: p.reason });
  return problems;
}

function initialState(setup: SimulationSetup): SimState {
  return {
    formatVersion: 1,
    seed: setup.seed,
    nowMs: 0,
    seq: 0,
    rng: seedRng(setup.seed),
    counters: { message: 0, batch: 0, producerId: 1000, brokerEpoch: 0, fetchSession: 0 },
    cluster: {
      linkLatencyMs: setup.network?.latencyMs ?? DEFAULT_LINK_LATENCY_MS,
      linkJitterMs: setup.network?.jitterMs ?? DEFAULT_LINK_JITTER_MS,
      brokerConfig: parseConfig('broker', setup.brokerConfig).values,
      linkLastArrivalMs: { toBroker: {}, toClient: {} },
      pageCacheBytes: setup.pageCache?.sizeBytes ?? DEFAULT_PAGE_CACHE_BYTES,
      diskReadMs: setup.pageCache?.diskReadMs ?? DEFAULT_DISK_READ_MS,
      remoteLatencyMs: setup.remoteStorage?.latencyMs ?? DEFAULT_REMOTE_LATENCY_MS,
    },
    controller: {
      voters: [],
      active: null,
      epoch: 0,
      metadataOffset: 0,
      electionAtMs: null,
      outage: null,
      registrations: [],
      sessionCheckAtMs: null,
      rebalanceCheckAtMs: null,
      uncleanCheckAtMs: null,
    },
    durability: { acked: {}, lostCount: 0, lost: [], lostByProducer: {}, lostByPartition: {} },
    brokers: Array.from({ length: setup.brokers }, (_, i) => newBroker(i + 1, 0)),
    topics: [],
    producers: [],
    consumers: [],
    queue: [],
    timeline: [],
    timelineCursor: 0,
    commandLog: [],
    groups: [],
    groupSpecs: [],
    streams: [],
    connectors: [],
    stats: {
      messagesIn: 0,
      recordsConsumed: 0,
      bytesIn: 0,
      leaderElections: 0,
      uncleanLeaderElections: 0,
      isrShrinks: 0,
      isrExpands: 0,
      failedProduceRequests: 0,
      series: [],
    },
  };
}

function located(path: string, r: Rejection, rename: Record<string, string> = {}): SetupProblem {
  const field = r.field === undefined ? '' : `.${rename[r.field] ?? r.field}`;
  return { path: `${path}${field}`, reason: r.reason };
}

/** What the caller already found wrong with a setup, so its consequences are not blamed. */
export interface SetupCheckOptions {
  /** Where the problem of a topic the setup lacks was reported (the scenario parser's). */
  topicInError?: (name: string) => string | undefined;
}

/** Creates a simulation at time 0; a setup with problems creates nothing. */
export function createSimulation(
  setup: SimulationSetup,
  options: SetupCheckOptions = {},
): CreateResult {
  const problems = setupProblems(setup);
  // The entries are checked even when the cluster itself is broken, on a cluster built from
  // what is valid (initialState skips bad config keys, and a bad seed or link setting gives
  // way to the default), so every problem is reported at once. A bad broker count gives way
  // to the most brokers there may be: the checks that depend on the count (a replication
  // factor above it, an assignment naming a broker past it) cannot fail then, and are skipped.
  const bad = (path: string) => problems.some((q) => q.path.startsWith(path));
  const state = initialState({
    ...setup,
    seed: bad('seed') ? 0 : setup.seed,
    brokers: bad('cluster.brokers') ? MAX_BROKERS : setup.brokers,
    ...(bad('cluster.network') ? { network: {} } : {}),
    ...(bad('cluster.pageCache') ? { pageCache: {} } : {}),
  });
  const ctx: Ctx = { state, events: [] };
  initController(state);
  const heartbeatMs = brokerSettings(state.cluster.brokerConfig).heartbeatIntervalMs;
  for (const b of state.brokers) startBrokerTasks(state, b.id, heartbeatMs);
  schedule(state, STATS_SAMPLE_MS, { kind: 'statsSample' });
  // Every problem of every entry is reported: the engine's verdict on the entry, every bad
  // config key besides, and a client naming a topic that failed is pointed at that topic.
  const failedTopics = new Map<string, string>();
  const entryProblems = (
    path: string,
    r: Rejection | null,
    scope: ConfigScope,
    config: unknown,
    rename = {},
  ) => {
    const found = r ? [located(path, r, rename)] : [];
    for (const c of parseConfig(scope, config).problems)
      found.push({ path: `${path}.config.${c.key}`, reason: c.reason });
    for (const f of found) if (!problems.some((q) => q.path === f.path)) problems.push(f);
  };
  (setup.topics ?? []).forEach((spec, i) => {
    const r = createTopic(ctx, spec);
    // A repeated name fails, but the topic of that name exists (created by the first entry).
    if (r && !findTopic(state, spec.name)) failedTopics.set(spec.name, `topics[${i}]`);
    entryProblems(`topics[${i}]`, r, 'topic', spec.config);
  });
  const failedTopicIn = (names: string[]) =>
    names.map((n) => failedTopics.get(n) ?? options.topicInError?.(n)).find((p) => p !== undefined);
  (setup.producers ?? []).forEach((spec, i) => {
    const { id, ...rest } = spec;
    const failed = failedTopicIn([spec.topic]);
    const r = failed
      ? reject(`topic '${spec.topic}' was not created (see ${failed})`, null, 'topic')
      : addProducer(ctx, { type: 'producer.add', producer: id, ...rest });
    entryProblems(`producers[${i}]`, r, 'producer', spec.config, { producer: 'id' });
  });
  (setup.consumers ?? []).forEach((spec, i) => {
    const { id, ...rest } = spec;
    const failed = failedTopicIn(spec.assign.map((tp) => parseTopicPartition(tp)?.topic ?? ''));
    const r = failed
      ? reject(`an assigned topic was not created (see ${failed})`, null, 'assign')
      : addConsumer(ctx, { type: 'consumer.add', consumer: id, ...rest });
    entryProblems(`consumers[${i}]`, r, 'consumer', spec.config, { consumer: 'id' });
  });
  (setup.groups ?? []).forEach((spec, i) => {
    const failed = failedTopicIn(spec.topics);
    const path = `consumerGroups[${i}]`;
    const r = failed
      ? reject(`a subscribed topic was not created (see ${failed})`, null, 'topics')
      : addGroupSpec(ctx, spec);
    entryProblems(path, r, 'consumer', spec.config);
  });
  (setup.connectors ?? []).forEach((spec, i) => {
    const topics = spec.kind === 'source' ? [spec.topic ?? ''] : (spec.topics ?? []);
    const failed = failedTopicIn(topics);
    const r = failed
      ? reject(`a topic of this connector was not created (see ${failed})`, null, 'topics')
      : addConnector(ctx, { type: 'connector.add', ...spec });
    entryProblems(`connectors[${i}]`, r, spec.kind === 'source' ? 'producer' : 'consumer', {});
  });
  (setup.timeline ?? []).forEach((entry, i) => {
    if (!Number.isFinite(entry.at) || entry.at < 0)
      problems.push({
        path: `timeline[${i}].at`,
        reason: `at must be a time in ms >= 0, got ${entry.at}`,
      });
    const parsed = parseCommand(entry.command, `timeline[${i}].command`);
    if (!parsed.ok) problems.push(...parsed.problems);
  });
  if (problems.length > 0) return { ok: false, problems };
  // The cluster starts settled: every broker has applied the metadata of the setup at once
  // (no metadata messages in flight at time 0), and leaders know their followers.
  removeWhere(
    state,
    (item) => item.work.kind === 'deliver' && item.work.message.kind === 'metadataUpdate',
  );
  for (const b of state.brokers) {
    b.metadataOffset = -1;
    applyMetadata(ctx, b, state.controller.metadataOffset);
  }
  // Array.prototype.sort is stable: entries at the same time keep the file's order.
  state.timeline = (setup.timeline ?? [])
    .map((e) => ({ atMs: e.at, command: e.command }))
    .sort((a, b) => a.atMs - b.atMs);
  return { ok: true, simulation: new EngineSimulation(state), problems: [] };
}

/** Continues a simulation from a snapshot; the result runs exactly as the original would. */
export function restoreSimulation(state: SimState): Simulation {
  return new EngineSimulation(JSON.parse(JSON.stringify(state)) as SimState);
}
