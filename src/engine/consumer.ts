/**
 * Consumers: the poll loop, fetches to each partition's leader from the consumer's position up
 * to the high watermark, max.poll.records, a processing time per record, auto.offset.reset
 * through ListOffsets. Partitions are either given (KafkaConsumer.assign) or come from the
 * consumer's group (KafkaConsumer.subscribe, groupClient.ts); with a group.id, positions start
 * from the group's committed offsets and commits go to the group coordinator (groupCommit.ts).
 */
import { recordsIn } from './log.ts';
import { parseTopicPartition } from './commandParse.ts';
import type { Command } from './commands.ts';
import {
  consumerConfigProblems,
  consumerSettings,
  parseConfig,
  type ConsumerSettings,
} from './config.ts';
import {
  emit,
  findConsumer,
  findPartition,
  findProducer,
  findTopic,
  removeAt,
  type Ctx,
} from './context.ts';
import {
  bootstrapMetadata,
  connectable,
  knownLeader,
  maybeUpdateMetadata,
  metadataDisconnected,
  metadataMayBeDue,
  requestMetadataUpdate,
} from './clientMetadata.ts';
import { groupPoll, markCoordinatorUnknown, newGroupClient } from './groupClient.ts';
import { maybeLeaveGroup, scheduleTick } from './groupHeartbeat.ts';
import {
  fetchCommittedOffsets,
  observeDelivery,
  releaseOwnership,
  sendCommit,
} from './groupCommit.ts';
import type {
  ConsumerConfig,
  ConsumerPartition,
  ConsumerState,
  GroupSpec,
  MessageState,
} from './model.ts';
import { dropClientMessages, REQUEST_OVERHEAD_BYTES, sendToBroker } from './network.ts';
import {
  awaitingValidation,
  forgetDroppedValidations,
  sendValidations,
} from './offsetValidation.ts';
import { removeClientWork, schedule } from './queue.ts';
import { reject, type Rejection } from './rejection.ts';
import {
  attachStreamsMember,
  processPending,
  streamsBeforePoll,
  streamsMemberOf,
  streamsMemberRemoved,
  streamsRunning,
  streamsTook,
} from './streams.ts';
import {
  deliverPending,
  sinkBeforePoll,
  sinkMemberProblem,
  sinkTaskOf,
  sinkTaskRemoved,
  sinkTook,
} from './connectSink.ts';

export const MAX_PROCESSING_TIME_MS = 600_000;

/** A consumer config as KafkaConsumer's constructor would take it, or why it would refuse it. */
export function parseConsumerConfig(raw: unknown): { values: ConsumerConfig } | Rejection {
  const { values, problems } = parseConfig('consumer', raw);
  const first = problems[0] ?? consumerConfigProblems(values)[0];
  if (!first) return { values };
  return reject(
    `Invalid value for '${first.key}': ${first.reason}`,
    'INVALID_CONFIG',
    `config.${first.key}`,
  );
}

export function processingRejection(ms: number): Rejection | null {
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_PROCESSING_TIME_MS) {
    return reject(
      `processingTimeMs must be between 0 and ${MAX_PROCESSING_TIME_MS}, got ${ms}`,
      null,
      'processingTimeMs',
    );
  }
  return null;
}

function unusedConsumerId(consumers: ConsumerState[], prefix: string): string {
  let n = prefix === 'consumer' ? consumers.length + 1 : 1;
  while (consumers.some((c) => c.id === `${prefix}-${n}`)) n++;
  return `${prefix}-${n}`;
}

/** What a new member of `group` gets: the command's own values over the group's spec. */
function memberSpec(
  spec: GroupSpec | undefined,
  cmd: Extract<Command, { type: 'consumer.add' }>,
  group: string,
  id: string,
): { topics: string[] | undefined; config: Record<string, unknown>; processingTimeMs: number } {
  const config: Record<string, unknown> = { ...(spec?.config ?? {}), ...(cmd.config ?? {}) };
  config['group.id'] = group;
  if (spec?.staticMembership && cmd.config?.['group.instance.id'] === undefined)
    config['group.instance.id'] = id;
  return {
    topics: cmd.topics ?? spec?.topics,
    config,
    processingTimeMs: cmd.processingTimeMs ?? spec?.processingTimeMs ?? 0,
  };
}

export function addConsumer(
  ctx: Ctx,
  cmd: Extract<Command, { type: 'consumer.add' }>,
): Rejection | null {
  const state = ctx.state;
  const group = cmd.group;
  if (group !== undefined && cmd.assign !== undefined && cmd.assign.length > 0)
    return reject(
      'a consumer either subscribes with its group (group, topics) or is assigned partitions (assign), not both',
      null,
      'assign',
    );
  const spec = group === undefined ? undefined : state.groupSpecs.find((g) => g.groupId === group);
  const id = cmd.consumer ?? unusedConsumerId(state.consumers, group ?? 'consumer');
  if (findConsumer(state, id)) return reject(`consumer '${id}' already exists`, null, 'consumer');
  // Clients are network endpoints by name: a producer and a consumer may not share one.
  if (findProducer(state, id))
    return reject(`'${id}' is already a producer's id`, null, 'consumer');
  const member = group === undefined ? undefined : memberSpec(spec, cmd, group, id);
  const parsed = parseConsumerConfig(member ? member.config : cmd.config);
  if ('reason' in parsed) return parsed;
  let values = parsed.values;
  // A group in the middle of an assignor change (group.setConfig): a new member joins with the
  // members' bridge list (new assignors ahead of the old), or the group could not accept it.
  const upgrading =
    member && cmd.config?.['partition.assignment.strategy'] === undefined
      ? state.consumers.find(
          (x) => x.group !== null && x.group.groupId === group && x.group.assignorUpgrade !== null,
        )
      : undefined;
  if (upgrading)
    values = {
      ...values,
      'partition.assignment.strategy': upgrading.config['partition.assignment.strategy'] ?? null,
    };
  const assignment: ConsumerPartition[] = [];
  for (const [i, entry] of (cmd.assign ?? []).entries()) {
    const tp = parseTopicPartition(entry);
    if (!tp)
      return reject(`'${entry}' is not a topic-partition like "orders-0"`, null, `assign[${i}]`);
    if (!findTopic(state, tp.topic))
      return reject(
        `Topic '${tp.topic}' does not exist.`,
        'UNKNOWN_TOPIC_OR_PARTITION',
        `assign[${i}]`,
      );
    if (!findPartition(state, tp.topic, tp.partition))
      return reject(
        `Partition ${entry} does not exist.`,
        'UNKNOWN_TOPIC_OR_PARTITION',
        `assign[${i}]`,
      );
    if (assignment.some((a) => a.topic === tp.topic && a.partition === tp.partition))
      return reject(`'${entry}' is assigned twice`, null, `assign[${i}]`);
    assignment.push(newConsumerPartition(tp.topic, tp.partition));
  }
  let topics: string[] = [...new Set(assignment.map((a) => a.topic))];
  if (member) {
    if (!member.topics || member.topics.length === 0)
      return reject(
        `group '${group}' has no topics: give the new member's "topics"`,
        null,
        'topics',
      );
    const missing = member.topics.find((t) => !findTopic(state, t));
    if (missing !== undefined)
      return reject(`Topic '${missing}' does not exist.`, 'UNKNOWN_TOPIC_OR_PARTITION', 'topics');
    topics = [...new Set(member.topics)];
  } else if (assignment.length === 0)
    return reject(
      'a consumer needs partitions in `assign`, or a `group` to subscribe with',
      null,
      'assign',
    );
  const processing = member ? member.processingTimeMs : (cmd.processingTimeMs ?? 0);
  const bad = processingRejection(processing);
  if (bad) return bad;
  const s = consumerSettings(values);
  const consumer: ConsumerState = {
    id,
    config: values,
    assignment,
    group:
      s.groupId === null
        ? null
        : newGroupClient(
            s.groupId,
            member ? topics : null,
            member ? s.groupInstanceId : null,
            state.nowMs,
            s.autoCommitIntervalMs,
          ),
    processingTimeMsPerRecord: processing,
    metadata: bootstrapMetadata(state, topics),
    buffer: [],
    inFlight: [],
    requestCounter: 0,
    timeoutTimerQueued: false,
    pollAtMs: null,
    waitingForData: false,
    busyUntilMs: null,
    processing: null,
    fatalError: null,
    stats: {
      recordsConsumed: 0,
      bytesConsumed: 0,
      fetches: 0,
      polls: 0,
      commits: 0,
      offsetResets: 0,
      errors: {},
    },
  };
  if (upgrading && consumer.group)
    consumer.group.assignorUpgrade = [...(upgrading.group!.assignorUpgrade ?? [])];
  state.consumers.push(consumer);
  // A member of a Kafka Streams application gets its embedded producer.
  // A sink connector's group takes only its tasks (connectSink.ts).
  const streamsProblem = sinkMemberProblem(state, consumer) ?? attachStreamsMember(ctx, consumer);
  if (streamsProblem) {
    state.consumers.pop();
    return streamsProblem;
  }
  wakePoll(ctx, consumer, state.nowMs);
  emit(ctx, { type: 'consumer.added', consumer: id });
  return null;
}

/**
 * Makes the application call poll() at `atMs`, or keeps an earlier call already queued. A
 * consumer busy processing what the last poll returned calls poll only when it is done.
 */
/** A partition just assigned: no position yet. */
export function newConsumerPartition(topic: string, partition: number): ConsumerPartition {
  return {
    topic,
    partition,
    position: null,
    highWatermark: 0,
    logStartOffset: 0,
    resetReason: null,
    resetRequestId: null,
    pendingRevocation: false,
    resetRetryAtMs: null,
    offsetEpoch: -1,
    leaderEpoch: -1,
    validationRequestId: null,
  };
}

export function wakePoll(ctx: Ctx, c: ConsumerState, atMs: number): void {
  const at = Math.max(atMs, c.busyUntilMs ?? atMs, ctx.state.nowMs);
  if (c.pollAtMs !== null && c.pollAtMs >= ctx.state.nowMs && c.pollAtMs <= at) return;
  c.pollAtMs = at;
  schedule(ctx.state, at, { kind: 'consumerPoll', consumer: c.id });
}

/** Fresh metadata arrived: a consumer blocked in poll() looks again at once. */
export function onConsumerMetadata(ctx: Ctx, consumerId: string): void {
  const c = findConsumer(ctx.state, consumerId);
  if (c && c.waitingForData) wakePoll(ctx, c, ctx.state.nowMs);
}

export function countError(c: ConsumerState, error: string): void {
  c.stats.errors[error] = (c.stats.errors[error] ?? 0) + 1;
}

export function nextRequestId(c: ConsumerState): string {
  return `${c.id}-req-${c.requestCounter++}`;
}

export function trackRequest(
  ctx: Ctx,
  c: ConsumerState,
  s: ConsumerSettings,
  broker: number,
  requestId: string,
): void {
  c.inFlight.push({ broker, requestId, sentAtMs: ctx.state.nowMs });
  if (!c.timeoutTimerQueued) {
    c.timeoutTimerQueued = true;
    schedule(ctx.state, c.inFlight[0]!.sentAtMs + s.requestTimeoutMs, {
      kind: 'consumerTimeout',
      consumer: c.id,
    });
  }
}

/** The leader by the consumer's metadata; an unknown or unreachable one asks for fresh metadata. */
function leaderOf(ctx: Ctx, c: ConsumerState, a: ConsumerPartition): number | null {
  const leader = knownLeader(c.metadata, a.topic, a.partition);
  if (leader !== null && connectable(ctx.state, leader)) return leader;
  requestMetadataUpdate(c.metadata);
  return null;
}

/**
 * Positions for partitions that have none: with a group, the committed offset (OffsetFetch to
 * the coordinator, groupCommit.ts), else auto.offset.reset at once.
 */
/** Whether every assigned partition has a position or a reset under way (a loop: every poll asks). */
function allPositioned(c: ConsumerState): boolean {
  for (const a of c.assignment) if (a.position === null && a.resetReason === null) return false;
  return true;
}

function initPositions(ctx: Ctx, c: ConsumerState, s: ConsumerSettings): void {
  if (allPositioned(c)) return;
  if (c.group) return fetchCommittedOffsets(ctx, c);
  resetPositions(
    ctx,
    c,
    c.assignment.filter((a) => a.position === null && a.resetReason === null),
    'no committed offset',
    s,
  );
}

/** auto.offset.reset for these partitions: ListOffsets to their leaders. */
export function resetPositions(
  ctx: Ctx,
  c: ConsumerState,
  parts: ConsumerPartition[],
  reason: string,
  s = consumerSettings(c.config),
): void {
  const byBroker = new Map<number, ConsumerPartition[]>();
  for (const a of parts) requestReset(ctx, c, s, a, reason, byBroker);
  sendListOffsets(ctx, c, s, byBroker);
}

export function requestReset(
  ctx: Ctx,
  c: ConsumerState,
  s: ConsumerSettings,
  a: ConsumerPartition,
  reason: string,
  byBroker: Map<number, ConsumerPartition[]>,
): void {
  if (s.autoOffsetReset === 'none') {
    // NoOffsetForPartitionException / OffsetOutOfRangeException thrown from poll().
    c.fatalError = `auto.offset.reset=none and ${reason} for ${a.topic}-${a.partition}`;
    emit(ctx, {
      type: 'consumer.error',
      consumer: c.id,
      topic: a.topic,
      partition: a.partition,
      error:
        reason === 'no committed offset' ? 'NoOffsetForPartitionException' : 'OFFSET_OUT_OF_RANGE',
    });
    return;
  }
  if (a.resetRetryAtMs !== null && a.resetRetryAtMs > ctx.state.nowMs) return; // backing off
  const leader = leaderOf(ctx, c, a);
  if (leader === null) return; // retried on a later poll, once the partition has a leader
  a.resetReason = reason;
  const list = byBroker.get(leader) ?? [];
  list.push(a);
  byBroker.set(leader, list);
}

export function sendListOffsets(
  ctx: Ctx,
  c: ConsumerState,
  s: ConsumerSettings,
  byBroker: Map<number, ConsumerPartition[]>,
): void {
  if (byBroker.size === 0) return;
  for (const [broker, parts] of [...byBroker].sort((x, y) => x[0] - y[0])) {
    const requestId = nextRequestId(c);
    const timestamp = s.autoOffsetReset === 'earliest' ? 'earliest' : 'latest';
    const sent = sendToBroker(
      ctx,
      c.id,
      broker,
      {
        kind: 'listOffsets',
        consumer: c.id,
        requestId,
        partitions: parts.map((a) => ({ topic: a.topic, partition: a.partition, timestamp })),
      },
      REQUEST_OVERHEAD_BYTES,
    );
    if (sent) {
      trackRequest(ctx, c, s, broker, requestId);
      for (const a of parts) a.resetRequestId = requestId;
    } else for (const a of parts) a.resetReason = null; // no link: tried again on a later poll
  }
}

/**
 * Partitions whose ListOffsets was given up (a timeout, a broker gone) are reset again on a
 * later poll: the request is matched by its id, wherever the partition's leader is now.
 */
function forgetDroppedResets(c: ConsumerState): void {
  for (const a of c.assignment) {
    if (a.resetReason === null) continue;
    if (c.inFlight.some((r) => r.requestId === a.resetRequestId)) continue;
    a.resetReason = null;
    a.resetRequestId = null;
  }
}

/** The leader epoch of the record at `offset` from a fetch answer's epoch runs (-1 if none). */
function epochOf(runs: readonly number[], offset: number): number {
  let epoch = -1;
  for (let i = 0; i + 1 < runs.length && runs[i]! <= offset; i += 2) epoch = runs[i + 1]!;
  return epoch;
}

function hasBuffered(c: ConsumerState, a: ConsumerPartition): boolean {
  for (const b of c.buffer) if (b.partition === a.partition && b.topic === a.topic) return true;
  return false;
}

function fetchingFrom(c: ConsumerState, broker: number): boolean {
  for (const r of c.inFlight) if (r.broker === broker) return true;
  return false;
}

const NO_FETCHES: ConsumerPartition[][] = [];

/** Fetcher.sendFetches: one fetch per leader, for partitions with a position and no buffered data. */
function sendFetches(ctx: Ctx, c: ConsumerState, s: ConsumerSettings): void {
  // Leaders in order of first appearance in the assignment: deterministic, no sorting needed.
  // Hot path (every poll, most of which send nothing): made on the first partition to fetch.
  let brokers: number[] | null = null;
  let parts: ConsumerPartition[][] = NO_FETCHES; // replaced with brokers, never pushed to
  // Hot path (every poll): made only when a position needs validating, which is rare.
  let validations: Map<number, ConsumerPartition[]> | null = null;
  for (const a of c.assignment) {
    if (a.position === null || a.resetReason !== null || a.pendingRevocation || hasBuffered(c, a))
      continue;
    if (awaitingValidation(c, a)) {
      // KIP-320: the leader epoch moved on; the position is checked before fetching again.
      const leader = a.validationRequestId === null ? leaderOf(ctx, c, a) : null;
      if (leader !== null) {
        validations ??= new Map<number, ConsumerPartition[]>();
        validations.set(leader, [...(validations.get(leader) ?? []), a]);
      }
      continue;
    }
    const leader = leaderOf(ctx, c, a);
    if (leader === null || fetchingFrom(c, leader)) continue;
    if (brokers === null) {
      brokers = [leader];
      parts = [[a]];
      continue;
    }
    const at = brokers.indexOf(leader);
    if (at >= 0) parts[at]!.push(a);
    else {
      brokers.push(leader);
      parts.push([a]);
    }
  }
  if (brokers !== null)
    for (let i = 0; i < brokers.length; i++) sendFetch(ctx, c, s, brokers[i]!, parts[i]!);
  if (validations !== null) sendValidations(ctx, c, s, validations);
}

function sendFetch(
  ctx: Ctx,
  c: ConsumerState,
  s: ConsumerSettings,
  broker: number,
  parts: ConsumerPartition[],
): void {
  const requestId = nextRequestId(c);
  const partitions = parts.map((a) => ({
    topic: a.topic,
    partition: a.partition,
    fetchOffset: a.position!,
  }));
  const sent = sendToBroker(
    ctx,
    c.id,
    broker,
    {
      kind: 'fetch',
      consumer: c.id,
      requestId,
      minBytes: s.fetchMinBytes,
      maxBytes: s.fetchMaxBytes,
      maxWaitMs: s.fetchMaxWaitMs,
      partitionMaxBytes: s.maxPartitionFetchBytes,
      partitions,
    },
    REQUEST_OVERHEAD_BYTES,
  );
  if (sent) {
    c.stats.fetches++;
    trackRequest(ctx, c, s, broker, requestId);
  }
}

/**
 * Where a poll taking `wanted` records from [from, to) stops: after the record that makes the
 * count, or at `to` (past any trailing holes) when there are no more than that.
 */
function offsetAfterRecords(
  holes: readonly number[],
  from: number,
  to: number,
  wanted: number,
): number {
  if (recordsIn(holes, from, to) <= wanted) return to;
  let at = from;
  let left = wanted;
  for (let i = 0; i < holes.length && left > 0; i += 2) {
    const start = Math.max(at, holes[i]!);
    const end = Math.min(to, holes[i + 1]!);
    if (end <= at) continue;
    // Records [at, start) come before this hole.
    const before = Math.max(0, start - at);
    if (before >= left) return at + left;
    left -= before;
    at = Math.max(at, end);
  }
  return at + left;
}

/** Returns up to max.poll.records buffered records to the application, advancing positions. */
function takeRecords(
  ctx: Ctx,
  c: ConsumerState,
  max: number,
): { count: number; first: ConsumerState['processing'] } {
  let count = 0;
  let first: ConsumerState['processing'] = null;
  while (count < max && c.buffer.length > 0) {
    const b = c.buffer[0]!;
    const a = assigned(c, b.topic, b.partition);
    if (!a || a.position !== b.fromOffset) {
      c.buffer.shift(); // stale: the position moved (a reset) since this was fetched
      continue;
    }
    if (a.pendingRevocation) break; // kept for now, returned to nobody
    // Offsets [from, to) returned: up to max.poll.records records. In a compacted log some
    // offsets hold no record (holes), so `to - from` may exceed the records returned.
    const from = b.fromOffset;
    const to = b.holes
      ? offsetAfterRecords(b.holes, from, b.toOffset, max - count)
      : Math.min(b.toOffset, from + max - count);
    const n = recordsIn(b.holes, from, to);
    if (n > 0) first ??= { topic: b.topic, partition: b.partition, fromOffset: from, count: n };
    if (c.group) {
      observeDelivery(ctx, c, b.topic, b.partition, from, to - from, b.holes);
      streamsTook(ctx.state, c, b.topic, b.partition, from, to - from, b.holes);
      sinkTook(ctx.state, c, b.topic, b.partition, from, to - from, b.holes);
    }
    a.position = to;
    a.offsetEpoch = epochOf(b.epochRuns, a.position - 1);
    b.fromOffset = to;
    count += n;
    if (b.fromOffset >= b.toOffset) c.buffer.shift();
  }
  return { count, first };
}

/** Work `consumerPoll`: one call of KafkaConsumer.poll, then processing the records it returned. */
export function poll(ctx: Ctx, consumerId: string): void {
  const c = findConsumer(ctx.state, consumerId);
  const now = ctx.state.nowMs;
  if (!c || c.pollAtMs !== now) return; // superseded by an earlier call
  c.pollAtMs = null;
  if (c.fatalError !== null) return;
  // A Kafka Streams member processes what it polled and maybe commits first; it does not poll
  // while blocked in its producer's flush() or in commitSync() (streams.ts).
  if (!streamsBeforePoll(ctx, c)) return;
  // A Kafka Connect sink task puts what it polled into its external system, maybe commits.
  sinkBeforePoll(ctx, c);
  const s = consumerSettings(c.config);
  c.busyUntilMs = null;
  c.processing = null;
  c.stats.polls++;
  // ConsumerCoordinator.poll: find the coordinator, (re)join, auto commit what earlier polls returned.
  groupPoll(ctx, c, s);
  // A Streams member that began a flush before rejoining is blocked in it (its rebalance listener).
  if (!streamsRunning(ctx.state, c.id)) return;
  forgetDroppedResets(c);
  forgetDroppedValidations(c);
  initPositions(ctx, c, s);
  if (c.fatalError !== null) return;
  // KafkaConsumer.poll: records already fetched are returned at once; either way the next
  // fetches go out in this poll (before returning records, to pipeline them), once.
  const { count, first } = takeRecords(ctx, c, s.maxPollRecords);
  sendFetches(ctx, c, s);
  // Hot path (every poll): the closures are made only when metadata may be due; otherwise
  // maybeUpdateMetadata would return at once without a look at them.
  if (metadataMayBeDue(c.metadata, now, s)) {
    const topics = () => [
      ...new Set([...c.assignment.map((a) => a.topic), ...(c.group?.subscription ?? [])]),
    ];
    maybeUpdateMetadata(ctx, 'consumer', c.id, c.metadata, topics, s, (b) =>
      c.inFlight.reduce((n, r) => n + (r.broker === b ? 1 : 0), 0),
    );
  }
  if (count === 0) {
    c.waitingForData = true; // blocked in poll(): a response wakes it
    // With nothing in flight (no leader known, or none reachable) no response will come:
    // the consumer refreshes its metadata and polls again after retry.backoff.ms.
    if (c.inFlight.length === 0) wakePoll(ctx, c, now + Math.max(1, s.retryBackoffMs));
    return;
  }
  c.waitingForData = false;
  c.stats.recordsConsumed += count;
  ctx.state.stats.recordsConsumed += count;
  c.processing = first === null ? null : { ...first, count };
  c.busyUntilMs = now + count * c.processingTimeMsPerRecord;
  // Processing that takes no time is done now: a Streams member's outputs go out at once.
  if (c.busyUntilMs === now) {
    processPending(ctx, c);
    deliverPending(ctx, c);
  }
  const autoCommitDue = s.enableAutoCommit && c.group !== null && now >= c.group.nextAutoCommitMs;
  if (c.busyUntilMs === now && c.buffer.length === 0 && !autoCommitDue) {
    // Processing took no time and nothing else is buffered: the application is straight back
    // in poll(), which has nothing to return and blocks until a response arrives.
    c.stats.polls++;
    c.busyUntilMs = null;
    c.processing = null;
    c.waitingForData = true;
    return;
  }
  wakePoll(ctx, c, c.busyUntilMs);
}

function settle(c: ConsumerState, requestId: string): boolean {
  // Hot path (every fetch response): a loop, no closure, no spliced-out array.
  for (let i = 0; i < c.inFlight.length; i++) {
    if (c.inFlight[i]!.requestId !== requestId) continue;
    removeAt(c.inFlight, i);
    return true;
  }
  return false;
}

/** The consumer a response is for, its request settled; null when it is gone or gave up on it. */
export function answeredConsumer(
  ctx: Ctx,
  res: { consumer: string; requestId: string },
): ConsumerState | null {
  const c = findConsumer(ctx.state, res.consumer);
  return c && settle(c, res.requestId) ? c : null;
}

/** The consumer's assigned partition (a loop, no closure: every fetched partition looks it up). */
function assigned(
  c: ConsumerState,
  topic: string,
  partition: number,
): ConsumerPartition | undefined {
  const assignment = c.assignment;
  for (let i = 0; i < assignment.length; i++) {
    const a = assignment[i]!;
    if (a.topic === topic && a.partition === partition) return a;
  }
  return undefined;
}

export function onFetchResponse(ctx: Ctx, msg: MessageState): void {
  if (msg.payload.kind !== 'fetchResponse') return;
  const res = msg.payload;
  const c = answeredConsumer(ctx, res);
  if (!c) return;
  const s = consumerSettings(c.config);
  // Hot path (every fetch response): the map is made only when a position must be reset.
  let resets: Map<number, ConsumerPartition[]> | null = null;
  for (const r of res.partitions) {
    const a = assigned(c, r.topic, r.partition);
    if (!a || a.position !== r.fromOffset) continue; // the position moved since the fetch was sent
    if (a.validationRequestId !== null) continue; // being validated (KIP-320): not fetchable
    if (r.error === 'OFFSET_OUT_OF_RANGE') {
      countError(c, r.error);
      a.position = null;
      a.offsetEpoch = -1;
      requestReset(
        ctx,
        c,
        s,
        a,
        `offset ${r.fromOffset} is out of range [${r.logStartOffset}, …]`,
        (resets ??= new Map<number, ConsumerPartition[]>()),
      );
      continue;
    }
    if (r.error !== null) {
      countError(c, r.error);
      requestMetadataUpdate(c.metadata);
      continue;
    }
    a.highWatermark = r.highWatermark;
    a.logStartOffset = r.logStartOffset;
    if (r.toOffset > r.fromOffset) {
      c.buffer.push({
        topic: r.topic,
        partition: r.partition,
        fromOffset: r.fromOffset,
        toOffset: r.toOffset,
        epochRuns: r.epochRuns,
        ...(r.holes ? { holes: r.holes } : {}),
      });
      c.stats.bytesConsumed += r.sizeBytes;
    }
  }
  if (resets !== null) sendListOffsets(ctx, c, s, resets);
  if (c.waitingForData) wakePoll(ctx, c, ctx.state.nowMs);
}

export function onListOffsetsResponse(ctx: Ctx, msg: MessageState): void {
  if (msg.payload.kind !== 'listOffsetsResponse') return;
  const res = msg.payload;
  const c = answeredConsumer(ctx, res);
  if (!c) return;
  const s = consumerSettings(c.config);
  for (const r of res.partitions) {
    const a = c.assignment.find((x) => x.topic === r.topic && x.partition === r.partition);
    if (!a || a.resetReason === null) continue;
    const reason = a.resetReason;
    a.resetReason = null;
    a.resetRequestId = null;
    if (r.error !== null) {
      // OffsetFetcher: the reset is tried again after retry.backoff.ms (SubscriptionState.requestFailed).
      countError(c, r.error);
      a.resetRetryAtMs = ctx.state.nowMs + s.retryBackoffMs;
      wakePoll(ctx, c, a.resetRetryAtMs);
      if (r.error !== 'OFFSET_NOT_AVAILABLE') requestMetadataUpdate(c.metadata);
      continue;
    }
    a.resetRetryAtMs = null;
    a.position = r.offset;
    a.offsetEpoch = -1; // simplified: ListOffsets answers no epoch here (offsetValidation.ts)
    c.stats.offsetResets++;
    emit(ctx, {
      type: 'consumer.offsetReset',
      consumer: c.id,
      topic: a.topic,
      partition: a.partition,
      strategy: s.autoOffsetReset,
      offset: r.offset,
      reason,
    });
  }
  if (c.waitingForData) wakePoll(ctx, c, ctx.state.nowMs);
}

/**
 * Work `consumerTimeout`: NetworkClient.handleTimedOutRequests. A request older than
 * request.timeout.ms closes its connection, so every request in flight to that broker is given
 * up (cancelled as timed out) and sent again.
 */
export function onConsumerTimeout(ctx: Ctx, consumerId: string): void {
  const c = findConsumer(ctx.state, consumerId);
  if (!c) return;
  c.timeoutTimerQueued = false;
  const s = consumerSettings(c.config);
  const now = ctx.state.nowMs;
  const brokers = new Set(
    c.inFlight.filter((r) => r.sentAtMs + s.requestTimeoutMs <= now).map((r) => r.broker),
  );
  if (brokers.size > 0) {
    c.inFlight = c.inFlight.filter((r) => !brokers.has(r.broker));
    forgetDroppedResets(c); // a ListOffsets that timed out is sent again on the next poll
    forgetDroppedValidations(c);
    countError(c, 'REQUEST_TIMED_OUT');
    requestMetadataUpdate(c.metadata);
    if (c.waitingForData) wakePoll(ctx, c, now);
  }
  const oldest = c.inFlight[0];
  if (oldest) {
    c.timeoutTimerQueued = true;
    schedule(ctx.state, oldest.sentAtMs + s.requestTimeoutMs, {
      kind: 'consumerTimeout',
      consumer: c.id,
    });
  }
}

/** A broker died: its connections close; requests to it are given up at once. */
export function disconnectConsumers(ctx: Ctx, broker: number): void {
  for (const c of ctx.state.consumers) {
    const g = c.group;
    if (g?.findRequest?.broker === broker) g.findRequest = null;
    if (g?.coordinator === broker)
      markCoordinatorUnknown(ctx, c, `the coordinator, broker ${broker}, is down`);
    const lostMetadata = metadataDisconnected(c.metadata, broker);
    if (!c.inFlight.some((r) => r.broker === broker)) {
      if (lostMetadata && c.waitingForData) wakePoll(ctx, c, ctx.state.nowMs);
      continue;
    }
    c.inFlight = c.inFlight.filter((r) => r.broker !== broker);
    forgetDroppedResets(c); // ListOffsets in flight to it are sent again
    forgetDroppedValidations(c);
    requestMetadataUpdate(c.metadata);
    countError(c, 'NETWORK_EXCEPTION');
    if (c.waitingForData) wakePoll(ctx, c, ctx.state.nowMs);
  }
}

/**
 * KafkaConsumer.close(): with auto commit, the positions are committed; then a dynamic member
 * leaves its group (LeaveGroup), while a static member stays until its session times out, so
 * that it can come back without a rebalance. Both go out as the consumer's last messages.
 */
function sendClosingRequests(ctx: Ctx, c: ConsumerState, commitOnClose: boolean): void {
  const g = c.group;
  const s = consumerSettings(c.config);
  if (!g || g.coordinator === null) return;
  const subscribed = g.subscription !== null;
  const offsets = c.assignment
    .filter((a) => a.position !== null)
    .map((a) => ({ topic: a.topic, partition: a.partition, offset: a.position! }));
  if (
    (s.enableAutoCommit || commitOnClose) &&
    offsets.length > 0 &&
    (!subscribed || g.memberState === 'STABLE')
  ) {
    sendToBroker(
      ctx,
      c.id,
      g.coordinator,
      {
        kind: 'offsetCommit',
        client: c.id,
        requestId: nextRequestId(c),
        groupId: g.groupId,
        memberId: subscribed ? g.memberId : '',
        groupInstanceId: subscribed ? g.groupInstanceId : null,
        generationId: subscribed ? g.generationId : -1,
        offsets,
      },
      REQUEST_OVERHEAD_BYTES,
    );
  }
  maybeLeaveGroup(ctx, c, 'the consumer is being closed');
}

export function removeConsumer(ctx: Ctx, id: string, graceful: boolean): Rejection | null {
  const state = ctx.state;
  const index = state.consumers.findIndex((c) => c.id === id);
  if (index < 0) return reject(`consumer '${id}' does not exist`, null, 'consumer');
  const c = state.consumers[index]!;
  state.consumers.splice(index, 1);
  // Its timers and its connections go with it: a new consumer with the same id starts clean.
  removeClientWork(state, 'consumer', id);
  dropClientMessages(state, id);
  // KafkaStreams.close(): the member processes what it polled and commits it; its producer
  // sends what it holds before closing. A crash loses both (streams.ts).
  const streams = streamsMemberOf(state, id) !== null;
  if (graceful && streams) processPending(ctx, c);
  // A Kafka Connect sink task delivers what it polled and commits when it stops (connectSink.ts).
  const sink = sinkTaskOf(state, id) !== null;
  if (graceful && sink) deliverPending(ctx, c);
  // A crash sends nothing: the coordinator finds out when the session times out.
  if (graceful) sendClosingRequests(ctx, c, streams || sink);
  if (streams) streamsMemberRemoved(ctx, id, graceful);
  if (sink) sinkTaskRemoved(ctx, id, graceful);
  if (c.group) releaseOwnership(ctx, c, c.assignment);
  emit(ctx, { type: 'consumer.removed', consumer: id, graceful });
  return null;
}

export function setProcessingTime(ctx: Ctx, id: string, ms: number): Rejection | null {
  const c = findConsumer(ctx.state, id);
  if (!c) return reject(`consumer '${id}' does not exist`, null, 'consumer');
  const bad = processingRejection(ms);
  if (bad) return bad;
  c.processingTimeMsPerRecord = ms;
  return null;
}

/** KafkaConsumer.commitSync(): the positions go to the group coordinator as an OffsetCommit. */
export function commitConsumer(ctx: Ctx, id: string): Rejection | null {
  const c = findConsumer(ctx.state, id);
  if (!c) return reject(`consumer '${id}' does not exist`, null, 'consumer');
  // KafkaConsumer.commitSync without a group.id throws InvalidGroupIdException.
  if (!c.group)
    return reject(
      `consumer '${id}' has no group.id, so it cannot commit offsets`,
      'INVALID_GROUP_ID',
      'consumer',
    );
  if (sinkTaskOf(ctx.state, id))
    return reject(
      `consumer '${id}' is a Kafka Connect sink task: Connect commits by itself every offset.flush.interval.ms, after the task's flush`,
      null,
      'consumer',
    );
  if (streamsMemberOf(ctx.state, id))
    return reject(
      `consumer '${id}' is a Kafka Streams member: Streams commits by itself every commit.interval.ms, after flushing its producer (a commit without the flush could lose outputs)`,
      null,
      'consumer',
    );
  if (c.group.coordinator === null)
    return reject(
      `consumer '${id}' does not know its group coordinator yet (FindCoordinator pending)`,
      'COORDINATOR_NOT_AVAILABLE',
      'consumer',
    );
  if (c.group.subscription !== null && c.group.memberState !== 'STABLE')
    return reject(
      `consumer '${id}' is in a rebalance: a commit now fails with RebalanceInProgressException`,
      'REBALANCE_IN_PROGRESS',
      'consumer',
    );
  if (!sendCommit(ctx, c, 'manual'))
    return reject(`consumer '${id}' has no position to commit yet`, null, 'consumer');
  scheduleTick(ctx, c);
  return null;
}
