/**
 * The classic group protocol on the coordinator (GroupMetadataManager's classic group
 * handling, ClassicGroup): JoinGroup, SyncGroup, Heartbeat and LeaveGroup, the group states
 * Empty → PreparingRebalance → CompletingRebalance → Stable, the initial rebalance delay,
 * session expiry, the rebalance and pending-sync timeouts, and static membership (KIP-345).
 */
import { javaHashOrder } from './assignors/javaHash.ts';
import { brokerSettings } from './config.ts';
import { emit, findBroker, findPartition, type Ctx } from './context.ts';
import { ledReplica } from './brokerRequests.ts';
import {
  completeWrite,
  coordinatorTarget,
  createGroupHere,
  findGroup,
  joinErrorResponse,
  replyJoinError,
  replySyncError,
  replyTo,
  respond,
  sessionTimeoutProblem,
} from './groupCoordinator.ts';
import type {
  CoordinatorWriteEffect,
  GroupMember,
  GroupPayload,
  GroupState,
  GroupStateName,
  PendingRequest,
  SubscriptionMetadata,
  TopicPartitionRef,
} from './groupTypes.ts';
import type { BrokerState, MessageState } from './model.ts';
import { appendCoordinatorRecords, groupRecord, OFFSETS_TOPIC } from './offsetsTopic.ts';
import { schedule } from './queue.ts';
import { nextUint32 } from './rng.ts';

type Req<K extends GroupPayload['kind']> = Extract<GroupPayload, { kind: K }>;
type JoinResponse = Req<'joinGroupResponse'>;

/** GroupMetadataManager: a new member that joined must complete the rebalance within 5 minutes. */
export const NEW_MEMBER_JOIN_TIMEOUT_MS = 300_000;

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/** ClassicGroup.generateMemberId: the client id (or instance id), '-', and a random UUID. */
function newMemberId(ctx: Ctx, prefix: string): string {
  const rng = ctx.state.rng;
  const [a, b, c, d] = [nextUint32(rng), nextUint32(rng), nextUint32(rng), nextUint32(rng)];
  const h = hex8(a) + hex8(b) + hex8(c) + hex8(d);
  const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  return `${prefix}-${uuid}`;
}

/**
 * Copies at the border between the coordinator's state and messages: a restored snapshot never
 * shares objects, so the live state must not either, or the two could drift apart.
 */
function copyPartitions(ps: TopicPartitionRef[]): TopicPartitionRef[] {
  return ps.map((p) => ({ topic: p.topic, partition: p.partition }));
}

function copySubscription(s: SubscriptionMetadata): SubscriptionMetadata {
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

function findMember(g: GroupState, memberId: string): GroupMember | undefined {
  return g.members.find((m) => m.memberId === memberId);
}

/** ClassicGroup.validateMember. */
function validateMember(
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
function hashOrdered(g: GroupState): GroupMember[] {
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
function supportsProtocols(g: GroupState, protocols: string[]): boolean {
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
function rebalanceTimeoutMs(g: GroupState): number {
  return g.members.reduce((n, m) => Math.max(n, m.rebalanceTimeoutMs), 0);
}

function hasAllMembersJoined(g: GroupState): boolean {
  return g.pendingMembers.length === 0 && g.members.every((m) => m.awaitingJoin !== null);
}

function setState(ctx: Ctx, g: GroupState, to: GroupStateName, reason: string): void {
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
function writeGroup(
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
// Responses

function joinResponse(
  g: GroupState,
  m: GroupMember,
  to: PendingRequest,
  skipAssignment = false,
): JoinResponse {
  const isLeader = m.memberId === g.leaderId;
  return {
    kind: 'joinGroupResponse',
    client: to.client,
    requestId: to.requestId,
    error: null,
    generationId: g.generationId,
    protocolName: g.protocolName,
    leader: g.leaderId,
    memberId: m.memberId,
    skipAssignment,
    members: isLeader
      ? hashOrdered(g).map((x) => ({
          memberId: x.memberId,
          groupInstanceId: x.groupInstanceId,
          subscription: copySubscription(x.subscription),
        }))
      : [],
  };
}

function joinError(req: Req<'joinGroup'>, error: string, memberId = req.memberId): JoinResponse {
  return joinErrorResponse({ client: req.client, requestId: req.requestId }, error, memberId);
}

// ---------------------------------------------------------------------------------------
// Rebalancing

/** GroupMetadataManager.prepareRebalance. */
function prepareRebalance(ctx: Ctx, g: GroupState, reason: string): void {
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

function maybePrepareRebalanceOrCompleteJoin(ctx: Ctx, g: GroupState, reason: string): void {
  if (g.state === 'PreparingRebalance') maybeCompleteJoin(ctx, g);
  else prepareRebalance(ctx, g, reason);
}

/**
 * The join phase ends early once every member rejoined, but not in the initial delay when a
 * member joins (maybeCompleteJoinPhase); a removal ends it even then (removeMemberAndUpdateClassicGroup).
 */
function maybeCompleteJoin(ctx: Ctx, g: GroupState, afterRemoval = false): void {
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
function removeMemberAndRebalance(ctx: Ctx, g: GroupState, m: GroupMember, reason: string): void {
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

// ---------------------------------------------------------------------------------------
// JoinGroup

function updateMember(m: GroupMember, req: Req<'joinGroup'>, to: PendingRequest | null): void {
  m.protocols = [...req.protocols];
  m.subscription = copySubscription(req.subscription);
  m.sessionTimeoutMs = req.sessionTimeoutMs;
  m.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
  m.clientId = req.client;
  if (to) m.awaitingJoin = to;
}

function sameMetadata(m: GroupMember, req: Req<'joinGroup'>): boolean {
  return (
    JSON.stringify([m.protocols, m.subscription]) ===
    JSON.stringify([req.protocols, req.subscription])
  );
}

function addMember(
  ctx: Ctx,
  g: GroupState,
  req: Req<'joinGroup'>,
  to: PendingRequest,
  memberId: string,
): void {
  const m: GroupMember = {
    memberId,
    groupInstanceId: req.groupInstanceId,
    clientId: req.client,
    sessionTimeoutMs: req.sessionTimeoutMs,
    rebalanceTimeoutMs: req.rebalanceTimeoutMs,
    protocols: [...req.protocols],
    subscription: copySubscription(req.subscription),
    assignment: [],
    awaitingJoin: to,
    awaitingSync: null,
    heartbeatDeadlineMs: ctx.state.nowMs + NEW_MEMBER_JOIN_TIMEOUT_MS,
    isNew: true,
  };
  g.members.push(m);
  g.leaderId ??= memberId;
  if (g.state === 'PreparingRebalance' && g.initialDelay) g.initialDelay.newMemberAdded = true;
  emit(ctx, {
    type: 'group.memberAdded',
    group: g.groupId,
    memberId,
    consumer: req.client,
    groupInstanceId: req.groupInstanceId,
  });
  maybePrepareRebalanceOrCompleteJoin(
    ctx,
    g,
    `adding new member ${memberId}; client reason: ${req.reason}`,
  );
}

/** updateStaticMemberThenRebalanceOrCompleteJoin: a static member returns under a new member id. */
function replaceStaticMember(
  ctx: Ctx,
  g: GroupState,
  m: GroupMember,
  req: Req<'joinGroup'>,
  to: PendingRequest,
): void {
  const oldId = m.memberId;
  const newId = newMemberId(ctx, req.groupInstanceId!);
  if (m.awaitingJoin) replyJoinError(ctx, g, m.awaitingJoin, 'FENCED_INSTANCE_ID', oldId);
  if (m.awaitingSync) replySyncError(ctx, g, m.awaitingSync, 'FENCED_INSTANCE_ID');
  m.awaitingJoin = null;
  m.awaitingSync = null;
  m.memberId = newId;
  if (g.leaderId === oldId) g.leaderId = newId;
  if (g.pendingSync)
    g.pendingSync.members = g.pendingSync.members.map((id) => (id === oldId ? newId : id));
  m.heartbeatDeadlineMs = ctx.state.nowMs + req.sessionTimeoutMs;
  emit(ctx, {
    type: 'group.staticMemberReplaced',
    group: g.groupId,
    groupInstanceId: req.groupInstanceId!,
    oldMemberId: oldId,
    memberId: newId,
    consumer: req.client,
  });
  if (g.state === 'Stable') {
    const before = g.protocolName;
    // Waiting for its join answer: a rebalance that completes before the write does answers it.
    updateMember(m, req, to);
    if (selectProtocol(g) === before) {
      // No rebalance: the member gets its old assignment back once the record is committed.
      // The leader gets the members (KIP-814: skipAssignment); the others an empty list.
      const response = joinResponse(g, m, to, m.memberId === g.leaderId);
      writeGroup(ctx, g, {
        kind: 'staticReplace',
        groupId: g.groupId,
        generationId: g.generationId,
        reply: to,
        response,
      });
      return;
    }
    prepareRebalance(ctx, g, `static member ${newId} rejoined with a different protocol`);
    return;
  }
  updateMember(m, req, to);
  if (g.state === 'CompletingRebalance')
    prepareRebalance(ctx, g, `static member ${newId} rejoined during CompletingRebalance`);
  else maybeCompleteJoin(ctx, g);
}

export function onStaticReplaceWritten(
  ctx: Ctx,
  _broker: BrokerState,
  g: GroupState,
  effect: Extract<CoordinatorWriteEffect, { kind: 'staticReplace' }>,
  error: string | null,
): void {
  // Answered already if a rebalance completed meanwhile (with its newer generation).
  const m = g.members.find((x) => x.awaitingJoin?.requestId === effect.reply.requestId);
  if (!m) return;
  m.awaitingJoin = null;
  if (error === null) return replyTo(ctx, g, effect.reply, effect.response);
  // Simplification: Kafka also reverts the replacement; the member simply joins again.
  replyJoinError(ctx, g, effect.reply, error, '');
}

function joinNewMember(ctx: Ctx, g: GroupState, req: Req<'joinGroup'>, msg: MessageState): void {
  const to = { client: req.client, requestId: req.requestId };
  if (!supportsProtocols(g, req.protocols))
    return respond(ctx, msg, joinError(req, 'INCONSISTENT_GROUP_PROTOCOL'));
  if (req.groupInstanceId !== null) {
    const known = g.members.find((m) => m.groupInstanceId === req.groupInstanceId);
    if (known) return replaceStaticMember(ctx, g, known, req, to);
    return addMember(ctx, g, req, to, newMemberId(ctx, req.groupInstanceId));
  }
  // KIP-394: a dynamic member first gets its id, and must join again with it.
  const memberId = newMemberId(ctx, req.client);
  g.pendingMembers.push({ memberId, deadlineMs: ctx.state.nowMs + req.sessionTimeoutMs });
  scheduleGroupTimer(ctx, g);
  respond(ctx, msg, joinError(req, 'MEMBER_ID_REQUIRED', memberId));
}

function joinExistingMember(
  ctx: Ctx,
  g: GroupState,
  req: Req<'joinGroup'>,
  msg: MessageState,
): void {
  const to = { client: req.client, requestId: req.requestId };
  if (!supportsProtocols(g, req.protocols))
    return respond(ctx, msg, joinError(req, 'INCONSISTENT_GROUP_PROTOCOL'));
  const pending = g.pendingMembers.findIndex((p) => p.memberId === req.memberId);
  if (pending >= 0) {
    g.pendingMembers.splice(pending, 1);
    return addMember(ctx, g, req, to, req.memberId);
  }
  const invalid = validateMember(g, req.memberId, req.groupInstanceId);
  if (invalid) return respond(ctx, msg, joinError(req, invalid));
  const m = findMember(g, req.memberId)!;
  switch (g.state) {
    case 'PreparingRebalance':
      updateMember(m, req, to);
      return maybeCompleteJoin(ctx, g);
    case 'CompletingRebalance':
      if (sameMetadata(m, req)) return respond(ctx, msg, joinResponse(g, m, to));
      updateMember(m, req, to);
      return prepareRebalance(
        ctx,
        g,
        `updating metadata for member ${m.memberId} during CompletingRebalance; client reason: ${req.reason}`,
      );
    case 'Stable':
      if (m.memberId !== g.leaderId && sameMetadata(m, req))
        return respond(ctx, msg, joinResponse(g, m, to));
      updateMember(m, req, to);
      return prepareRebalance(
        ctx,
        g,
        m.memberId === g.leaderId
          ? `leader ${m.memberId} re-joining group during Stable; client reason: ${req.reason}`
          : `updating metadata for member ${m.memberId} during Stable; client reason: ${req.reason}`,
      );
    default:
      return respond(ctx, msg, joinError(req, 'UNKNOWN_MEMBER_ID'));
  }
}

export function handleJoinGroup(ctx: Ctx, msg: MessageState, broker: BrokerState): void {
  const req = msg.payload as Req<'joinGroup'>;
  if (sessionTimeoutProblem(ctx.state, req.sessionTimeoutMs))
    return respond(ctx, msg, joinError(req, 'INVALID_SESSION_TIMEOUT'));
  const t = coordinatorTarget(ctx, broker, req.groupId);
  if (!t.ok) return respond(ctx, msg, joinError(req, t.error));
  let g = t.group;
  if (!g) {
    if (req.memberId !== '') return respond(ctx, msg, joinError(req, 'UNKNOWN_MEMBER_ID'));
    g = createGroupHere(ctx, broker, req.groupId, t.r);
  }
  if (req.memberId === '') joinNewMember(ctx, g, req, msg);
  else joinExistingMember(ctx, g, req, msg);
}

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

export { validateMember };
