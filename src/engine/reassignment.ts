/**
 * Partition reassignment (KIP-455: kafka-reassign-partitions, Admin.alterPartitionReassignments)
 * as the KRaft controller runs it (ReplicationControlManager.changePartitionReassignment and
 * cancelPartitionReassignment, PartitionReassignmentReplicas, PartitionChangeBuilder):
 * 1. One partition change makes the replicas the target followed by the current replicas not
 *    in it (removing); the new ones (adding) start as empty logs on their brokers and fetch from
 *    the leader like any follower, from its log start. The ISR stays as it is.
 * 2. The leader adds each one to the ISR once it has caught up (AlterPartition).
 * 3. The change that puts the last target replica in the ISR also completes the reassignment:
 *    the replicas become the target, the removed ones leave the ISR, and when the leader is
 *    among them the first target replica in the ISR leads.
 * A removed replica's broker deletes its log when it learns the change (replication.ts). A
 * reassignment that only reorders or removes replicas completes at once when it can.
 *
 * Simplified: no replication throttle (leader.replication.throttled.rate): new replicas copy at
 * the network's speed. Moving a replica between log directories of one broker is not simulated.
 */
import {
  acceptableLeader,
  changePartition,
  publish,
  sameList,
  type PartitionChange,
} from './controller.ts';
import { emit, findPartition, findTopic, type Ctx } from './context.ts';
import type { BrokerId, PartitionState, SimState } from './model.ts';
import { reject, type Rejection } from './rejection.ts';
import { controllerRejection, newReplicaLog } from './topics.ts';

/** The replica lists a reassignment moves through (PartitionRegistration's three lists). */
interface Assignment {
  replicas: BrokerId[];
  adding: BrokerId[];
  removing: BrokerId[];
}

function ascending(ids: BrokerId[]): BrokerId[] {
  return [...ids].sort((a, b) => a - b);
}

function partitionOrRejection(
  state: SimState,
  topic: string,
  partition: number,
): PartitionState | Rejection {
  if (!findTopic(state, topic))
    return reject(`Topic '${topic}' does not exist.`, 'UNKNOWN_TOPIC_OR_PARTITION', 'topic');
  const p = findPartition(state, topic, partition);
  if (!p)
    return reject(
      `Unable to find partition ${topic}:${partition}.`,
      'UNKNOWN_TOPIC_OR_PARTITION',
      'partition',
    );
  return controllerRejection(state) ?? p;
}

/** ReplicationControlManager.validateManualPartitionAssignment. */
function targetRejection(state: SimState, target: readonly BrokerId[]): Rejection | null {
  const bad = (reason: string) => reject(reason, 'INVALID_REPLICA_ASSIGNMENT', 'replicas');
  if (target.length === 0)
    return bad('The manual partition assignment includes an empty replica list.');
  const twice = target.find((b, i) => target.indexOf(b) !== i);
  if (twice !== undefined)
    return bad(`The manual partition assignment includes the broker ${twice} more than once.`);
  const unknown = target.find((b) => !state.controller.registrations.some((x) => x.broker === b));
  if (unknown !== undefined)
    return bad(
      `The manual partition assignment includes broker ${unknown}, but no such broker is registered.`,
    );
  return null;
}

/**
 * PartitionReassignmentReplicas.maybeCompleteReassignment: with `isr` as the ISR to be, when
 * every target replica is in it (and one replica not being removed is), the change that
 * completes the reassignment; null otherwise or when none is in progress.
 */
export function completeReassignment(
  state: SimState,
  p: PartitionState,
  isr: BrokerId[],
  a: Assignment = { replicas: p.replicas, adding: p.addingReplicas, removing: p.removingReplicas },
): { change: PartitionChange; removed: BrokerId[] } | null {
  if (a.adding.length === 0 && a.removing.length === 0) return null;
  const targetIsr = isr.filter((b) => !a.removing.includes(b));
  const replicas = a.replicas.filter((b) => !a.removing.includes(b));
  if (targetIsr.length === 0 || replicas.length === 0) return null;
  if (!replicas.every((b) => targetIsr.includes(b))) return null;
  // PartitionChangeBuilder.tryElection: a leader being removed hands over to the first target
  // replica in the ISR that can lead.
  const keep = p.leader !== null && replicas.includes(p.leader);
  const leader = keep
    ? p.leader
    : (replicas.find((b) => targetIsr.includes(b) && acceptableLeader(state, b)) ?? null);
  return {
    change: { replicas, adding: [], removing: [], isr: targetIsr, leader },
    removed: [...a.removing],
  };
}

/** A broker's part in the partition's reassignment; 'removed': no longer a replica, log kept until its broker learns it. */
export function reassignmentRole(
  p: PartitionState,
  broker: BrokerId,
): 'adding' | 'removing' | 'removed' | null {
  if (p.addingReplicas.includes(broker)) return 'adding';
  if (p.removingReplicas.includes(broker)) return 'removing';
  return p.replicas.includes(broker) ? null : 'removed';
}

export function reassignmentCompleted(
  ctx: Ctx,
  p: PartitionState,
  removed: BrokerId[],
  cancelled = false,
): void {
  emit(ctx, {
    type: 'partition.reassignmentCompleted',
    topic: p.topic,
    partition: p.partition,
    cancelled,
    replicas: [...p.replicas],
    removed,
    isr: [...p.isr],
    leader: p.leader,
  });
}

/** Commits the new assignment, completing it at once when the ISR already allows. */
function commit(ctx: Ctx, p: PartitionState, a: Assignment, isr: BrokerId[], cancelled: boolean) {
  const target = a.replicas.filter((b) => !a.removing.includes(b));
  // A new replica's broker gets an empty log; one still holding a log it was about to delete
  // (removed by an earlier reassignment) keeps it and truncates as any follower.
  for (const b of a.adding)
    if (!p.replicaLogs.some((r) => r.brokerId === b)) p.replicaLogs.push(newReplicaLog(b));
  emit(ctx, {
    type: 'partition.reassignmentStarted',
    topic: p.topic,
    partition: p.partition,
    target,
    replicas: [...a.replicas],
    adding: [...a.adding],
    removing: [...a.removing],
    cancelled,
  });
  // Only the order changing (the preferred leader with it) needs no copy: done at once.
  const reorder = a.adding.length === 0 && a.removing.length === 0;
  const completion =
    completeReassignment(ctx.state, p, isr, a) ??
    (reorder ? { change: { replicas: a.replicas, adding: [], removing: [] }, removed: [] } : null);
  const reason = cancelled
    ? `the reassignment of ${p.topic}-${p.partition} was cancelled`
    : `reassignment of ${p.topic}-${p.partition} to [${target.join(', ')}]`;
  if (completion) {
    changePartition(ctx, p, completion.change, reason);
    reassignmentCompleted(ctx, p, completion.removed);
  } else
    changePartition(
      ctx,
      p,
      { replicas: a.replicas, adding: a.adding, removing: a.removing, isr },
      reason,
    );
  publish(ctx);
}

/** `partition.reassign`: move the partition's replicas to `target` (its first one preferred). */
export function reassignPartition(
  ctx: Ctx,
  topic: string,
  partition: number,
  target: BrokerId[],
): Rejection | null {
  const state = ctx.state;
  const found = partitionOrRejection(state, topic, partition);
  if ('reason' in found) return found;
  const p = found;
  const bad = targetRejection(state, target);
  if (bad) return bad;
  // PartitionReassignmentReplicas(current, target), with the current (merged) replicas; a
  // replica still being added stays so (PartitionChangeBuilder keeps the adding list).
  const removing = ascending(p.replicas.filter((b) => !target.includes(b)));
  const adding = ascending(
    target.filter((b) => !p.replicas.includes(b) || p.addingReplicas.includes(b)),
  );
  const replicas = [...target, ...removing];
  if (
    sameList(replicas, p.replicas) &&
    sameList(adding, p.addingReplicas) &&
    sameList(removing, p.removingReplicas)
  )
    return null; // nothing to change
  commit(ctx, p, { replicas, adding, removing }, p.isr, false);
  return null;
}

/**
 * `partition.cancelReassignment` (kafka-reassign-partitions --cancel): back to the replicas
 * from before (PartitionReassignmentRevert); the replicas being added leave.
 */
export function cancelReassignment(ctx: Ctx, topic: string, partition: number): Rejection | null {
  const state = ctx.state;
  const found = partitionOrRejection(state, topic, partition);
  if ('reason' in found) return found;
  const p = found;
  if (p.addingReplicas.length === 0 && p.removingReplicas.length === 0)
    return reject(
      `No partition reassignment is in progress for ${topic}-${partition}.`,
      'NO_REASSIGNMENT_IN_PROGRESS',
      'partition',
    );
  const original = p.replicas.filter((b) => !p.addingReplicas.includes(b));
  const isr = p.isr.filter((b) => !p.addingReplicas.includes(b));
  // Simplified: Kafka reverts with an unclean election when the topic allows one.
  if (isr.length === 0)
    return reject(
      `Unable to revert partition assignment for ${topic}:${partition} because it would require an unclean leader election.`,
      'INVALID_REPLICA_ASSIGNMENT',
      'partition',
    );
  const leader =
    p.leader !== null && original.includes(p.leader)
      ? p.leader
      : (original.find((b) => isr.includes(b) && acceptableLeader(state, b)) ?? null);
  const removed = [...p.addingReplicas];
  emit(ctx, {
    type: 'partition.reassignmentStarted',
    topic,
    partition,
    target: [...original],
    replicas: [...original],
    adding: [],
    removing: removed,
    cancelled: true,
  });
  changePartition(
    ctx,
    p,
    { replicas: original, adding: [], removing: [], isr, leader },
    `the reassignment of ${topic}-${partition} was cancelled`,
  );
  reassignmentCompleted(ctx, p, removed, true);
  publish(ctx);
  return null;
}
