/**
 * A Kafka Connect source task (WorkerSourceTask): it polls rows from an external table and
 * sends each as a record through its own producer (Worker.producerConfigs: acks=all, one request
 * in flight, "infinite" delivery timeout). Its source offset, the id of the last row read, is
 * committed to `connect-offsets` every offset.flush.interval.ms by SourceTaskOffsetCommitter;
 * since Kafka 3.0 (KAFKA-12226, SubmittedRecords) only offsets of rows whose records were
 * acknowledged are committed, so a commit never runs ahead of what Kafka holds.
 *
 * After a crash, the restarted task asks OffsetStorageReader for the last committed offset and
 * reads every row after it again: rows whose records reached Kafka before the crash are written
 * a second time (at-least-once: duplicates in the topic), which this module counts.
 *
 * Simplifications, said in the UI's notes as well:
 * - connect-offsets is not a real topic here: the committed offset is kept in the connector's
 *   state, and writing it always succeeds at once (Kafka produces it to the compacted
 *   connect-offsets topic, and connect-configs / connect-status hold configs and states).
 * - The task reads rows as soon as they appear (like a CDC connector following the binlog),
 *   where the JDBC source queries every poll.interval.ms.
 */
import type { ConnectorSpec } from './commands.ts';
import { emit, findProducer, type Ctx } from './context.ts';
import type { ConnectorState, ConnectTaskState, SourceState } from './connectModel.ts';
import type { ConfigValues } from './config.ts';
import type { ProducerState } from './model.ts';
import { addProducer, removeProducer, sendRecord } from './producer.ts';
import { schedule } from './queue.ts';
import type { Rejection } from './rejection.ts';
import { unwrittenValues } from './streams.ts';

/** Rows one poll hands to the producer at most; more wait for the next poll, 1 ms later. */
export const MAX_ROWS_PER_POLL = 1000;

/** The record a row becomes: keyed by the table's primary key, its value naming the row. */
export function rowKey(table: string, id: number): string {
  return `${table}:${id}`;
}
function rowValue(system: string, table: string, id: number): string {
  return `${system} ${table} id=${id}`;
}
function rowIdOf(value: string | null): number | null {
  if (value === null) return null;
  const at = value.lastIndexOf(' id=');
  if (at < 0) return null;
  const id = Number(value.slice(at + 4));
  return Number.isSafeInteger(id) ? id : null;
}

export function startSourceTask(
  ctx: Ctx,
  connector: ConnectorState,
  spec: ConnectorSpec,
  clientConfig: Record<string, unknown>,
): Rejection | null {
  const now = ctx.state.nowMs;
  connector.source = {
    table: spec.table ?? 'rows',
    ratePerSec: spec.ratePerSec ?? 0,
    startedAtMs: now,
    rowsInSystem: 0,
    position: 0,
    unacked: [],
    sentUpTo: 0,
    neverWritten: [],
    committedOffset: 0,
    nextPollAtMs: null,
    nextFlushAtMs: null,
    producerConfig: clientConfig as ConfigValues,
  };
  return runTask(ctx, connector, connector.tasks[0]!);
}

/** Starts the task's producer and its timers; the first poll reads what is there already. */
function runTask(ctx: Ctx, connector: ConnectorState, t: ConnectTaskState): Rejection | null {
  const src = connector.source!;
  const r = addProducer(ctx, {
    type: 'producer.add',
    producer: t.client,
    topic: connector.topics[0]!,
    config: src.producerConfig,
  });
  if (r) return { ...r, field: r.field?.startsWith('config.') ? r.field : 'topic' };
  t.state = 'RUNNING';
  schedulePoll(ctx, connector, ctx.state.nowMs);
  src.nextFlushAtMs = ctx.state.nowMs + connector.offsetFlushIntervalMs;
  schedule(ctx.state, src.nextFlushAtMs, { kind: 'connectOffsetFlush', connector: connector.name });
  return null;
}

/** Rows in the external table by now: ids 1 … floor(elapsed × rate). */
function rowsBy(src: SourceState, nowMs: number): number {
  return Math.floor(((nowMs - src.startedAtMs) * src.ratePerSec) / 1000);
}

/** When row `id` appears in the table, or null when none ever will. */
function rowAppearsAtMs(src: SourceState, id: number): number | null {
  if (src.ratePerSec <= 0) return null;
  return src.startedAtMs + Math.ceil((id * 1000) / src.ratePerSec);
}

function schedulePoll(ctx: Ctx, connector: ConnectorState, atMs: number): void {
  const src = connector.source!;
  const at = Math.max(atMs, ctx.state.nowMs);
  if (src.nextPollAtMs !== null && src.nextPollAtMs <= at && src.nextPollAtMs >= ctx.state.nowMs)
    return;
  src.nextPollAtMs = at;
  schedule(ctx.state, at, { kind: 'connectSourcePoll', connector: connector.name });
}

/** Work `connectSourcePoll`: SourceTask.poll returns the new rows; each is sent to the topic. */
export function pollSource(ctx: Ctx, name: string): void {
  const connector = ctx.state.connectors.find((c) => c.name === name);
  const src = connector?.source;
  const now = ctx.state.nowMs;
  if (!connector || !src || src.nextPollAtMs !== now) return;
  src.nextPollAtMs = null;
  src.rowsInSystem = Math.max(src.rowsInSystem, rowsBy(src, now));
  const t = connector.tasks[0]!;
  const p = findProducer(ctx.state, t.client);
  if (t.state !== 'RUNNING' || !p) return; // a failed task reads nothing; rows pile up
  const last = Math.min(src.rowsInSystem, src.position + MAX_ROWS_PER_POLL);
  if (last > src.position) readRows(ctx, connector, src, p, last);
  const next =
    src.position < src.rowsInSystem ? now + 1 : rowAppearsAtMs(src, src.rowsInSystem + 1);
  if (next !== null) schedulePoll(ctx, connector, next);
}

function readRows(
  ctx: Ctx,
  connector: ConnectorState,
  src: SourceState,
  p: ProducerState,
  last: number,
): void {
  const from = src.position + 1;
  const readBefore = Math.min(last, src.sentUpTo);
  let duplicates = 0;
  for (let id = from; id <= last; id++) {
    if (id <= src.sentUpTo) {
      // Read again after a crash: a duplicate, unless its first copy never reached a broker.
      const lost = src.neverWritten.indexOf(id);
      if (lost >= 0) src.neverWritten.splice(lost, 1);
      else duplicates++;
    }
    src.unacked.push(id);
    sendRecord(
      ctx,
      p,
      connector.topics[0]!,
      rowKey(src.table, id),
      rowValue(connector.system, src.table, id),
    );
  }
  connector.stats.recordsPolled += last - src.position;
  src.position = last;
  src.sentUpTo = Math.max(src.sentUpTo, last);
  if (duplicates === 0) return;
  connector.stats.duplicates += duplicates;
  emit(ctx, {
    type: 'connect.duplicates',
    connector: connector.name,
    kind: 'source',
    system: connector.system,
    task: 0,
    records: duplicates,
    at: connector.topics[0]!,
    fromOffset: from,
    toOffset: readBefore,
  });
}

/** A source task's producer got records acknowledged: their rows may be committed now. */
export function sourceRecordsAcked(
  ctx: Ctx,
  producerId: string,
  values: readonly (string | null)[] | null,
): void {
  const connector = ctx.state.connectors.find(
    (c) => c.source !== null && c.tasks[0]!.client === producerId,
  );
  const src = connector?.source;
  if (!connector || !src || values === null) return;
  const acked = new Set<number>();
  for (const v of values) {
    const id = rowIdOf(v);
    if (id !== null) acked.add(id);
  }
  src.unacked = src.unacked.filter((id) => !acked.has(id));
  connector.stats.recordsWritten += acked.size;
}

/**
 * Work `connectOffsetFlush`: WorkerSourceTask.commitOffsets. The committable offset is the last
 * row before the first one not yet acknowledged (SubmittedRecords.committableOffsets).
 */
export function flushSourceOffsets(ctx: Ctx, name: string): void {
  const connector = ctx.state.connectors.find((c) => c.name === name);
  const src = connector?.source;
  const now = ctx.state.nowMs;
  if (!connector || !src || src.nextFlushAtMs !== now) return;
  src.nextFlushAtMs = now + connector.offsetFlushIntervalMs;
  schedule(ctx.state, src.nextFlushAtMs, { kind: 'connectOffsetFlush', connector: name });
  const committable = src.unacked.length > 0 ? src.unacked[0]! - 1 : src.position;
  if (committable <= src.committedOffset) return; // nothing new to commit
  src.committedOffset = committable;
  connector.stats.offsetCommits++;
  emit(ctx, {
    type: 'connect.sourceOffsetCommitted',
    connector: name,
    task: 0,
    offset: committable,
  });
}

/**
 * The task dies with its worker: its producer goes without sending what it holds (those rows
 * never reach Kafka), and nothing is committed; Connect marks the task FAILED.
 */
export function crashSourceTask(ctx: Ctx, connector: ConnectorState, t: ConnectTaskState): void {
  const src = connector.source!;
  const p = findProducer(ctx.state, t.client);
  if (p)
    for (const v of unwrittenValues(ctx.state, p)) {
      const id = rowIdOf(v);
      if (id !== null) src.neverWritten.push(id);
    }
  if (p) removeProducer(ctx, p.id);
  t.state = 'FAILED';
  src.unacked = [];
  src.nextFlushAtMs = null;
  src.nextPollAtMs = null;
  connector.stats.taskCrashes++;
  emit(ctx, { type: 'connect.taskFailed', connector: connector.name, task: t.task });
}

/** The task starts again from the source offset last committed (OffsetStorageReader). */
export function restartSourceTask(
  ctx: Ctx,
  connector: ConnectorState,
  t: ConnectTaskState,
): Rejection | null {
  const src = connector.source!;
  src.position = src.committedOffset;
  src.unacked = [];
  const r = runTask(ctx, connector, t);
  if (r) return r;
  connector.stats.taskRestarts++;
  emit(ctx, {
    type: 'connect.taskRestarted',
    connector: connector.name,
    task: t.task,
    fromOffset: src.committedOffset,
  });
  return null;
}
