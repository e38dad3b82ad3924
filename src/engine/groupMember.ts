/**
 * A member joining its group (AbstractCoordinator.joinGroupIfNeeded, ConsumerCoordinator
 * onJoinPrepare / onLeaderElected / onJoinComplete): KIP-394 member ids, the commit before
 * rejoining, eager and cooperative revocation, the leader running the assignor, SyncGroup, and
 * the assignment applied at the next poll. JoinGroup is only sent from poll(), so a member busy
 * processing records joins a rebalance late, exactly as in Kafka.
 */
import { assign, type AssignmentStrategy } from './assignors/index.ts';
import { bootstrapMetadata, setTopicLeaders, topicLeaders } from './clientMetadata.ts';
import { consumerSettings, type ConsumerSettings } from './config.ts';
import { emit, findTopic, ownGet, ownSet, type Ctx } from './context.ts';
import { releaseOwnership, sendCommit, takeOwnership } from './groupCommit.ts';
import type { GroupClientState, SubscriptionMetadata, TopicPartitionRef } from './groupTypes.ts';
import type { ConsumerState } from './model.ts';
import { newConsumerPartition, wakePoll } from './consumer.ts';
import {
  type Res,
  requestId,
  memberFields,
  sendToCoordinator,
  markCoordinatorUnknown,
  countError,
} from './groupClient.ts';
import { scheduleTick } from './groupHeartbeat.ts';
import { streamsCommitNeeded, streamsReadyToCommitBeforeRejoin } from './streams.ts';
import { sinkCommitNeeded } from './connectSink.ts';

// ---------------------------------------------------------------------------------------
// Joining

/** The member must (re)join: ConsumerCoordinator.rejoinNeededOrPending. */
export function needsJoin(g: GroupClientState): boolean {
  return (
    g.subscription !== null &&
    g.fatalError === null &&
    (g.memberState === 'UNJOINED' || g.rejoinReason !== null)
  );
}

export function requestRejoin(ctx: Ctx, c: ConsumerState, reason: string): void {
  const g = c.group;
  if (!g || g.subscription === null || g.rejoinReason !== null) return;
  g.rejoinReason = reason;
  wakePoll(ctx, c, ctx.state.nowMs);
}

/** Drops the member's generation (after ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, a poll timeout …). */
export function resetGeneration(g: GroupClientState, keepMemberId: boolean, reason: string): void {
  g.generationId = -1;
  if (!keepMemberId) g.memberId = '';
  g.protocol = null;
  g.memberState = 'UNJOINED';
  g.rejoinReason ??= reason;
  g.joinPrepared = false;
  g.joinPrepareStartedMs = null;
  g.preJoinCommitDone = false;
  g.pendingAssignment = null;
  g.pendingJoinResponse = null;
}

/** Partitions the member owns now, as TopicPartitions. */
function owned(c: ConsumerState): TopicPartitionRef[] {
  return c.assignment.map((a) => ({ topic: a.topic, partition: a.partition }));
}

function removePartitions(
  ctx: Ctx,
  c: ConsumerState,
  gone: TopicPartitionRef[],
  event: 'revoked' | 'lost',
  reason: string,
): void {
  if (gone.length === 0) return;
  const key = (p: TopicPartitionRef) => `${p.topic}\u0000${p.partition}`;
  const set = new Set(gone.map(key));
  c.assignment = c.assignment.filter((a) => !set.has(key(a)));
  c.buffer = c.buffer.filter((b) => !set.has(key(b)));
  if (c.processing && set.has(key(c.processing))) c.processing = null;
  releaseOwnership(ctx, c, gone);
  emit(ctx, {
    type: event === 'revoked' ? 'consumer.partitionsRevoked' : 'consumer.partitionsLost',
    consumer: c.id,
    group: c.group!.groupId,
    partitions: gone.map((p) => `${p.topic}-${p.partition}`),
    reason,
  });
}

/**
 * ConsumerCoordinator.onJoinPrepare: an auto commit first (the join waits for it), then eager
 * members revoke everything and cooperative ones only partitions of topics they dropped; a
 * member whose generation was reset has lost its partitions instead.
 */
function prepareJoin(ctx: Ctx, c: ConsumerState, s: ConsumerSettings): boolean {
  const g = c.group!;
  if (g.joinPrepared) return true;
  if (g.commits.some((x) => x.purpose === 'beforeRejoin')) return false;
  g.joinPrepareStartedMs ??= ctx.state.nowMs;
  // A commit that failed with a retriable error is sent again until the rebalance timeout.
  const timerExpired = ctx.state.nowMs - g.joinPrepareStartedMs >= s.maxPollIntervalMs;
  // A Kafka Streams member commits what it processed too, after flushing its producer (Streams
  // commits revoked tasks from its rebalance listener; simplified to before every rejoin).
  const streamsCommit = streamsCommitNeeded(ctx.state, c.id);
  // A Kafka Connect sink task commits in onPartitionsRevoked (WorkerSinkTask.closePartitions).
  const sinkCommit = sinkCommitNeeded(ctx.state, c.id);
  if (
    (s.enableAutoCommit || streamsCommit === true || sinkCommit === true) &&
    g.generationId >= 0 &&
    c.assignment.some((a) => a.position !== null) &&
    !g.preJoinCommitDone &&
    !timerExpired
  ) {
    if (streamsCommit !== null && !streamsReadyToCommitBeforeRejoin(ctx, c)) return false;
    if (sendCommit(ctx, c, 'beforeRejoin')) {
      if (s.rebalanceProtocol === 'eager') for (const a of c.assignment) a.pendingRevocation = true;
      return false;
    }
  }
  g.preJoinCommitDone = false;
  g.joinPrepareStartedMs = null;
  g.joinPrepared = true;
  if (g.generationId < 0 || g.memberId === '') {
    removePartitions(ctx, c, owned(c), 'lost', 'the member lost its generation');
  } else if (s.rebalanceProtocol === 'eager') {
    removePartitions(
      ctx,
      c,
      owned(c),
      'revoked',
      'eager rebalance: every partition is revoked before joining',
    );
  } else {
    const dropped = owned(c).filter((p) => !g.subscription!.includes(p.topic));
    removePartitions(ctx, c, dropped, 'revoked', 'no longer subscribed');
  }
  return true;
}

function subscriptionMetadata(c: ConsumerState): SubscriptionMetadata {
  const g = c.group!;
  return {
    topics: [...g.subscription!],
    ownedPartitions: owned(c),
    generation: g.generationId,
    userData: { partitions: g.lastAssignment, generation: g.lastAssignmentGeneration },
  };
}

function sendJoinGroup(ctx: Ctx, c: ConsumerState, s: ConsumerSettings): void {
  const g = c.group!;
  const reason = g.rejoinReason ?? 'joining the group';
  const req = sendToCoordinator(ctx, c, {
    kind: 'joinGroup',
    client: c.id,
    requestId: requestId(ctx),
    groupId: g.groupId,
    memberId: g.memberId,
    groupInstanceId: g.groupInstanceId,
    sessionTimeoutMs: s.sessionTimeoutMs,
    rebalanceTimeoutMs: s.maxPollIntervalMs,
    protocols: [...s.assignors],
    subscription: subscriptionMetadata(c),
    reason,
  });
  if (!req) return;
  g.joinRequest = req;
  g.memberState = 'PREPARING_REBALANCE';
  g.rejoinReason = null;
  emit(ctx, {
    type: 'consumer.joining',
    consumer: c.id,
    group: g.groupId,
    memberId: g.memberId,
    reason,
  });
}

/** AbstractCoordinator.joinGroupIfNeeded, from poll(). */
export function joinIfNeeded(ctx: Ctx, c: ConsumerState, s: ConsumerSettings): void {
  const g = c.group!;
  if (!needsJoin(g) && !(g.memberState === 'PREPARING_REBALANCE' && g.joinRequest === null)) return;
  if (g.coordinator === null || g.joinRequest !== null || g.syncRequest !== null) return;
  if (ctx.state.nowMs < g.joinBackoffUntilMs) {
    wakePoll(ctx, c, g.joinBackoffUntilMs);
    return;
  }
  if (!prepareJoin(ctx, c, s)) return;
  sendJoinGroup(ctx, c, s);
}

/**
 * The group leader's partition counts for every topic of the group (updateGroupSubscription:
 * it fetches metadata for all of them), kept as ConsumerCoordinator.assignmentSnapshot so that
 * a later change of partition count makes it rejoin.
 */
function leaderSnapshot(
  ctx: Ctx,
  c: ConsumerState,
  res: Res<'joinGroupResponse'>,
): Record<string, number> {
  const g = c.group!;
  const topics = [
    ...new Set([...res.members.flatMap((m) => m.subscription.topics), ...(g.subscription ?? [])]),
  ];
  const missing = topics.filter(
    (t) => topicLeaders(c.metadata, t) === undefined && findTopic(ctx.state, t),
  );
  if (missing.length > 0) {
    const fresh = bootstrapMetadata(ctx.state, missing);
    for (const t of missing) setTopicLeaders(c.metadata, t, ownGet(fresh.topics, t)!);
  }
  const counts: Record<string, number> = {};
  for (const t of topics) {
    const n = topicLeaders(c.metadata, t)?.length;
    if (n !== undefined) ownSet(counts, t, n);
  }
  g.assignmentSnapshot = { ...counts };
  return counts;
}

/** Runs the assignor the coordinator chose over every member's subscription (ConsumerCoordinator.onLeaderElected). */
function leaderAssignment(
  ctx: Ctx,
  c: ConsumerState,
  res: Res<'joinGroupResponse'>,
): { memberId: string; partitions: TopicPartitionRef[] }[] {
  const strategy = res.protocolName as AssignmentStrategy;
  const partitionsPerTopic = leaderSnapshot(ctx, c, res);
  const sticky = strategy === 'sticky';
  const result = assign(strategy, {
    partitionsPerTopic,
    members: res.members.map((m) => {
      const ownedParts = sticky
        ? (m.subscription.userData?.partitions ?? [])
        : m.subscription.ownedPartitions;
      const generation = sticky
        ? (m.subscription.userData?.generation ?? -1)
        : m.subscription.generation;
      return {
        memberId: m.memberId,
        ...(m.groupInstanceId === null ? {} : { groupInstanceId: m.groupInstanceId }),
        topics: m.subscription.topics,
        ownedPartitions: ownedParts,
        ...(generation >= 0 ? { generation } : {}),
      };
    }),
  });
  return res.members.map((m) => ({ memberId: m.memberId, partitions: result[m.memberId] ?? [] }));
}

/** The application is processing records, not inside poll(). */
export function busy(ctx: Ctx, c: ConsumerState): boolean {
  return c.busyUntilMs !== null && c.busyUntilMs > ctx.state.nowMs;
}

export function onJoinGroupResponse(
  ctx: Ctx,
  c: ConsumerState,
  res: Res<'joinGroupResponse'>,
): void {
  const g = c.group!;
  if (g.joinRequest?.requestId !== res.requestId) return;
  if (busy(ctx, c)) {
    g.pendingJoinResponse = res; // read at the next poll()
    return;
  }
  g.joinRequest = null;
  const s = consumerSettings(c.config);
  const now = ctx.state.nowMs;
  if (res.error !== null) {
    if (res.error !== 'MEMBER_ID_REQUIRED') countError(c, res.error); // a step, not a failure
    switch (res.error) {
      case 'MEMBER_ID_REQUIRED':
        g.memberId = res.memberId;
        return sendJoinGroup(ctx, c, s);
      case 'UNKNOWN_MEMBER_ID':
      case 'ILLEGAL_GENERATION':
        // resetStateAndRejoin: the next join runs onJoinPrepare again, which finds no
        // generation and gives every partition up as lost before joining.
        resetGeneration(g, res.error === 'ILLEGAL_GENERATION', `JoinGroup answered ${res.error}`);
        return joinIfNeeded(ctx, c, s);
      case 'REBALANCE_IN_PROGRESS':
        return sendJoinGroup(ctx, c, s);
      case 'COORDINATOR_LOAD_IN_PROGRESS':
        g.joinBackoffUntilMs = now + Math.max(1, s.retryBackoffMs);
        return wakePoll(ctx, c, g.joinBackoffUntilMs);
      case 'NOT_COORDINATOR':
      case 'COORDINATOR_NOT_AVAILABLE':
        g.joinBackoffUntilMs = now + Math.max(1, s.retryBackoffMs);
        return markCoordinatorUnknown(ctx, c, `JoinGroup answered ${res.error}`);
      default:
        return fail(ctx, c, `JoinGroup failed: ${res.error}`);
    }
  }
  g.memberId = res.memberId;
  g.generationId = res.generationId;
  g.protocol = res.protocolName;
  g.memberState = 'COMPLETING_REBALANCE';
  // HeartbeatThread.enable: fresh session, poll and heartbeat timers.
  g.lastHeartbeatReceiveMs = now;
  g.lastHeartbeatSendMs = now;
  const isLeader = res.leader === res.memberId;
  if (!isLeader) g.assignmentSnapshot = null;
  // A returning static leader skips the assignment but still watches the metadata.
  if (isLeader && res.skipAssignment) leaderSnapshot(ctx, c, res);
  const assignments = isLeader && !res.skipAssignment ? leaderAssignment(ctx, c, res) : [];
  emit(ctx, {
    type: 'consumer.joined',
    consumer: c.id,
    group: g.groupId,
    memberId: g.memberId,
    generationId: g.generationId,
    leader: isLeader,
    protocol: g.protocol,
    ...(isLeader && res.skipAssignment ? { skipAssignment: true as const } : {}),
  });
  const req = sendToCoordinator(ctx, c, {
    kind: 'syncGroup',
    client: c.id,
    requestId: requestId(ctx),
    ...memberFields(g),
    protocolName: g.protocol,
    assignments,
  });
  if (req) g.syncRequest = req;
  scheduleTick(ctx, c);
}

export function onSyncGroupResponse(
  ctx: Ctx,
  c: ConsumerState,
  res: Res<'syncGroupResponse'>,
): void {
  const g = c.group!;
  if (g.syncRequest?.requestId !== res.requestId) return;
  g.syncRequest = null;
  if (res.error !== null) {
    countError(c, res.error);
    switch (res.error) {
      case 'REBALANCE_IN_PROGRESS':
        g.memberState = 'PREPARING_REBALANCE';
        g.rejoinReason ??= 'the group is rebalancing again';
        return wakePoll(ctx, c, ctx.state.nowMs);
      case 'UNKNOWN_MEMBER_ID':
      case 'ILLEGAL_GENERATION':
        resetGeneration(g, res.error === 'ILLEGAL_GENERATION', `SyncGroup answered ${res.error}`);
        return wakePoll(ctx, c, ctx.state.nowMs);
      case 'NOT_COORDINATOR':
      case 'COORDINATOR_NOT_AVAILABLE':
        g.memberState = 'PREPARING_REBALANCE';
        g.rejoinReason ??= `SyncGroup answered ${res.error}`;
        return markCoordinatorUnknown(ctx, c, `SyncGroup answered ${res.error}`);
      default:
        return fail(ctx, c, `SyncGroup failed: ${res.error}`);
    }
  }
  // The SyncGroup handler marks the member stable; the application sees the assignment (and
  // revokes what it loses) in its next poll().
  g.memberState = 'STABLE';
  g.pendingAssignment = res.assignment;
  wakePoll(ctx, c, ctx.state.nowMs);
  scheduleTick(ctx, c);
}

/** ConsumerCoordinator.onJoinComplete. */
export function onJoinComplete(
  ctx: Ctx,
  c: ConsumerState,
  s: ConsumerSettings,
  assigned: TopicPartitionRef[],
): void {
  const g = c.group!;
  const now = ctx.state.nowMs;
  g.memberState = 'STABLE';
  g.joinPrepared = false;
  g.lastAssignment = assigned.map((p) => ({ ...p }));
  g.lastAssignmentGeneration = g.generationId;
  const key = (p: TopicPartitionRef) => `${p.topic}\u0000${p.partition}`;
  const assignedKeys = new Set(assigned.map(key));
  const ownedKeys = new Set(owned(c).map(key));
  if (s.rebalanceProtocol === 'cooperative') {
    const revoked = owned(c).filter((p) => !assignedKeys.has(key(p)));
    if (revoked.length > 0) {
      removePartitions(
        ctx,
        c,
        revoked,
        'revoked',
        'cooperative rebalance: given up so that another member can take them',
      );
      g.rejoinReason ??= 'need to revoke partitions and re-join';
    }
  }
  const added = assigned.filter((p) => !ownedKeys.has(key(p)));
  for (const p of added) c.assignment.push(newConsumerPartition(p.topic, p.partition));
  // Keep the assignment in topic, partition order, as SubscriptionState does per topic.
  c.assignment.sort((a, b) =>
    a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
  );
  takeOwnership(ctx, c, added);
  emit(ctx, {
    type: 'consumer.partitionsAssigned',
    consumer: c.id,
    group: g.groupId,
    generationId: g.generationId,
    partitions: added.map((p) => `${p.topic}-${p.partition}`),
    assignment: assigned.map((p) => `${p.topic}-${p.partition}`),
  });
  g.nextAutoCommitMs = now + s.autoCommitIntervalMs;
  finishAssignorUpgrade(c);
  wakePoll(ctx, c, now);
  scheduleTick(ctx, c);
}

/** The group now runs one of the new assignors: the second bounce drops the old ones. */
function finishAssignorUpgrade(c: ConsumerState): void {
  const g = c.group!;
  const target = g.assignorUpgrade;
  if (target === null || g.protocol === null || !target.includes(g.protocol)) return;
  g.assignorUpgrade = null;
  c.config = { ...c.config, 'partition.assignment.strategy': target };
  g.rejoinReason ??= `second rolling bounce: partition.assignment.strategy is now [${target.join(', ')}]`;
}

/**
 * A non-retriable group error: poll() throws it from now on (AbstractCoordinator rethrows the
 * heartbeat thread's failure, joinGroupIfNeeded its own), so the consumer stops consuming and
 * its partitions are lost to it.
 */
export function fail(ctx: Ctx, c: ConsumerState, error: string): void {
  const g = c.group!;
  g.fatalError = error;
  c.fatalError = error;
  emit(ctx, { type: 'consumer.groupError', consumer: c.id, group: g.groupId, error });
  removePartitions(ctx, c, owned(c), 'lost', error);
}
