/**
 * Kafka Streams applications under processing.guarantee=at_least_once: a consumer group whose
 * members run a topology `stream(input).mapValues(…).to(output)`. Each member is one
 * StreamThread with its main consumer (the group member) and an embedded producer.
 *
 * The StreamThread loop (StreamThread.runOnce): poll, process the records polled (each one sends
 * its output record through the RecordCollector, i.e. KafkaProducer.send), then maybeCommit:
 * once `lastCommitMs + commit.interval.ms < now`, TaskManager commits every task that processed
 * records: StreamTask.prepareCommit flushes the record collector (KafkaProducer.flush: waits until
 * every output record sent so far is acknowledged), and only then
 * TaskExecutor.commitOffsetsOrTransaction calls the main consumer's commitSync with the offsets
 * after the last processed records. So outputs are durable before their inputs are committed;
 * after a crash the records processed since the last commit are processed again by the member
 * that takes the partition over, and their outputs are written a second time: duplicates
 * downstream, which this module counts per input partition.
 *
 * Simplifications, said in the UI's notes as well:
 * - The topology is fixed: one output record per input record, same key, a value naming its source.
 * - Records a poll returned are processed at the end of their processing time, all at once.
 * - A failed output send does not stop the thread (Kafka's DefaultProductionExceptionHandler
 *   fails it); it is counted on the embedded producer.
 * - On a rebalance a member flushes and commits before it rejoins (the auto-commit path), where
 *   Streams commits the revoked tasks from its rebalance listener.
 */
import type { ConsumerGroupSpec } from './commands.ts';
import {
  emit,
  findConsumer,
  findPartition,
  findProducer,
  leaderLog,
  ownGet,
  ownSet,
} from './context.ts';
import type { Ctx } from './context.ts';
import { wakePoll } from './consumer.ts';
import { sendCommit } from './groupCommit.ts';
import { findRecord, forEachRecordOffset, polledRun, recordsIn } from './log.ts';
import type {
  ConsumerState,
  ProducerState,
  SimState,
  StreamsAppState,
  StreamsMemberState,
} from './model.ts';
import { addProducer, removeProducer, sendRecord } from './producer.ts';
import { recordAt } from './records.ts';
import { reject, type Rejection } from './rejection.ts';
import { wakeSender } from './sender.ts';
import {
  fixedConsumerKey,
  parseStreamsConfig,
  STREAMS_CONSUMER_DEFAULTS,
} from './streamsConfig.ts';

/** How many reprocessed runs an application keeps for the UI. */
export const MAX_REPROCESSED_KEPT = 20;

export function findStreamsApp(state: SimState, groupId: string): StreamsAppState | undefined {
  return state.streams.find((a) => a.applicationId === groupId);
}

/** The Streams application and member state of a consumer, or null for a plain consumer. */
export function streamsMemberOf(
  state: SimState,
  consumerId: string,
): { app: StreamsAppState; member: StreamsMemberState } | null {
  for (const app of state.streams)
    for (const member of app.members)
      if (member.consumer === consumerId && !member.closing) return { app, member };
  return null;
}

/** False while a Streams member's thread is blocked in flush() or commitSync(); true for plain consumers. */
export function streamsRunning(state: SimState, consumerId: string): boolean {
  if (state.streams.length === 0) return true;
  const m = streamsMemberOf(state, consumerId);
  return m === null || m.member.phase === 'running';
}

/** The embedded producer's client id for a member (Kafka's is `<client.id>-StreamThread-1-producer`). */
export function embeddedProducerId(consumerId: string): string {
  return `${consumerId}-producer`;
}

/** Whether a producer is a Streams member's embedded producer (drawn with its member). */
export function streamsMemberOfProducer(
  state: SimState,
  producerId: string,
): { app: StreamsAppState; member: StreamsMemberState } | null {
  for (const app of state.streams)
    for (const member of app.members) if (member.producer === producerId) return { app, member };
  return null;
}

/**
 * A group spec's `streams` block: checks it as KafkaStreams' constructor and StreamsConfig would,
 * records the application, and gives the main consumer's config with Streams' defaults under it.
 */
export function addStreamsApp(
  ctx: Ctx,
  spec: ConsumerGroupSpec,
): { consumerConfig: Record<string, unknown> } | Rejection {
  const streams = spec.streams!;
  const state = ctx.state;
  if (typeof streams.to !== 'string' || streams.to.length === 0)
    return reject('a Streams application needs an output topic in "to"', null, 'streams.to');
  const out = state.topics.find((t) => t.name === streams.to);
  if (!out)
    return reject(
      `Topic '${streams.to}' does not exist: create the output topic first (Kafka Streams does not create sink topics)`,
      'UNKNOWN_TOPIC_OR_PARTITION',
      'streams.to',
    );
  if (out.internal)
    return reject(
      `'${streams.to}' is Kafka's own topic: clients cannot write to it`,
      null,
      'streams.to',
    );
  if (spec.topics.includes(streams.to))
    return reject(
      `the output topic '${streams.to}' is also an input topic: the application would read its own output forever`,
      null,
      'streams.to',
    );
  const settings = parseStreamsConfig(streams.config);
  if ('reason' in settings) return settings;
  const fixed = fixedConsumerKey(spec.config);
  if (fixed !== null)
    return reject(
      fixed === 'enable.auto.commit'
        ? 'Kafka Streams always sets enable.auto.commit=false: it commits itself every commit.interval.ms, after flushing its producer'
        : 'Kafka Streams always uses its own StreamsPartitionAssignor (the simulator stands it in with cooperative-sticky): partition.assignment.strategy cannot be set',
      'INVALID_CONFIG',
      `config.${fixed}`,
    );
  state.streams.push({
    applicationId: spec.id,
    outputTopic: streams.to,
    guarantee: 'at_least_once',
    commitIntervalMs: settings.commitIntervalMs,
    producerConfig: settings.producerConfig,
    members: [],
    outputUpTo: {},
    unwrittenOutputs: [],
    stats: {
      recordsProcessed: 0,
      recordsReprocessed: 0,
      recordsProduced: 0,
      duplicatesProduced: 0,
      commits: 0,
      commitsFailed: 0,
      flushes: 0,
    },
    reprocessed: [],
  });
  return { consumerConfig: { ...STREAMS_CONSUMER_DEFAULTS, ...(spec.config ?? {}) } };
}

/** A new member of a Streams application: its StreamThread gets an embedded producer. */
export function attachStreamsMember(ctx: Ctx, c: ConsumerState): Rejection | null {
  const app = c.group ? findStreamsApp(ctx.state, c.group.groupId) : undefined;
  if (!app) return null;
  const producer = embeddedProducerId(c.id);
  const r = addProducer(ctx, {
    type: 'producer.add',
    producer,
    topic: app.outputTopic,
    config: app.producerConfig,
  });
  if (r) return { ...r, reason: `its embedded producer '${producer}': ${r.reason}` };
  app.members.push({
    consumer: c.id,
    producer,
    phase: 'running',
    flushFor: null,
    lastCommitMs: ctx.state.nowMs,
    commitNeeded: false,
    pending: [],
    closing: false,
  });
  return null;
}

/** poll() returned records [fromOffset, fromOffset + count) to a Streams member: they are its to process. */
export function streamsTook(
  state: SimState,
  c: ConsumerState,
  topic: string,
  partition: number,
  fromOffset: number,
  count: number,
  holes?: readonly number[],
): void {
  const m = streamsMemberOf(state, c.id);
  if (m) m.member.pending.push({ topic, partition, ...polledRun(fromOffset, count, holes) });
}

/**
 * The key of the input record: from the leader's log, or from remote storage when the member
 * read it there (tiered storage: the brokers no longer keep it locally).
 */
function keyAt(state: SimState, topic: string, partition: number, offset: number): string | null {
  const p = findPartition(state, topic, partition);
  if (!p) return null;
  const log = leaderLog(p);
  const found =
    (log ? findRecord(log.log, offset) : null) ??
    (p.remoteLog ? findRecord(p.remoteLog, offset) : null);
  // A batch keeps the keys of records the cleaner removed since: the key is still there.
  return found ? recordAt(found.batch, found.index).key : null;
}

/**
 * The records polled are processed: each sends one output record with the input's key (so the
 * default partitioner keeps every key's order downstream) and a value naming its source.
 */
export function processPending(ctx: Ctx, c: ConsumerState): void {
  const m = streamsMemberOf(ctx.state, c.id);
  if (!m || m.member.pending.length === 0) return;
  const { app, member } = m;
  const p = findProducer(ctx.state, member.producer);
  for (const run of member.pending) {
    const tp = `${run.topic}-${run.partition}`;
    const upTo = ownGet(app.outputUpTo, tp) ?? 0;
    const againTo = Math.min(run.toOffset, upTo);
    const again = recordsIn(run.holes, run.fromOffset, againTo);
    if (again > 0) countReprocessed(ctx, app, c.id, run, againTo, again);
    // The records the poll returned: the offsets of the run but its holes (a compacted input).
    forEachRecordOffset(run.holes, run.fromOffset, run.toOffset, (offset) => {
      const key = keyAt(ctx.state, run.topic, run.partition, offset);
      if (p) sendRecord(ctx, p, app.outputTopic, key, `${tp}@${offset} → ${c.id}`);
      app.stats.recordsProduced++;
      app.stats.recordsProcessed++;
    });
    ownSet(app.outputUpTo, tp, Math.max(upTo, run.toOffset));
    member.commitNeeded = true;
  }
  member.pending = [];
}

/**
 * The `records` inputs in [run.fromOffset, toOffset) were processed before: their outputs are
 * written again, duplicates downstream, except outputs whose first copy never left a crashed
 * member's producer.
 */
function countReprocessed(
  ctx: Ctx,
  app: StreamsAppState,
  consumer: string,
  run: { topic: string; partition: number; fromOffset: number },
  toOffset: number,
  records: number,
): void {
  const { topic, partition, fromOffset } = run;
  let firstCopies = 0;
  if (app.unwrittenOutputs.length > 0) {
    const before = app.unwrittenOutputs.length;
    app.unwrittenOutputs = app.unwrittenOutputs.filter((src) => {
      const at = src.lastIndexOf('@');
      const offset = Number(src.slice(at + 1));
      const same = src.slice(0, at) === `${topic}-${partition}`;
      return !(same && offset >= fromOffset && offset < toOffset);
    });
    firstCopies = before - app.unwrittenOutputs.length;
  }
  const duplicates = records - firstCopies;
  app.stats.recordsReprocessed += records;
  app.stats.duplicatesProduced += duplicates;
  app.reprocessed.push({ atMs: ctx.state.nowMs, consumer, topic, partition, fromOffset, toOffset });
  if (app.reprocessed.length > MAX_REPROCESSED_KEPT) app.reprocessed.shift();
  emit(ctx, {
    type: 'streams.reprocessed',
    group: app.applicationId,
    consumer,
    topic,
    partition,
    fromOffset,
    toOffset,
    records,
    duplicates,
    outputTopic: app.outputTopic,
  });
}

/** Records handed to the producer and not yet acknowledged or failed (what flush() waits for). */
function unacknowledged(p: ProducerState): boolean {
  return p.bufferedRecords > 0 || p.blockedSends.length > 0;
}

/** KafkaProducer.flush(): true when the thread must wait for outstanding records. */
function beginFlush(
  ctx: Ctx,
  app: StreamsAppState,
  member: StreamsMemberState,
  why: 'commit' | 'rejoin',
): boolean {
  const p = findProducer(ctx.state, member.producer);
  if (!p || !unacknowledged(p)) return false;
  member.phase = 'flushing';
  member.flushFor = why;
  p.flushing = true;
  app.stats.flushes++;
  wakeSender(ctx, p, ctx.state.nowMs);
  return true;
}

/** commitSync of the processed positions: true when the thread waits for its answer. */
function commitNow(ctx: Ctx, c: ConsumerState, member: StreamsMemberState): boolean {
  // TaskManager skips the commit while a rebalance is in progress and tries again next loop.
  if (!sendCommit(ctx, c, 'manual')) return false;
  member.phase = 'committing';
  return true;
}

/**
 * StreamThread.runOnce before its next poll: process what the last poll returned, then
 * maybeCommit. False while the thread is blocked in flush() or commitSync().
 */
export function streamsBeforePoll(ctx: Ctx, c: ConsumerState): boolean {
  if (ctx.state.streams.length === 0) return true;
  const m = streamsMemberOf(ctx.state, c.id);
  if (!m) return true;
  const { app, member } = m;
  if (member.phase !== 'running') return false;
  processPending(ctx, c);
  const now = ctx.state.nowMs;
  // StreamThread.maybeCommit: strictly more than commit.interval.ms since the last commit.
  if (!member.commitNeeded || member.lastCommitMs + app.commitIntervalMs >= now) return true;
  if (c.group === null || c.group.memberState !== 'STABLE' || c.group.coordinator === null)
    return true; // mid-rebalance: TaskManager.commit returns -1; tried again on a later loop
  member.lastCommitMs = now;
  // StreamTask.prepareCommit flushes the record collector before the offsets are committed.
  if (beginFlush(ctx, app, member, 'commit')) return false;
  return !commitNow(ctx, c, member);
}

/** The embedded producer has nothing unacknowledged any more: a flush() in progress returns. */
export function onProducerDrained(ctx: Ctx, p: ProducerState): void {
  if (!p.flushing && ctx.state.streams.length === 0) return;
  if (unacknowledged(p)) return;
  p.flushing = false;
  const owner = streamsMemberOfProducer(ctx.state, p.id);
  if (!owner) return;
  const { app, member } = owner;
  if (member.closing) {
    // KafkaProducer.close() of a member that left: it returns once everything was sent.
    app.members = app.members.filter((x) => x !== member);
    removeProducer(ctx, p.id);
    return;
  }
  if (member.phase !== 'flushing') return;
  member.phase = 'running';
  const why = member.flushFor;
  member.flushFor = null;
  const c = findConsumer(ctx.state, member.consumer);
  if (!c) return;
  if (why === 'commit' && c.group?.memberState === 'STABLE' && commitNow(ctx, c, member)) return;
  wakePoll(ctx, c, ctx.state.nowMs);
}

/**
 * Before a Streams member rejoins its group it flushes and commits what it processed: true when
 * the join may go on to commit (nothing to flush), false while a flush runs.
 */
export function streamsReadyToCommitBeforeRejoin(ctx: Ctx, c: ConsumerState): boolean {
  const m = streamsMemberOf(ctx.state, c.id);
  if (!m) return true;
  if (m.member.phase !== 'running') return false;
  return !beginFlush(ctx, m.app, m.member, 'rejoin');
}

/** Whether this consumer is a Streams member that has processed records since its last commit. */
export function streamsCommitNeeded(state: SimState, consumerId: string): boolean | null {
  const m = streamsMemberOf(state, consumerId);
  return m ? m.member.commitNeeded : null;
}

/** An OffsetCommit of a Streams member was answered (or lost with its connection). */
export function streamsCommitSettled(
  ctx: Ctx,
  c: ConsumerState,
  purpose: string,
  ok: boolean,
): void {
  const m = streamsMemberOf(ctx.state, c.id);
  if (!m) return;
  const { app, member } = m;
  const ours =
    purpose === 'beforeRejoin' || (purpose === 'manual' && member.phase === 'committing');
  if (!ours) return;
  if (ok) {
    app.stats.commits++;
    member.commitNeeded = false;
    emit(ctx, { type: 'streams.committed', group: app.applicationId, consumer: c.id });
  } else app.stats.commitsFailed++;
  if (member.phase === 'committing') {
    member.phase = 'running';
    wakePoll(ctx, c, ctx.state.nowMs);
  }
}

/**
 * A Streams member goes: crashed, its embedded producer dies with it (records not yet
 * acknowledged are lost; their inputs were not committed, so they are processed again); closed
 * gracefully, its producer sends what it holds before it closes.
 */
export function streamsMemberRemoved(ctx: Ctx, consumerId: string, graceful: boolean): void {
  const m = streamsMemberOf(ctx.state, consumerId);
  if (!m) return;
  const { app, member } = m;
  const p = findProducer(ctx.state, member.producer);
  if (graceful && p && unacknowledged(p)) {
    member.closing = true;
    p.flushing = true; // KafkaProducer.close() sends every batch at once
    wakeSender(ctx, p, ctx.state.nowMs);
    return;
  }
  app.members = app.members.filter((x) => x !== member);
  if (!p) return;
  if (!graceful) app.unwrittenOutputs.push(...unwrittenSources(ctx.state, p));
  removeProducer(ctx, p.id);
}

/** The sources ("topic-partition@offset") of the outputs a dying producer never got to a broker. */
function unwrittenSources(state: SimState, p: ProducerState): string[] {
  return unwrittenValues(state, p).map((v) => v.split(' → ')[0]!);
}

/**
 * The values of the records a dying producer never got to a broker: records in its accumulator
 * and in produce requests still on the wire (a request a broker received is in its log).
 */
export function unwrittenValues(state: SimState, p: ProducerState): string[] {
  const onWire = new Set<string>();
  for (const item of state.queue)
    if (item.work.kind === 'deliver' && item.work.message.payload.kind === 'produce')
      onWire.add(item.work.message.payload.requestId);
  const batches = Object.values(p.accumulator).flat(2);
  for (const r of p.inFlight) if (onWire.has(r.requestId)) batches.push(...r.batches);
  const out: string[] = [];
  for (const b of batches) for (const v of b.values ?? []) if (typeof v === 'string') out.push(v);
  return out;
}
