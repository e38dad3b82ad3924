/**
 * SyncGroup, Heartbeat and LeaveGroup on the coordinator: the leader's assignment is handed to
 * every member once its record is committed, heartbeats keep sessions alive and tell members
 * a rebalance began, and a member leaving starts one.
 */
import { emit, type Ctx } from './context.ts';
import { coordinatorTarget, replySyncError, replyTo, respond } from './groupCoordinator.ts';
import type {
  CoordinatorWriteEffect,
  GroupState,
  PendingRequest,
  TopicPartitionRef,
} from './groupTypes.ts';
import type { BrokerState, MessageState } from './model.ts';
import type { Req } from './groupJoin.ts';
import {
  copyPartitions,
  findMember,
  validateMember,
  setState,
  writeGroup,
  prepareRebalance,
  maybeCompleteJoin,
  removeMemberAndRebalance,
  scheduleGroupTimer,
} from './groupRebalance.ts';

// ---------------------------------------------------------------------------------------
// SyncGroup, Heartbeat, LeaveGroup

function syncResponse(
  to: PendingRequest,
  error: string | null,
  protocolName: string | null,
  assignment: TopicPartitionRef[],
): Req<'syncGroupResponse'> {
  return {
    kind: 'syncGroupResponse',
    client: to.client,
    requestId: to.requestId,
    error,
    protocolName,
    assignment,
  };
}

function syncedNow(g: GroupState, memberId: string): void {
  if (!g.pendingSync) return;
  g.pendingSync.members = g.pendingSync.members.filter((id) => id !== memberId);
  if (g.pendingSync.members.length === 0) g.pendingSync = null;
}

export function handleSyncGroup(ctx: Ctx, msg: MessageState, broker: BrokerState): void {
  const req = msg.payload as Req<'syncGroup'>;
  const to = { client: req.client, requestId: req.requestId };
  const fail = (error: string) => respond(ctx, msg, syncResponse(to, error, null, []));
  const t = coordinatorTarget(ctx, broker, req.groupId);
  // The Java client has no answer to a load in progress on SyncGroup: it is told to rejoin.
  if (!t.ok)
    return fail(t.error === 'COORDINATOR_LOAD_IN_PROGRESS' ? 'REBALANCE_IN_PROGRESS' : t.error);
  const g = t.group;
  if (!g || g.state === 'Empty') return fail('UNKNOWN_MEMBER_ID');
  const invalid = validateMember(g, req.memberId, req.groupInstanceId);
  if (invalid) return fail(invalid);
  if (req.generationId !== g.generationId) return fail('ILLEGAL_GENERATION');
  if (req.protocolName !== null && g.protocolName !== null && req.protocolName !== g.protocolName)
    return fail('INCONSISTENT_GROUP_PROTOCOL');
  const m = findMember(g, req.memberId)!;
  if (g.state === 'PreparingRebalance') return fail('REBALANCE_IN_PROGRESS');
  if (g.state === 'Stable') {
    syncedNow(g, m.memberId);
    return respond(ctx, msg, syncResponse(to, null, g.protocolName, copyPartitions(m.assignment)));
  }
  // CompletingRebalance: wait for the leader's assignment to be committed.
  m.awaitingSync = to;
  syncedNow(g, m.memberId);
  if (m.memberId !== g.leaderId) return;
  const assignments = g.members.map((x) => ({
    memberId: x.memberId,
    partitions: copyPartitions(
      req.assignments.find((a) => a.memberId === x.memberId)?.partitions ?? [],
    ),
  }));
  writeGroup(
    ctx,
    g,
    { kind: 'syncAssignment', groupId: g.groupId, generationId: g.generationId, assignments },
    new Map(assignments.map((a) => [a.memberId, a.partitions])),
  );
}

/** The leader's assignment is committed: every parked SyncGroup gets its part; Stable. */
export function onSyncWritten(
  ctx: Ctx,
  g: GroupState,
  effect: Extract<CoordinatorWriteEffect, { kind: 'syncAssignment' }>,
  error: string | null,
): void {
  if (g.generationId !== effect.generationId || g.state !== 'CompletingRebalance') return;
  if (error !== null) {
    for (const m of g.members) {
      if (m.awaitingSync) replySyncError(ctx, g, m.awaitingSync, error);
      m.awaitingSync = null;
    }
    if (error !== 'NOT_COORDINATOR')
      prepareRebalance(ctx, g, `the assignment could not be stored: ${error}`);
    return;
  }
  const now = ctx.state.nowMs;
  for (const m of g.members) {
    m.assignment = copyPartitions(
      effect.assignments.find((a) => a.memberId === m.memberId)?.partitions ?? [],
    );
    if (!m.awaitingSync) continue;
    replyTo(
      ctx,
      g,
      m.awaitingSync,
      syncResponse(m.awaitingSync, null, g.protocolName, copyPartitions(m.assignment)),
    );
    m.awaitingSync = null;
    m.heartbeatDeadlineMs = now + m.sessionTimeoutMs;
  }
  setState(ctx, g, 'Stable', `generation ${g.generationId} assignment stored`);
  g.rebalanceReason = null;
  emit(ctx, {
    type: 'group.assigned',
    group: g.groupId,
    generationId: g.generationId,
    protocol: g.protocolName,
    assignment: g.members.map((m) => ({
      consumer: m.clientId,
      partitions: m.assignment.map((p) => `${p.topic}-${p.partition}`),
    })),
  });
  scheduleGroupTimer(ctx, g);
}

export function handleHeartbeat(ctx: Ctx, msg: MessageState, broker: BrokerState): void {
  const req = msg.payload as Req<'heartbeat'>;
  const answer = (error: string | null) =>
    respond(ctx, msg, {
      kind: 'heartbeatResponse',
      client: req.client,
      requestId: req.requestId,
      error,
    });
  const t = coordinatorTarget(ctx, broker, req.groupId);
  // GroupCoordinatorService answers a heartbeat during the load with no error.
  if (!t.ok) return answer(t.error === 'COORDINATOR_LOAD_IN_PROGRESS' ? null : t.error);
  const g = t.group;
  if (!g) return answer('UNKNOWN_MEMBER_ID');
  const invalid = validateMember(g, req.memberId, req.groupInstanceId);
  if (invalid) return answer(invalid);
  if (req.generationId !== g.generationId) return answer('ILLEGAL_GENERATION');
  const m = findMember(g, req.memberId)!;
  if (g.state === 'Empty') return answer('UNKNOWN_MEMBER_ID');
  m.heartbeatDeadlineMs = ctx.state.nowMs + m.sessionTimeoutMs;
  scheduleGroupTimer(ctx, g);
  answer(g.state === 'PreparingRebalance' ? 'REBALANCE_IN_PROGRESS' : null);
}

export function handleLeaveGroup(ctx: Ctx, msg: MessageState, broker: BrokerState): void {
  const req = msg.payload as Req<'leaveGroup'>;
  const answer = (error: string | null) =>
    respond(ctx, msg, {
      kind: 'leaveGroupResponse',
      client: req.client,
      requestId: req.requestId,
      error,
    });
  const t = coordinatorTarget(ctx, broker, req.groupId);
  if (!t.ok) return answer(t.error);
  const g = t.group;
  if (!g) return answer('UNKNOWN_MEMBER_ID');
  const reason = `the consumer left the group (${req.reason})`;
  if (req.memberId === '' && req.groupInstanceId !== null) {
    const s = g.members.find((m) => m.groupInstanceId === req.groupInstanceId);
    if (!s) return answer('UNKNOWN_MEMBER_ID');
    removeMemberAndRebalance(ctx, g, s, reason);
    return answer(null);
  }
  const pending = g.pendingMembers.findIndex((p) => p.memberId === req.memberId);
  if (pending >= 0) {
    g.pendingMembers.splice(pending, 1);
    maybeCompleteJoin(ctx, g, true);
    return answer(null);
  }
  const invalid = validateMember(g, req.memberId, req.groupInstanceId);
  if (invalid) return answer(invalid);
  removeMemberAndRebalance(ctx, g, findMember(g, req.memberId)!, reason);
  scheduleGroupTimer(ctx, g);
  answer(null);
}

/** OffsetCommit in PreparingRebalance or Stable counts as a sign of life (session reset). */
export function touchMember(ctx: Ctx, g: GroupState, memberId: string): void {
  const m = findMember(g, memberId);
  if (!m) return;
  m.heartbeatDeadlineMs = ctx.state.nowMs + m.sessionTimeoutMs;
  scheduleGroupTimer(ctx, g);
}
