/**
 * The classic group's state machine on the coordinator (GroupMetadataManager, ClassicGroup):
 * Empty → PreparingRebalance → CompletingRebalance → Stable, the initial rebalance delay, the
 * end of the join phase (a new generation, the chosen assignor, the leader), removing members,
 * and the group's timers: session expiry, the rebalance timeout and the pending-sync timeout.
 */
import { javaHashOrder } from './assignors/javaHash.ts';
import { brokerSettings } from './config.ts';
import { emit, findBroker, findPartition, type Ctx } from './context.ts';
import { ledReplica } from './brokerRequests.ts';
import {
  completeWrite,
  findGroup,
  replyJoinError,
  replySyncError,
  replyTo,
} from './groupCoordinator.ts';
import type {
  CoordinatorWriteEffect,
  GroupMember,
  GroupState,
  GroupStateName,
  SubscriptionMetadata,
  TopicPartitionRef,
} from './groupTypes.ts';
import { appendCoordinatorRecords, groupRecord, OFFSETS_TOPIC } from './offsetsTopic.ts';
import { schedule } from './queue.ts';
import { NEW_MEMBER_JOIN_TIMEOUT_MS, joinResponse } from './groupJoin.ts';

/**
 * Copies at the border between the coordinator's state and messages: a restored snapshot never
 * shares objects, so the live state must not either, or the two could drift apart.
 */
export function copyPartitions(ps: TopicPartitionRef[]): TopicPartitionRef[] {
  return ps.map((p) => ({ topic: p.topic, partition: p.partition }));
}

export function copySubscription(s: SubscriptionMetadata): SubscriptionMetadata {
  return {
    topics: [...s.topics],
    ownedPartitions: copyPartitions(s.ownedPartitions),
    generation: s.generation,
    userData:
      s.userData === null
        ? null
        : { partitions: copyPartitions(s.userData.partitions), generation: s.userData.generation },
  };
}

export function findMember(g: GroupState, memberId: string): GroupMember | undefined {
  return g.members.find((m) => m.memberId === memberId);
}

/** ClassicGroup.validateMember. */
export function validateMember(
  g: GroupState,
  memberId: string,
  groupInstanceId: string | null,
): string | null {
  if (groupInstanceId !== null) {
    const s = g.members.find((m) => m.groupInstanceId === groupInstanceId);
    if (!s) return 'UNKNOWN_MEMBER_ID';
    return s.memberId === memberId ? null : 'FENCED_INSTANCE_ID';
  }
  return findMember(g, memberId) ? null : 'UNKNOWN_MEMBER_ID';
}

/** Members in the order Java's HashMap<String, ClassicGroupMember> iterates them. */
export function hashOrdered(g: GroupState): GroupMember[] {
  const byId = new Map(g.members.map((m) => [m.memberId, m]));
  return javaHashOrder(g.members.map((m) => m.memberId)).map((id) => byId.get(id)!);
}

/** ClassicGroup.candidateProtocols: the assignors every member supports. */
function candidateProtocols(g: GroupState): string[] {
  const first = g.members[0];
  if (!first) return [];
  return first.protocols.filter((p) => g.members.every((m) => m.protocols.includes(p)));
}

/** ClassicGroup.supportsProtocols. */
export function supportsProtocols(g: GroupState, protocols: string[]): boolean {
  if (g.members.length === 0) return protocols.length > 0;
  const candidates = candidateProtocols(g);
  return protocols.some((p) => candidates.includes(p));
}

/**
 * ClassicGroup.selectProtocol: each member votes for the first of its assignors that every
 * member supports; the most votes wins (ties: the first in HashMap order of the names).
 */
export function selectProtocol(g: GroupState): string | null {
  const candidates = candidateProtocols(g);
  const votes = new Map<string, number>();
  for (const m of g.members) {
    const vote = m.protocols.find((p) => candidates.includes(p));
    if (vote !== undefined) votes.set(vote, (votes.get(vote) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const name of javaHashOrder(votes.keys()))
    if (best === null || votes.get(name)! > votes.get(best)!) best = name;
  return best;
}

/** ClassicGroup.rebalanceTimeoutMs: the largest of the members' max.poll.interval.ms. */
export function rebalanceTimeoutMs(g: GroupState): number {
  return g.members.reduce((n, m) => Math.max(n, m.rebalanceTimeoutMs), 0);
}

function hasAllMembersJoined(g: GroupState): boolean {
  return g.pendingMembers.length === 0 && g.members.every((m) => m.awaitingJoin !== null);
}

export function setState(ctx: Ctx, g: GroupState, to: GroupStateName, reason: string): void {
  const from = g.state;
  const now = ctx.state.nowMs;
  const o = g.observed;
  if (to === 'PreparingRebalance' && o.rebalanceStartedAtMs === null) {
    o.rebalanceStartedAtMs = now;
    o.rebalances++;
  }
  if ((to === 'Stable' || to === 'Empty') && o.rebalanceStartedAtMs !== null) {
    o.lastRebalanceMs = now - o.rebalanceStartedAtMs;
    o.totalRebalanceMs += o.lastRebalanceMs;
    o.rebalanceStartedAtMs = null;
  }
  g.state = to;
  emit(ctx, {
    type: 'group.stateChanged',
    group: g.groupId,
    from,
    to,
    generationId: g.generationId,
    reason,
  });
}

/** The part of each member a group metadata record keeps. */
function persistedMembers(g: GroupState, assignments?: Map<string, TopicPartitionRef[]>) {
  return g.members.map((m) => ({
    memberId: m.memberId,
    groupInstanceId: m.groupInstanceId,
    clientId: m.clientId,
    sessionTimeoutMs: m.sessionTimeoutMs,
    rebalanceTimeoutMs: m.rebalanceTimeoutMs,
    protocols: [...m.protocols],
    subscription: m.subscription,
    assignment: assignments?.get(m.memberId) ?? m.assignment,
  }));
}

/** Writes the group metadata record; `effect` happens once it is committed. */
export function writeGroup(
  ctx: Ctx,
  g: GroupState,
  effect: CoordinatorWriteEffect,
  assignments?: Map<string, TopicPartitionRef[]>,
): void {
  const broker = g.coordinator === null ? undefined : findBroker(ctx.state, g.coordinator);
  const p = findPartition(ctx.state, OFFSETS_TOPIC, g.offsetsPartition);
  const r = broker && p ? ledReplica(broker, p) : undefined;
  if (!broker || !p || !r) {
    if (broker)
      completeWrite(
        ctx,
        broker,
        { partition: -1, leaderEpoch: -1, requiredOffset: 0, expiresAtMs: 0, effect },
        'NOT_COORDINATOR',
      );
    return;
  }
  const record = groupRecord(g, persistedMembers(g, assignments));
  appendCoordinatorRecords(ctx, broker, p, r, [record], effect);
}

// ---------------------------------------------------------------------------------------
// Rebalancing

/** GroupMetadataManager.prepareRebalance. */
export function prepareRebalance(ctx: Ctx, g: GroupState, reason: string): void {
  const now = ctx.state.nowMs;
  if (g.state === 'CompletingRebalance') {
    // resetAndPropagateAssignmentWithError: assignments are emptied, parked SyncGroups learn a
    // new rebalance began, and those members get a fresh session (propagateAssignment).
    for (const m of g.members) {
      m.assignment = [];
      if (m.awaitingSync) {
        replySyncError(ctx, g, m.awaitingSync, 'REBALANCE_IN_PROGRESS');
        m.heartbeatDeadlineMs = now + m.sessionTimeoutMs;
      }
      m.awaitingSync = null;
    }
  }
  g.pendingSync = null;
  const timeout = rebalanceTimeoutMs(g);
  const initial = g.state === 'Empty';
  if (initial) {
    // InitialDelayedJoin: the first rebalance of an Empty group waits for more members.
    const delay = brokerSettings(ctx.state.cluster.brokerConfig).initialRebalanceDelayMs;
    g.initialDelay = {
      delayMs: delay,
      remainingMs: Math.max(timeout - delay, 0),
      newMemberAdded: false,
    };
    g.rebalanceDeadlineMs = now + delay;
  } else {
    g.initialDelay = null;
    g.rebalanceDeadlineMs = now + timeout;
  }
  g.rebalanceReason = reason;
  setState(ctx, g, 'PreparingRebalance', reason);
  if (!initial) maybeCompleteJoin(ctx, g);
  scheduleGroupTimer(ctx, g);
}

export function maybePrepareRebalanceOrCompleteJoin(ctx: Ctx, g: GroupState, reason: string): void {
  if (g.state === 'PreparingRebalance') maybeCompleteJoin(ctx, g);
  else prepareRebalance(ctx, g, reason);
}

/**
 * The join phase ends early once every member rejoined, but not in the initial delay when a
 * member joins (maybeCompleteJoinPhase); a removal ends it even then (removeMemberAndUpdateClassicGroup).
 */
export function maybeCompleteJoin(ctx: Ctx, g: GroupState, afterRemoval = false): void {
  if (
    g.state === 'PreparingRebalance' &&
    (g.initialDelay === null || afterRemoval) &&
    hasAllMembersJoined(g)
  )
    completeJoin(ctx, g);
}

/** GroupMetadataManager.completeClassicGroupJoin. */
function completeJoin(ctx: Ctx, g: GroupState): void {
  const now = ctx.state.nowMs;
  g.initialDelay = null;
  g.rebalanceDeadlineMs = null;
  // Dynamic members that did not rejoin in time are removed; static ones stay.
  for (const m of [...g.members])
    if (m.awaitingJoin === null && m.groupInstanceId === null)
      removeMember(ctx, g, m, 'did not rejoin before the rebalance timeout (max.poll.interval.ms)');
  if (g.members.length > 0 && !g.members.some((m) => m.awaitingJoin !== null)) {
    // Only static members that did not rejoin: wait another rebalance timeout for them.
    g.rebalanceDeadlineMs = now + rebalanceTimeoutMs(g);
    scheduleGroupTimer(ctx, g);
    return;
  }
  g.generationId++;
  if (g.members.length === 0) {
    g.protocolName = null;
    g.leaderId = null;
    g.rebalanceReason = null;
    setState(ctx, g, 'Empty', 'every member left');
    writeGroup(ctx, g, { kind: 'none', groupId: g.groupId });
    return;
  }
  g.protocolName = selectProtocol(g);
  const ordered = hashOrdered(g);
  if (!ordered.some((m) => m.memberId === g.leaderId && m.awaitingJoin !== null))
    g.leaderId = ordered.find((m) => m.awaitingJoin !== null)!.memberId;
  setState(ctx, g, 'CompletingRebalance', `generation ${g.generationId} formed`);
  for (const m of ordered) {
    m.heartbeatDeadlineMs = now + m.sessionTimeoutMs;
    m.isNew = false;
    if (m.awaitingJoin) replyTo(ctx, g, m.awaitingJoin, joinResponse(g, m, m.awaitingJoin));
    m.awaitingJoin = null;
  }
  g.pendingSync = {
    members: ordered.map((m) => m.memberId),
    deadlineMs: now + rebalanceTimeoutMs(g),
    generationId: g.generationId,
  };
  const leader = findMember(g, g.leaderId!)!;
  emit(ctx, {
    type: 'group.joinCompleted',
    group: g.groupId,
    generationId: g.generationId,
    protocol: g.protocolName,
    leader: leader.clientId,
    members: ordered.map((m) => m.clientId),
  });
  scheduleGroupTimer(ctx, g);
}

/** Takes a member out of the group, answering its parked requests. */
function removeMember(ctx: Ctx, g: GroupState, m: GroupMember, reason: string): void {
  if (m.awaitingJoin) replyJoinError(ctx, g, m.awaitingJoin, 'UNKNOWN_MEMBER_ID', m.memberId);
  if (m.awaitingSync) replySyncError(ctx, g, m.awaitingSync, 'UNKNOWN_MEMBER_ID');
  g.members = g.members.filter((x) => x !== m);
  if (g.pendingSync) {
    g.pendingSync.members = g.pendingSync.members.filter((id) => id !== m.memberId);
    if (g.pendingSync.members.length === 0) g.pendingSync = null;
  }
  if (g.leaderId === m.memberId) g.leaderId = hashOrdered(g)[0]?.memberId ?? null;
  emit(ctx, {
    type: 'group.memberRemoved',
    group: g.groupId,
    memberId: m.memberId,
    consumer: m.clientId,
    reason,
  });
}

/** removeMemberAndUpdateClassicGroup: the group rebalances without the member. */
export function removeMemberAndRebalance(
  ctx: Ctx,
  g: GroupState,
  m: GroupMember,
  reason: string,
): void {
  removeMember(ctx, g, m, reason);
  if (g.state === 'Stable' || g.state === 'CompletingRebalance')
    prepareRebalance(ctx, g, `removing member ${m.memberId}: ${reason}`);
  else if (g.state === 'PreparingRebalance') maybeCompleteJoin(ctx, g, true);
}

// ---------------------------------------------------------------------------------------
// Timers

/** One timer per group, at its earliest deadline. */
export function scheduleGroupTimer(ctx: Ctx, g: GroupState): void {
  if (g.coordinator === null) return;
  const now = ctx.state.nowMs;
  let next = Number.MAX_SAFE_INTEGER;
  if (g.loadedAtMs > now) next = g.loadedAtMs;
  for (const p of g.pendingMembers) next = Math.min(next, p.deadlineMs);
  for (const m of g.members) {
    const satisfied = !m.isNew && (m.awaitingJoin !== null || m.awaitingSync !== null);
    if (!(satisfied && m.heartbeatDeadlineMs <= now)) next = Math.min(next, m.heartbeatDeadlineMs);
  }
  if (g.rebalanceDeadlineMs !== null) next = Math.min(next, g.rebalanceDeadlineMs);
  if (g.pendingSync) next = Math.min(next, g.pendingSync.deadlineMs);
  if (next === Number.MAX_SAFE_INTEGER) return;
  next = Math.max(next, now);
  if (g.timerAtMs !== null && g.timerAtMs >= now && g.timerAtMs <= next) return;
  g.timerAtMs = next;
  schedule(ctx.state, next, { kind: 'groupTimer', group: g.groupId });
}

/** Work `groupTimer`: session expiry, the end of the join phase, and the pending-sync timeout. */
export function runGroupTimer(ctx: Ctx, groupId: string): void {
  const g = findGroup(ctx.state, groupId);
  const now = ctx.state.nowMs;
  if (!g || g.timerAtMs !== now || g.coordinator === null) return;
  g.timerAtMs = null;
  if (g.loadedAtMs > now) return scheduleGroupTimer(ctx, g);
  const expiredPending = g.pendingMembers.filter((p) => p.deadlineMs <= now);
  if (expiredPending.length > 0) {
    g.pendingMembers = g.pendingMembers.filter((p) => p.deadlineMs > now);
    maybeCompleteJoin(ctx, g, true);
  }
  for (const m of [...g.members]) {
    if (m.heartbeatDeadlineMs > now || !g.members.includes(m)) continue;
    // hasSatisfiedHeartbeat: a member waiting for its join or sync answer is not expired.
    if (!m.isNew && (m.awaitingJoin !== null || m.awaitingSync !== null)) continue;
    const reason = m.isNew
      ? `it joined but did not complete the rebalance within ${NEW_MEMBER_JOIN_TIMEOUT_MS} ms`
      : `session timeout: no heartbeat for session.timeout.ms (${m.sessionTimeoutMs} ms)`;
    removeMemberAndRebalance(ctx, g, m, reason);
  }
  if (
    g.state === 'PreparingRebalance' &&
    g.rebalanceDeadlineMs !== null &&
    g.rebalanceDeadlineMs <= now
  ) {
    const d = g.initialDelay;
    if (d && d.newMemberAdded && d.remainingMs > 0) {
      // tryCompleteInitialRebalanceElseSchedule: new members keep arriving, wait once more.
      const delay = brokerSettings(ctx.state.cluster.brokerConfig).initialRebalanceDelayMs;
      const next = Math.min(delay, d.remainingMs);
      g.initialDelay = {
        delayMs: next,
        remainingMs: Math.max(d.remainingMs - d.delayMs, 0),
        newMemberAdded: false,
      };
      g.rebalanceDeadlineMs = now + next;
    } else completeJoin(ctx, g);
  }
  const ps = g.pendingSync;
  if (ps && ps.deadlineMs <= now) {
    g.pendingSync = null;
    if (
      ps.generationId === g.generationId &&
      (g.state === 'CompletingRebalance' || g.state === 'Stable')
    ) {
      // expirePendingSync: members that never sent SyncGroup are removed, and the group rebalances.
      for (const id of ps.members) {
        const m = findMember(g, id);
        if (m) removeMember(ctx, g, m, 'it did not send SyncGroup before the rebalance timeout');
      }
      prepareRebalance(ctx, g, 'members did not sync before the rebalance timeout');
    }
  }
  scheduleGroupTimer(ctx, g);
}
