/**
 * Standalone consumers with manually assigned partitions (KafkaConsumer.assign): the poll
 * loop, fetches to each partition's leader from the consumer's position up to the high
 * watermark, max.poll.records, a processing time per record, auto.offset.reset through
 * ListOffsets, and commits.
 *
 * Consumer groups (the coordinator, rebalances, __consumer_offsets) arrive in a later
 * version. Until then a commit by a consumer with a group.id is stored directly, without
 * the OffsetCommit round trip to a coordinator.
 */
import { parseTopicPartition } from './commandParse.ts';
import type { Command } from './commands.ts';
import {
  consumerConfigProblems,
  consumerSettings,
  parseConfig,
  type ConsumerSettings,
} from './config.ts';
import { emit, findConsumer, findPartition, findProducer, findTopic, type Ctx } from './context.ts';
import {
  bootstrapMetadata,
  connectable,
  knownLeader,
  maybeUpdateMetadata,
  metadataDisconnected,
  requestMetadataUpdate,
} from './clientMetadata.ts';
import type { ConsumerPartition, ConsumerState, MessageState } from './model.ts';
import { dropClientMessages, REQUEST_OVERHEAD_BYTES, sendToBroker } from './network.ts';
import { removeClientWork, schedule } from './queue.ts';
import { reject, type Rejection } from './rejection.ts';

export const MAX_PROCESSING_TIME_MS = 600_000;

function processingRejection(ms: number): Rejection | null {
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_PROCESSING_TIME_MS) {
    return reject(
      `processingTimeMs must be between 0 and ${MAX_PROCESSING_TIME_MS}, got ${ms}`,
      null,
      'processingTimeMs',
    );
  }
  return null;
}

function unusedConsumerId(consumers: ConsumerState[]): string {
  let n = consumers.length + 1;
  while (consumers.some((c) => c.id === `consumer-${n}`)) n++;
  return `consumer-${n}`;
}

export function addConsumer(
  ctx: Ctx,
  cmd: Extract<Command, { type: 'consumer.add' }>,
): Rejection | null {
  const state = ctx.state;
  if (cmd.group !== undefined) {
    return reject(
      'Consumer groups are not simulated yet: add a standalone consumer with an `assign` list.',
      null,
      'group',
    );
  }
  const id = cmd.consumer ?? unusedConsumerId(state.consumers);
  if (findConsumer(state, id)) return reject(`consumer '${id}' already exists`, null, 'consumer');
  // Clients are network endpoints by name: a producer and a consumer may not share one.
  if (findProducer(state, id))
    return reject(`'${id}' is already a producer's id`, null, 'consumer');
  const { values, problems } = parseConfig('consumer', cmd.config);
  const first = problems[0] ?? consumerConfigProblems(values)[0];
  if (first)
    return reject(
      `Invalid value for '${first.key}': ${first.reason}`,
      'INVALID_CONFIG',
      `config.${first.key}`,
    );
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
    assignment.push({
      ...tp,
      position: null,
      highWatermark: 0,
      logStartOffset: 0,
      resetReason: null,
    });
  }
  if (assignment.length === 0)
    return reject('a standalone consumer needs at least one partition in `assign`', null, 'assign');
  const processing = cmd.processingTimeMs ?? 0;
  const bad = processingRejection(processing);
  if (bad) return bad;
  const consumer: ConsumerState = {
    id,
    config: values,
    assignment,
    processingTimeMsPerRecord: processing,
    metadata: bootstrapMetadata(state, [...new Set(assignment.map((a) => a.topic))]),
    buffer: [],
    inFlight: [],
    requestCounter: 0,
    timeoutTimerQueued: false,
    pollQueued: false,
    waitingForData: false,
    busyUntilMs: null,
    processing: null,
    lastAutoCommitMs: state.nowMs,
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
  state.consumers.push(consumer);
  wakePoll(ctx, consumer, state.nowMs);
  emit(ctx, { type: 'consumer.added', consumer: id });
  return null;
}

function wakePoll(ctx: Ctx, c: ConsumerState, atMs: number): void {
  if (c.pollQueued) return;
  c.pollQueued = true;
  schedule(ctx.state, atMs, { kind: 'consumerPoll', consumer: c.id });
}

/** Fresh metadata arrived: a consumer blocked in poll() looks again at once. */
export function onConsumerMetadata(ctx: Ctx, consumerId: string): void {
  const c = findConsumer(ctx.state, consumerId);
  if (c && c.waitingForData) wakePoll(ctx, c, ctx.state.nowMs);
}

function countError(c: ConsumerState, error: string): void {
  c.stats.errors[error] = (c.stats.errors[error] ?? 0) + 1;
}

function commitPositions(ctx: Ctx, c: ConsumerState, groupId: string): void {
  const state = ctx.state;
  const offsets = c.assignment
    .filter((a) => a.position !== null)
    .map((a) => ({ topic: a.topic, partition: a.partition, offset: a.position! }));
  for (const o of offsets) {
    const existing = state.committedOffsets.find(
      (x) => x.groupId === groupId && x.topic === o.topic && x.partition === o.partition,
    );
    if (existing) {
      existing.offset = o.offset;
      existing.committedAtMs = state.nowMs;
      existing.consumer = c.id;
    } else
      state.committedOffsets.push({ groupId, ...o, committedAtMs: state.nowMs, consumer: c.id });
  }
  c.stats.commits++;
  emit(ctx, { type: 'consumer.committed', consumer: c.id, groupId, offsets });
}

function nextRequestId(c: ConsumerState): string {
  return `${c.id}-req-${c.requestCounter++}`;
}

function trackRequest(
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

/** Positions for partitions that have none: the committed offset, else auto.offset.reset. */
function initPositions(ctx: Ctx, c: ConsumerState, s: ConsumerSettings): void {
  if (c.assignment.every((a) => a.position !== null || a.resetReason !== null)) return;
  const byBroker = new Map<number, ConsumerPartition[]>();
  for (const a of c.assignment) {
    if (a.position !== null || a.resetReason !== null) continue;
    const committed =
      s.groupId === null
        ? undefined
        : ctx.state.committedOffsets.find(
            (o) => o.groupId === s.groupId && o.topic === a.topic && o.partition === a.partition,
          );
    if (committed) {
      a.position = committed.offset;
      continue;
    }
    requestReset(ctx, c, s, a, 'no committed offset', byBroker);
  }
  sendListOffsets(ctx, c, s, byBroker);
}

function requestReset(
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
  const leader = leaderOf(ctx, c, a);
  if (leader === null) return; // retried on a later poll, once the partition has a leader
  a.resetReason = reason;
  const list = byBroker.get(leader) ?? [];
  list.push(a);
  byBroker.set(leader, list);
}

function sendListOffsets(
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
    if (sent) trackRequest(ctx, c, s, broker, requestId);
  }
}

function hasBuffered(c: ConsumerState, a: ConsumerPartition): boolean {
  for (const b of c.buffer) if (b.partition === a.partition && b.topic === a.topic) return true;
  return false;
}

function fetchingFrom(c: ConsumerState, broker: number): boolean {
  for (const r of c.inFlight) if (r.broker === broker) return true;
  return false;
}

/** Fetcher.sendFetches: one fetch per leader, for partitions with a position and no buffered data. */
function sendFetches(ctx: Ctx, c: ConsumerState, s: ConsumerSettings): void {
  // Leaders in order of first appearance in the assignment: deterministic, no sorting needed.
  const brokers: number[] = [];
  const parts: ConsumerPartition[][] = [];
  for (const a of c.assignment) {
    if (a.position === null || a.resetReason !== null || hasBuffered(c, a)) continue;
    const leader = leaderOf(ctx, c, a);
    if (leader === null || fetchingFrom(c, leader)) continue;
    const at = brokers.indexOf(leader);
    if (at >= 0) parts[at]!.push(a);
    else {
      brokers.push(leader);
      parts.push([a]);
    }
  }
  for (let i = 0; i < brokers.length; i++) sendFetch(ctx, c, s, brokers[i]!, parts[i]!);
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

/** Returns up to max.poll.records buffered records to the application, advancing positions. */
function takeRecords(
  c: ConsumerState,
  max: number,
): { count: number; first: ConsumerState['processing'] } {
  let count = 0;
  let first: ConsumerState['processing'] = null;
  while (count < max && c.buffer.length > 0) {
    const b = c.buffer[0]!;
    const a = c.assignment.find((x) => x.topic === b.topic && x.partition === b.partition);
    if (!a || a.position !== b.fromOffset) {
      c.buffer.shift(); // stale: the position moved (a reset) since this was fetched
      continue;
    }
    const n = Math.min(max - count, b.toOffset - b.fromOffset);
    first ??= { topic: b.topic, partition: b.partition, fromOffset: b.fromOffset, count: n };
    a.position += n;
    b.fromOffset += n;
    count += n;
    if (b.fromOffset >= b.toOffset) c.buffer.shift();
  }
  return { count, first };
}

/** Work `consumerPoll`: one call of KafkaConsumer.poll, then processing the records it returned. */
export function poll(ctx: Ctx, consumerId: string): void {
  const c = findConsumer(ctx.state, consumerId);
  if (!c) return;
  c.pollQueued = false;
  if (c.fatalError !== null) return;
  const now = ctx.state.nowMs;
  const s = consumerSettings(c.config);
  c.busyUntilMs = null;
  c.processing = null;
  c.stats.polls++;
  // ConsumerCoordinator.maybeAutoCommitOffsetsAsync: commits what earlier polls returned.
  if (
    s.enableAutoCommit &&
    s.groupId !== null &&
    now - c.lastAutoCommitMs >= s.autoCommitIntervalMs
  ) {
    c.lastAutoCommitMs = now;
    commitPositions(ctx, c, s.groupId);
  }
  initPositions(ctx, c, s);
  if (c.fatalError !== null) return;
  // KafkaConsumer.poll: records already fetched are returned at once; either way the next
  // fetches go out in this poll (before returning records, to pipeline them), once.
  const { count, first } = takeRecords(c, s.maxPollRecords);
  sendFetches(ctx, c, s);
  const topics = [...new Set(c.assignment.map((a) => a.topic))];
  maybeUpdateMetadata(ctx, 'consumer', c.id, c.metadata, topics, s, (b) =>
    c.inFlight.reduce((n, r) => n + (r.broker === b ? 1 : 0), 0),
  );
  if (count === 0) {
    c.waitingForData = true; // blocked in poll(): a response wakes it
    // With nothing in flight (no leader known, or none reachable) no response will come:
    // the consumer refreshes its metadata and polls again after retry.backoff.ms.
    if (c.inFlight.length === 0) wakePoll(ctx, c, now + Math.max(1, s.retryBackoffMs));
    return;
  }
  c.waitingForData = false;
  c.stats.recordsConsumed += count;
  c.processing = first === null ? null : { ...first, count };
  c.busyUntilMs = now + count * c.processingTimeMsPerRecord;
  const autoCommitDue = s.enableAutoCommit && now - c.lastAutoCommitMs >= s.autoCommitIntervalMs;
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
  const i = c.inFlight.findIndex((r) => r.requestId === requestId);
  if (i < 0) return false;
  c.inFlight.splice(i, 1);
  return true;
}

export function onFetchResponse(ctx: Ctx, msg: MessageState): void {
  if (msg.payload.kind !== 'fetchResponse') return;
  const res = msg.payload;
  const c = findConsumer(ctx.state, res.consumer);
  if (!c || !settle(c, res.requestId)) return;
  const s = consumerSettings(c.config);
  const resets = new Map<number, ConsumerPartition[]>();
  for (const r of res.partitions) {
    const a = c.assignment.find((x) => x.topic === r.topic && x.partition === r.partition);
    if (!a || a.position !== r.fromOffset) continue; // the position moved since the fetch was sent
    if (r.error === 'OFFSET_OUT_OF_RANGE') {
      countError(c, r.error);
      a.position = null;
      requestReset(
        ctx,
        c,
        s,
        a,
        `offset ${r.fromOffset} is out of range [${r.logStartOffset}, …]`,
        resets,
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
      });
      c.stats.bytesConsumed += r.sizeBytes;
    }
  }
  sendListOffsets(ctx, c, s, resets);
  if (c.waitingForData) wakePoll(ctx, c, ctx.state.nowMs);
}

export function onListOffsetsResponse(ctx: Ctx, msg: MessageState): void {
  if (msg.payload.kind !== 'listOffsetsResponse') return;
  const res = msg.payload;
  const c = findConsumer(ctx.state, res.consumer);
  if (!c || !settle(c, res.requestId)) return;
  const s = consumerSettings(c.config);
  for (const r of res.partitions) {
    const a = c.assignment.find((x) => x.topic === r.topic && x.partition === r.partition);
    if (!a || a.resetReason === null) continue;
    const reason = a.resetReason;
    a.resetReason = null;
    if (r.error !== null) {
      countError(c, r.error); // retried on the next poll
      requestMetadataUpdate(c.metadata);
      continue;
    }
    a.position = r.offset;
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

/** Work `consumerTimeout`: requests older than request.timeout.ms are given up and retried. */
export function onConsumerTimeout(ctx: Ctx, consumerId: string): void {
  const c = findConsumer(ctx.state, consumerId);
  if (!c) return;
  c.timeoutTimerQueued = false;
  const s = consumerSettings(c.config);
  const now = ctx.state.nowMs;
  const expired = c.inFlight.filter((r) => r.sentAtMs + s.requestTimeoutMs <= now);
  if (expired.length > 0) {
    c.inFlight = c.inFlight.filter((r) => !expired.includes(r));
    // A ListOffsets that timed out is sent again on the next poll.
    const brokers = new Set(expired.map((r) => r.broker));
    for (const a of c.assignment) {
      const leader = knownLeader(c.metadata, a.topic, a.partition);
      if (a.resetReason !== null && (leader === null || brokers.has(leader))) a.resetReason = null;
    }
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
    const lostMetadata = metadataDisconnected(c.metadata, broker);
    if (!c.inFlight.some((r) => r.broker === broker)) {
      if (lostMetadata && c.waitingForData) wakePoll(ctx, c, ctx.state.nowMs);
      continue;
    }
    c.inFlight = c.inFlight.filter((r) => r.broker !== broker);
    // ListOffsets in flight to it are sent again.
    for (const a of c.assignment)
      if (a.resetReason !== null && knownLeader(c.metadata, a.topic, a.partition) === broker)
        a.resetReason = null;
    requestMetadataUpdate(c.metadata);
    countError(c, 'NETWORK_EXCEPTION');
    if (c.waitingForData) wakePoll(ctx, c, ctx.state.nowMs);
  }
}

export function removeConsumer(ctx: Ctx, id: string, graceful: boolean): Rejection | null {
  const state = ctx.state;
  const index = state.consumers.findIndex((c) => c.id === id);
  if (index < 0) return reject(`consumer '${id}' does not exist`, null, 'consumer');
  const c = state.consumers[index]!;
  const s = consumerSettings(c.config);
  // KafkaConsumer.close() commits positions when auto commit is on; a crash commits nothing.
  if (graceful && s.enableAutoCommit && s.groupId !== null) commitPositions(ctx, c, s.groupId);
  state.consumers.splice(index, 1);
  // Its timers and its connections go with it: a new consumer with the same id starts clean.
  removeClientWork(state, 'consumer', id);
  dropClientMessages(state, id);
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

export function commitConsumer(ctx: Ctx, id: string): Rejection | null {
  const c = findConsumer(ctx.state, id);
  if (!c) return reject(`consumer '${id}' does not exist`, null, 'consumer');
  const s = consumerSettings(c.config);
  // KafkaConsumer.commitSync without a group.id throws InvalidGroupIdException.
  if (s.groupId === null)
    return reject(
      `consumer '${id}' has no group.id, so it cannot commit offsets`,
      'INVALID_GROUP_ID',
      'consumer',
    );
  commitPositions(ctx, c, s.groupId);
  return null;
}
