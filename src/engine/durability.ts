/**
 * Acknowledged records and their loss. Every record a producer got a success for is kept
 * here as (partition, leader epoch, offset) runs. Whenever the partition's leader changes or
 * a replica truncates, the runs are checked against the log of the controller's current
 * leader: a record it does not hold at that offset in that epoch can never be read again,
 * whichever broker still has it on disk, so it is counted as lost, with its key, and why.
 *
 * Records below the leader's log start offset left by retention, which is not loss.
 */
import { emit, findTopic, ownGet, ownSet, type Ctx } from './context.ts';
import { epochAt } from './epochCache.ts';
import { findRecord } from './log.ts';
import { recordAt } from './records.ts';
import type { AckedRun, PartitionState, ReplicaLog, SimState } from './model.ts';

/** Lost records kept with their details; beyond it only the count grows. */
export const MAX_LOST_RECORDS = 1000;

/** How many of the records `producer` was told were written are lost. */
export function lostOfProducer(state: SimState, producer: string): number {
  return ownGet(state.durability.lostByProducer ?? {}, producer) ?? 0;
}

/** How many acknowledged records of the partition are lost. */
export function lostOfPartition(state: SimState, topic: string, partition: number): number {
  return ownGet(state.durability.lostByPartition ?? {}, partitionKey(topic, partition)) ?? 0;
}

/**
 * Hot path (every acknowledgement looks its partition up): each key is built once, so the
 * record lookups get the same string every time instead of a new one to hash. Derived from
 * the name alone, so there is nothing to invalidate.
 */
const partitionKeys = new Map<string, string[]>();

/** The key of a partition in `acked` and `lostByPartition`. */
export function partitionKey(topic: string, partition: number): string {
  let keys = partitionKeys.get(topic);
  if (keys === undefined) {
    keys = [];
    partitionKeys.set(topic, keys);
  }
  return (keys[partition] ??= `${topic}\u0000${partition}`);
}

function replicaOf(p: PartitionState, broker: number): ReplicaLog | undefined {
  const rs = p.replicaLogs;
  for (let i = 0; i < rs.length; i++) if (rs[i]!.brokerId === broker) return rs[i];
  return undefined;
}

/** Whether heldRange would keep all of [from, to): the replica holds it, written in `epoch`. */
function holdsAll(r: ReplicaLog, epoch: number, from: number, to: number): boolean {
  const epochs = r.epochs;
  for (let i = 0; i < epochs.length; i++) {
    if (epochs[i]!.epoch !== epoch) continue;
    const end = epochs[i + 1]?.startOffset ?? r.log.logEndOffset;
    return epochs[i]!.startOffset <= from && to <= end && to <= r.log.logEndOffset;
  }
  return false;
}

/** The offsets of [from, to) that the leader replica holds in `epoch`: one range, maybe empty. */
function heldRange(r: ReplicaLog, epoch: number, from: number, to: number): [number, number] {
  const i = r.epochs.findIndex((e) => e.epoch === epoch);
  if (i < 0) return [from, from];
  const start = r.epochs[i]!.startOffset;
  const end = r.epochs[i + 1]?.startOffset ?? r.log.logEndOffset;
  const lo = Math.max(from, start);
  const hi = Math.min(to, end, r.log.logEndOffset);
  return hi > lo ? [lo, hi] : [from, from];
}

function describeLost(
  ctx: Ctx,
  p: PartitionState,
  epoch: number,
  from: number,
  to: number,
  reason: string,
): void {
  const d = ctx.state.durability;
  d.lostCount += to - from;
  const byPartition = (d.lostByPartition ??= {});
  const byProducer = (d.lostByProducer ??= {});
  const pk = partitionKey(p.topic, p.partition);
  ownSet(byPartition, pk, (ownGet(byPartition, pk) ?? 0) + (to - from));
  emit(ctx, {
    type: 'records.lost',
    topic: p.topic,
    partition: p.partition,
    records: to - from,
    fromOffset: from,
    toOffset: to,
    reason,
  });
  for (let o = from; o < to; o++) {
    // Any replica that still has the record in that epoch tells its key and producer.
    const detailed = d.lost.length < MAX_LOST_RECORDS;
    let key: string | null = null;
    let producer = '';
    for (const r of p.replicaLogs) {
      if (epochAt(r, o) !== epoch) continue;
      const found = findRecord(r.log, o);
      if (!found) continue;
      if (detailed) key = recordAt(found.batch, found.index).key;
      producer = found.batch.producer;
      break;
    }
    ownSet(byProducer, producer, (ownGet(byProducer, producer) ?? 0) + 1);
    if (!detailed) continue;
    d.lost.push({
      topic: p.topic,
      partition: p.partition,
      offset: o,
      key,
      producer,
      lostAtMs: ctx.state.nowMs,
      reason,
    });
  }
}

/** Splits runs against the current leader's log; what it does not hold is lost. */
function checkRuns(ctx: Ctx, p: PartitionState, runs: AckedRun[], reason: string): AckedRun[] {
  if (p.leader === null) return runs; // offline: nothing is decided until a leader is elected
  const r = replicaOf(p, p.leader);
  if (!r) return runs;
  const lso = r.log.logStartOffset;
  const kept: AckedRun[] = [];
  for (const run of runs) {
    const from = Math.max(run.fromOffset, lso); // below: deleted by retention, not lost
    if (from >= run.toOffset) continue;
    const [lo, hi] = heldRange(r, run.epoch, from, run.toOffset);
    if (lo > from) describeLost(ctx, p, run.epoch, from, lo, reason);
    if (hi > lo) kept.push({ epoch: run.epoch, fromOffset: lo, toOffset: hi });
    const tailFrom = Math.max(hi, lo, from);
    if (run.toOffset > tailFrom) describeLost(ctx, p, run.epoch, tailFrom, run.toOffset, reason);
  }
  return kept;
}

/** Checks every acknowledged record of the partition against its current leader. */
export function checkAckedRecords(ctx: Ctx, p: PartitionState, reason: string): void {
  const acked = ctx.state.durability.acked;
  const key = partitionKey(p.topic, p.partition);
  const runs = ownGet(acked, key);
  if (!runs || runs.length === 0) return;
  ownSet(acked, key, checkRuns(ctx, p, runs, reason));
}

/** A producer got a success for records [from, to) written in `epoch`. */
export function recordAcknowledged(
  ctx: Ctx,
  topic: string,
  partition: number,
  epoch: number,
  from: number,
  to: number,
): void {
  if (to <= from || epoch < 0) return;
  const p = findTopic(ctx.state, topic)?.partitions[partition];
  if (!p) return;
  const acked = ctx.state.durability.acked;
  const key = partitionKey(topic, partition);
  let runs = ownGet(acked, key);
  if (runs === undefined) {
    runs = [];
    ownSet(acked, key, runs);
  }
  // Hot path (every acknowledgement): the leader holds the records in their epoch, as it
  // usually does, so the run goes in as it is, without checkRuns' arrays.
  const leader = p.leader === null ? undefined : replicaOf(p, p.leader);
  if (
    leader !== undefined &&
    from >= leader.log.logStartOffset &&
    holdsAll(leader, epoch, from, to)
  ) {
    insertRun(runs, { epoch, fromOffset: from, toOffset: to });
    return;
  }
  // The acknowledgement may arrive after the partition moved on: check it against the leader now.
  const fresh = checkRuns(
    ctx,
    p,
    [{ epoch, fromOffset: from, toOffset: to }],
    `acknowledged by a leader that had already been replaced`,
  );
  for (const run of fresh) insertRun(runs, run);
}

/** Inserts a run in offset order, merging with a neighbour of the same epoch it touches. */
function insertRun(runs: AckedRun[], run: AckedRun): void {
  const last = runs[runs.length - 1];
  if (last && last.epoch === run.epoch && last.toOffset === run.fromOffset) {
    last.toOffset = run.toOffset;
    return;
  }
  let i = runs.length;
  while (i > 0 && runs[i - 1]!.fromOffset > run.fromOffset) i--;
  const prev = runs[i - 1];
  if (prev && prev.epoch === run.epoch && prev.toOffset >= run.fromOffset) {
    prev.toOffset = Math.max(prev.toOffset, run.toOffset);
    const next = runs[i];
    if (next && next.epoch === prev.epoch && next.fromOffset <= prev.toOffset) {
      prev.toOffset = Math.max(prev.toOffset, next.toOffset);
      runs.splice(i, 1);
    }
    return;
  }
  const next = runs[i];
  if (next && next.epoch === run.epoch && run.toOffset >= next.fromOffset) {
    next.fromOffset = run.fromOffset;
    next.toOffset = Math.max(next.toOffset, run.toOffset);
    return;
  }
  runs.splice(i, 0, run);
}

/** Acknowledged records whose leader still holds them (for tests and the report). */
export function ackedRecordCount(state: SimState): number {
  let n = 0;
  for (const runs of Object.values(state.durability.acked))
    for (const r of runs) n += r.toOffset - r.fromOffset;
  return n;
}
