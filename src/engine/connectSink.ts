/**
 * A Kafka Connect sink task (WorkerSinkTask): a member of the consumer group `connect-<name>`
 * whose records go to an external system. Its loop (WorkerSinkTask.iteration): when
 * offset.flush.interval.ms has passed since the last commit, commitOffsets (SinkTask.preCommit,
 * which flushes the task, then an asynchronous OffsetCommit of what was delivered); then poll
 * and deliverMessages, i.e. SinkTask.put of the records polled. Before a rebalance revokes its
 * partitions, and when it stops, the task commits too (onPartitionsRevoked / close).
 *
 * After a crash nothing is committed: the member that takes a partition over starts at its last
 * committed offset, and records delivered since then are delivered again: duplicate writes to
 * the external system, which this module counts per input partition.
 *
 * Simplification: put() and flush() take no time (the external system is not on the network);
 * records a poll returned are delivered together at the end of their processing time.
 */
import { polledRun, recordsIn } from './log.ts';
import { emit, ownGet, ownSet, type Ctx } from './context.ts';
import { connectorOfClient } from './connect.ts';
import type { ConnectorState, SinkState } from './connectModel.ts';
import { sendCommit } from './groupCommit.ts';
import type { ConsumerState, SimState } from './model.ts';
import { reject, type Rejection } from './rejection.ts';

/** The sink connector and task number of a consumer, or null for any other consumer. */
export function sinkTaskOf(
  state: SimState,
  consumerId: string,
): { connector: ConnectorState; sink: SinkState; task: number } | null {
  const found = connectorOfClient(state, consumerId);
  if (!found || found.connector.sink === null) return null;
  return { connector: found.connector, sink: found.connector.sink, task: found.task };
}

/** consumer.add to a sink connector's group is how Connect starts a task, and only that. */
export function sinkMemberProblem(state: SimState, c: ConsumerState): Rejection | null {
  if (state.connectors.length === 0 || !c.group) return null;
  const connector = state.connectors.find(
    (x) => x.sink !== null && `connect-${x.name}` === c.group!.groupId,
  );
  if (!connector) return null;
  const t = connector.tasks.find((x) => x.client === c.id);
  if (t && t.state === 'RUNNING') {
    connector.sink!.lastCommitMs[c.id] = state.nowMs;
    return null;
  }
  return reject(
    `'${c.group.groupId}' is the group of sink connector '${connector.name}': Connect starts its tasks (use connector.restartTask)`,
    null,
    'group',
  );
}

/** poll() returned records [fromOffset, fromOffset + count) to a sink task: put() follows. */
export function sinkTook(
  state: SimState,
  c: ConsumerState,
  topic: string,
  partition: number,
  fromOffset: number,
  offsets: number,
  holes?: readonly number[],
): void {
  const s = state.connectors.length === 0 ? null : sinkTaskOf(state, c.id);
  if (!s) return;
  // Offsets the cleaner emptied (a compacted topic) hold no record.
  const run = polledRun(fromOffset, offsets, holes);
  s.connector.stats.recordsPolled += recordsIn(run.holes, run.fromOffset, run.toOffset);
  const runs = ownGet(s.sink.pending, c.id) ?? [];
  runs.push({ topic, partition, ...run });
  ownSet(s.sink.pending, c.id, runs);
}

/** SinkTask.put of the records polled: written to the external system, duplicates counted. */
export function deliverPending(ctx: Ctx, c: ConsumerState): void {
  const s = ctx.state.connectors.length === 0 ? null : sinkTaskOf(ctx.state, c.id);
  const runs = s ? ownGet(s.sink.pending, c.id) : undefined;
  if (!s || !runs || runs.length === 0) return;
  const { connector, sink } = s;
  for (const run of runs) {
    const tp = `${run.topic}-${run.partition}`;
    const upTo = ownGet(sink.deliveredUpTo, tp) ?? 0;
    const again = recordsIn(run.holes, run.fromOffset, Math.min(run.toOffset, upTo));
    connector.stats.recordsWritten += recordsIn(run.holes, run.fromOffset, run.toOffset);
    ownSet(sink.deliveredUpTo, tp, Math.max(upTo, run.toOffset));
    if (again > 0) {
      connector.stats.duplicates += again;
      emit(ctx, {
        type: 'connect.duplicates',
        connector: connector.name,
        kind: 'sink',
        system: connector.system,
        task: s.task,
        records: again,
        at: tp,
        fromOffset: run.fromOffset,
        toOffset: run.fromOffset + again,
      });
    }
  }
  ownSet(sink.pending, c.id, []);
  ownSet(sink.commitNeeded, c.id, true);
}

/**
 * WorkerSinkTask.iteration before its poll: deliver what the last poll returned, then commit
 * when offset.flush.interval.ms has passed (asynchronously: the task polls on meanwhile).
 */
export function sinkBeforePoll(ctx: Ctx, c: ConsumerState): void {
  const s = ctx.state.connectors.length === 0 ? null : sinkTaskOf(ctx.state, c.id);
  if (!s) return;
  deliverPending(ctx, c);
  const now = ctx.state.nowMs;
  const last = ownGet(s.sink.lastCommitMs, c.id) ?? now;
  if (now < last + s.connector.offsetFlushIntervalMs) return;
  if (ownGet(s.sink.commitNeeded, c.id) !== true) return;
  if (c.group === null || c.group.memberState !== 'STABLE' || c.group.coordinator === null) return;
  ownSet(s.sink.lastCommitMs, c.id, now);
  // preCommit → flush() is immediate here; then commitAsync of the positions delivered.
  if (sendCommit(ctx, c, 'manual')) ownSet(s.sink.commitNeeded, c.id, false);
}

/** Whether this consumer is a sink task with deliveries since its last commit (null: not a task). */
export function sinkCommitNeeded(state: SimState, consumerId: string): boolean | null {
  const s = state.connectors.length === 0 ? null : sinkTaskOf(state, consumerId);
  return s ? ownGet(s.sink.commitNeeded, consumerId) === true : null;
}

/** An OffsetCommit of a sink task was answered (or lost with its connection). */
export function sinkCommitSettled(ctx: Ctx, c: ConsumerState, purpose: string, ok: boolean): void {
  const s = ctx.state.connectors.length === 0 ? null : sinkTaskOf(ctx.state, c.id);
  if (!s || purpose === 'auto') return;
  if (ok) {
    s.connector.stats.offsetCommits++;
    emit(ctx, { type: 'connect.sinkCommitted', connector: s.connector.name, consumer: c.id });
  } else {
    s.connector.stats.offsetCommitsFailed++;
    ownSet(s.sink.commitNeeded, c.id, true);
  }
}

/** A sink task's consumer went: crashed (FAILED, undelivered records dropped) or stopped. */
export function sinkTaskRemoved(ctx: Ctx, consumerId: string, graceful: boolean): void {
  const s = sinkTaskOf(ctx.state, consumerId);
  if (!s) return;
  ownSet(s.sink.pending, consumerId, []);
  ownSet(s.sink.commitNeeded, consumerId, false);
  const t = s.connector.tasks.find((x) => x.task === s.task)!;
  if (t.state !== 'RUNNING') return;
  t.state = graceful ? 'UNASSIGNED' : 'FAILED';
  if (graceful) return;
  s.connector.stats.taskCrashes++;
  emit(ctx, { type: 'connect.taskFailed', connector: s.connector.name, task: s.task });
}
