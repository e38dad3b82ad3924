/**
 * The consumer's side of the classic group protocol (AbstractCoordinator and
 * ConsumerCoordinator in the Java client): finding the coordinator, joining (KIP-394 member
 * ids), running the assignor when the member leads, SyncGroup, revoking and assigning
 * partitions eagerly or cooperatively, and the heartbeat thread with its session and poll
 * timeouts. JoinGroup is only sent from poll(), so a member busy processing records joins a
 * rebalance late, exactly as in Kafka; responses are handled as they arrive.
 */
import { assign, type AssignmentStrategy } from './assignors/index.ts';
import { bootstrapMetadata, topicLeaders } from './clientMetadata.ts';
import { consumerSettings, type ConsumerSettings } from './config.ts';
import { emit, findConsumer, findTopic, ownGet, ownSet, type Ctx } from './context.ts';
import {
  onOffsetCommitResponse,
  onOffsetFetchResponse,
  releaseOwnership,
  sendCommit,
  takeOwnership,
} from './groupCommit.ts';
import type {
  GroupClientState,
  GroupPayload,
  SubscriptionMetadata,
  TopicPartitionRef,
} from './groupTypes.ts';
import type { ConsumerState, MessageState } from './model.ts';
import { REQUEST_OVERHEAD_BYTES, sendToBroker } from './network.ts';
import { schedule } from './queue.ts';
import { nextId } from './context.ts';
import { connectable } from './clientMetadata.ts';
import { nextInt } from './rng.ts';
import { wakePoll } from './consumer.ts';

type Res<K extends GroupPayload['kind']> = Extract<GroupPayload, { kind: K }>;

/** AbstractCoordinator.JOIN_GROUP_TIMEOUT_LAPSE: JoinGroup may wait the rebalance timeout plus this. */
const JOIN_GROUP_TIMEOUT_LAPSE_MS = 5000;

export function newGroupClient(
  groupId: string,
  subscription: string[] | null,
  groupInstanceId: string | null,
  nowMs: number,
  autoCommitIntervalMs: number,
): GroupClientState {
  return {
    groupId,
    subscription,
    groupInstanceId,
    coordinator: null,
    findRequest: null,
    lastFindMs: -1_000_000,
    memberState: 'UNJOINED',
    memberId: '',
    generationId: -1,
    protocol: null,
    rejoinReason: subscription === null ? null : 'the consumer subscribed',
    joinPrepared: false,
    preJoinCommitDone: false,
    joinPrepareStartedMs: null,
    joinBackoffUntilMs: 0,
    joinRequest: null,
    syncRequest: null,
    heartbeatRequest: null,
    lastHeartbeatSendMs: nowMs,
    lastHeartbeatReceiveMs: nowMs,
    heartbeatTimerAtMs: null,
    lastPollMs: nowMs,
    commits: [],
    nextAutoCommitMs: nowMs + autoCommitIntervalMs,
    offsetFetchRequest: null,
    pendingJoinResponse: null,
    pendingAssignment: null,
    lastAssignment: [],
    lastAssignmentGeneration: -1,
    assignmentSnapshot: null,
    assignorUpgrade: null,
    fatalError: null,
  };
}

function requestId(ctx: Ctx): string {
  return nextId(ctx.state, 'message');
}

/** Who the member is, as every request after JoinGroup says it. */
export function memberFields(g: GroupClientState) {
  return {
    groupId: g.groupId,
    memberId: g.memberId,
    groupInstanceId: g.groupInstanceId,
    generationId: g.generationId,
  };
}

/** Sends a group request to the coordinator; returns what to remember, or null when the link is down. */
export function sendToCoordinator(
  ctx: Ctx,
  c: ConsumerState,
  payload: GroupPayload,
): { requestId: string; broker: number; sentAtMs: number } | null {
  const g = c.group!;
  if (g.coordinator === null) return null;
  const sent = sendToBroker(ctx, c.id, g.coordinator, payload, REQUEST_OVERHEAD_BYTES);
  if (!sent) {
    markCoordinatorUnknown(ctx, c, 'the connection to the coordinator failed');
    return null;
  }
  scheduleTick(ctx, c);
  return {
    requestId: (payload as { requestId: string }).requestId,
    broker: g.coordinator,
    sentAtMs: ctx.state.nowMs,
  };
}

// ---------------------------------------------------------------------------------------
// Finding the coordinator

/** FindCoordinator to a live broker (NetworkClient.leastLoadedNode: a random start), after retry.backoff.ms. */
export function lookupCoordinator(ctx: Ctx, c: ConsumerState, s: ConsumerSettings): void {
  const g = c.group!;
  const now = ctx.state.nowMs;
  if (g.coordinator !== null || g.findRequest !== null) return;
  if (now < g.lastFindMs + Math.max(1, s.retryBackoffMs)) {
    scheduleTickAt(ctx, c, g.lastFindMs + Math.max(1, s.retryBackoffMs));
    return;
  }
  const live = ctx.state.brokers.filter((b) => connectable(ctx.state, b.id));
  g.lastFindMs = now;
  if (live.length === 0) {
    scheduleTickAt(ctx, c, now + Math.max(1, s.retryBackoffMs));
    return;
  }
  const broker = live[nextInt(ctx.state.rng, live.length)]!.id;
  const id = requestId(ctx);
  const sent = sendToBroker(
    ctx,
    c.id,
    broker,
    { kind: 'findCoordinator', client: c.id, requestId: id, groupId: g.groupId },
    REQUEST_OVERHEAD_BYTES,
  );
  if (sent) g.findRequest = { requestId: id, broker, sentAtMs: now };
  scheduleTickAt(ctx, c, now + (sent ? s.requestTimeoutMs : Math.max(1, s.retryBackoffMs)));
}

function onFindCoordinatorResponse(
  ctx: Ctx,
  c: ConsumerState,
  res: Res<'findCoordinatorResponse'>,
): void {
  const g = c.group!;
  if (g.findRequest?.requestId !== res.requestId) return;
  g.findRequest = null;
  if (res.error !== null || res.coordinator === null) {
    countError(c, res.error ?? 'COORDINATOR_NOT_AVAILABLE');
    scheduleTickAt(
      ctx,
      c,
      ctx.state.nowMs + Math.max(1, consumerSettings(c.config).retryBackoffMs),
    );
    return;
  }
  g.coordinator = res.coordinator;
  // FindCoordinatorResponseHandler: heartbeat.resetSessionTimeout().
  g.lastHeartbeatReceiveMs = ctx.state.nowMs;
  emit(ctx, {
    type: 'consumer.coordinatorFound',
    consumer: c.id,
    group: g.groupId,
    coordinator: res.coordinator,
  });
  wakePoll(ctx, c, ctx.state.nowMs);
  scheduleTick(ctx, c);
}

/**
 * AbstractCoordinator.markCoordinatorUnknown: the connection to the coordinator is closed, so
 * every request in flight to it fails; the member looks the coordinator up again.
 */
export function markCoordinatorUnknown(ctx: Ctx, c: ConsumerState, reason: string): void {
  const g = c.group;
  if (!g || g.coordinator === null) return;
  const was = g.coordinator;
  g.coordinator = null;
  g.joinRequest = null;
  g.pendingJoinResponse = null;
  g.syncRequest = null;
  g.heartbeatRequest = null;
  g.offsetFetchRequest = null;
  const lostCommits = g.commits;
  g.commits = [];
  if (g.memberState === 'COMPLETING_REBALANCE') {
    // The SyncGroup answer is lost with the connection: join again.
    g.memberState = 'PREPARING_REBALANCE';
    g.rejoinReason ??= 'the coordinator was lost during the rebalance';
  }
  emit(ctx, {
    type: 'consumer.coordinatorLost',
    consumer: c.id,
    group: g.groupId,
    coordinator: was,
    reason,
  });
  for (const commit of lostCommits) afterCommitSettled(ctx, c, commit.purpose, true);
  wakePoll(ctx, c, ctx.state.nowMs);
  scheduleTick(ctx, c);
}

// ---------------------------------------------------------------------------------------
// Joining

/** The member must (re)join: ConsumerCoordinator.rejoinNeededOrPending. */
function needsJoin(g: GroupClientState): boolean {
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
  if (
    s.enableAutoCommit &&
    g.generationId >= 0 &&
    c.assignment.some((a) => a.position !== null) &&
    !g.preJoinCommitDone &&
    !timerExpired
  ) {
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
function joinIfNeeded(ctx: Ctx, c: ConsumerState, s: ConsumerSettings): void {
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
    for (const t of missing) ownSet(c.metadata.topics, t, ownGet(fresh.topics, t)!);
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
function busy(ctx: Ctx, c: ConsumerState): boolean {
  return c.busyUntilMs !== null && c.busyUntilMs > ctx.state.nowMs;
}

function onJoinGroupResponse(ctx: Ctx, c: ConsumerState, res: Res<'joinGroupResponse'>): void {
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

function onSyncGroupResponse(ctx: Ctx, c: ConsumerState, res: Res<'syncGroupResponse'>): void {
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
function onJoinComplete(
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
  for (const p of added)
    c.assignment.push({
      topic: p.topic,
      partition: p.partition,
      position: null,
      highWatermark: 0,
      logStartOffset: 0,
      resetReason: null,
      pendingRevocation: false,
    });
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

function countError(c: ConsumerState, error: string): void {
  c.stats.errors[error] = (c.stats.errors[error] ?? 0) + 1;
}

// ---------------------------------------------------------------------------------------
// poll() and the heartbeat thread

/** The group part of KafkaConsumer.poll (ConsumerCoordinator.poll). */
export function groupPoll(ctx: Ctx, c: ConsumerState, s: ConsumerSettings): void {
  const g = c.group;
  if (!g || g.fatalError !== null) return;
  const now = ctx.state.nowMs;
  g.lastPollMs = now;
  if (g.coordinator === null) {
    lookupCoordinator(ctx, c, s);
    return;
  }
  if (g.subscription !== null) {
    if (g.pendingJoinResponse !== null) {
      const res = g.pendingJoinResponse;
      g.pendingJoinResponse = null;
      onJoinGroupResponse(ctx, c, res);
    }
    if (g.pendingAssignment !== null) {
      const assigned = g.pendingAssignment;
      g.pendingAssignment = null;
      onJoinComplete(ctx, c, s, assigned);
    }
    // Only the leader notices new partitions: its metadata differs from what it assigned.
    if (g.assignmentSnapshot !== null && g.memberState === 'STABLE') {
      for (const [t, n] of Object.entries(g.assignmentSnapshot)) {
        const now = topicLeaders(c.metadata, t)?.length;
        if (now !== undefined && now !== n) {
          g.rejoinReason ??= 'cached metadata has changed'; // joined just below, in this poll
          break;
        }
      }
    }
    joinIfNeeded(ctx, c, s);
  }
  // ConsumerCoordinator.maybeAutoCommitOffsetsAsync.
  const stable = g.subscription === null || g.memberState === 'STABLE';
  if (s.enableAutoCommit && now >= g.nextAutoCommitMs && stable && g.commits.length === 0) {
    g.nextAutoCommitMs = now + s.autoCommitIntervalMs;
    sendCommit(ctx, c, 'auto');
  }
  scheduleTick(ctx, c);
}

/**
 * A commit finished: a join waiting for it goes on, or, when it failed with a retriable error
 * (the coordinator moved, a timeout), sends it again (ConsumerCoordinator.onJoinPrepare).
 */
export function afterCommitSettled(
  ctx: Ctx,
  c: ConsumerState,
  purpose: string,
  retriable: boolean,
): void {
  if (purpose !== 'beforeRejoin') return;
  c.group!.preJoinCommitDone = !retriable;
  // onJoinPrepare sleeps retry.backoff.ms before trying a failed commit again.
  const backoff = retriable ? Math.max(1, consumerSettings(c.config).retryBackoffMs) : 0;
  wakePoll(ctx, c, ctx.state.nowMs + backoff);
}

function heartbeatEnabled(g: GroupClientState): boolean {
  return (
    g.subscription !== null &&
    (g.memberState === 'STABLE' || g.memberState === 'COMPLETING_REBALANCE')
  );
}

function scheduleTickAt(ctx: Ctx, c: ConsumerState, atMs: number): void {
  const g = c.group!;
  const now = ctx.state.nowMs;
  const at = Math.max(atMs, now);
  if (g.heartbeatTimerAtMs !== null && g.heartbeatTimerAtMs >= now && g.heartbeatTimerAtMs <= at)
    return;
  g.heartbeatTimerAtMs = at;
  schedule(ctx.state, at, { kind: 'consumerHeartbeat', consumer: c.id });
}

/** The next time the heartbeat thread has something to do. */
export function scheduleTick(ctx: Ctx, c: ConsumerState): void {
  const g = c.group;
  if (!g || g.fatalError !== null) return;
  const s = consumerSettings(c.config);
  let next = Number.MAX_SAFE_INTEGER;
  const timeout = (r: { sentAtMs: number } | null, ms: number) => {
    if (r) next = Math.min(next, r.sentAtMs + ms);
  };
  timeout(g.findRequest, s.requestTimeoutMs);
  timeout(
    g.joinRequest,
    Math.max(s.requestTimeoutMs, s.maxPollIntervalMs + JOIN_GROUP_TIMEOUT_LAPSE_MS),
  );
  timeout(g.syncRequest, s.requestTimeoutMs);
  timeout(g.heartbeatRequest, s.requestTimeoutMs);
  timeout(g.offsetFetchRequest, s.requestTimeoutMs);
  for (const x of g.commits) timeout(x, s.requestTimeoutMs);
  // HeartbeatThread.run: with the coordinator unknown it looks it up every retry.backoff.ms.
  if (g.coordinator === null && g.findRequest === null && (heartbeatEnabled(g) || needsJoin(g)))
    next = Math.min(next, g.lastFindMs + Math.max(1, s.retryBackoffMs));
  if (heartbeatEnabled(g) && g.coordinator !== null) {
    if (!c.waitingForData) next = Math.min(next, g.lastPollMs + s.maxPollIntervalMs + 1);
    next = Math.min(next, g.lastHeartbeatReceiveMs + s.sessionTimeoutMs + 1);
    if (g.heartbeatRequest === null)
      next = Math.min(next, g.lastHeartbeatSendMs + s.heartbeatIntervalMs);
  }
  if (next !== Number.MAX_SAFE_INTEGER) scheduleTickAt(ctx, c, next);
}

/** Work `consumerHeartbeat`: request timeouts, then AbstractCoordinator.HeartbeatThread.run. */
export function heartbeatTick(ctx: Ctx, consumerId: string): void {
  const c = findConsumer(ctx.state, consumerId);
  const g = c?.group;
  const now = ctx.state.nowMs;
  if (!c || !g || g.heartbeatTimerAtMs !== now) return;
  g.heartbeatTimerAtMs = null;
  if (g.fatalError !== null) return;
  const s = consumerSettings(c.config);
  if (g.findRequest && now - g.findRequest.sentAtMs >= s.requestTimeoutMs) {
    g.findRequest = null;
    countError(c, 'REQUEST_TIMED_OUT');
  }
  const expired = (r: { sentAtMs: number } | null, ms: number) =>
    r !== null && now - r.sentAtMs >= ms;
  if (
    expired(
      g.joinRequest,
      Math.max(s.requestTimeoutMs, s.maxPollIntervalMs + JOIN_GROUP_TIMEOUT_LAPSE_MS),
    ) ||
    expired(g.syncRequest, s.requestTimeoutMs) ||
    expired(g.heartbeatRequest, s.requestTimeoutMs) ||
    expired(g.offsetFetchRequest, s.requestTimeoutMs) ||
    g.commits.some((x) => expired(x, s.requestTimeoutMs))
  ) {
    countError(c, 'REQUEST_TIMED_OUT');
    markCoordinatorUnknown(ctx, c, 'a request to the coordinator timed out (request.timeout.ms)');
  }
  if (g.coordinator === null) {
    if (heartbeatEnabled(g) || g.subscription === null || needsJoin(g))
      lookupCoordinator(ctx, c, s);
    return scheduleTick(ctx, c);
  }
  if (heartbeatEnabled(g)) {
    if (now - g.lastHeartbeatReceiveMs > s.sessionTimeoutMs) {
      markCoordinatorUnknown(ctx, c, 'session timed out without receiving a heartbeat response');
    } else if (!c.waitingForData && now - g.lastPollMs > s.maxPollIntervalMs) {
      // A consumer blocked in poll() keeps its poll timer fresh; one busy processing does not.
      pollTimeoutExpired(ctx, c);
    } else if (
      g.heartbeatRequest === null &&
      now - g.lastHeartbeatSendMs >= s.heartbeatIntervalMs
    ) {
      sendHeartbeat(ctx, c);
    }
  }
  scheduleTick(ctx, c);
}

function sendHeartbeat(ctx: Ctx, c: ConsumerState): void {
  const g = c.group!;
  g.lastHeartbeatSendMs = ctx.state.nowMs;
  const req = sendToCoordinator(ctx, c, {
    kind: 'heartbeat',
    client: c.id,
    requestId: requestId(ctx),
    ...memberFields(g),
  });
  if (req) g.heartbeatRequest = req;
}

/**
 * HeartbeatThread: max.poll.interval.ms passed without a poll. A dynamic member leaves the
 * group (LeaveGroup, "consumer poll timeout has expired."); a static one sends nothing and is
 * dropped by the session timeout. Either way it rejoins on its next poll.
 */
function pollTimeoutExpired(ctx: Ctx, c: ConsumerState): void {
  const g = c.group!;
  const s = consumerSettings(c.config);
  emit(ctx, {
    type: 'consumer.pollTimeout',
    consumer: c.id,
    group: g.groupId,
    maxPollIntervalMs: s.maxPollIntervalMs,
  });
  maybeLeaveGroup(ctx, c, 'consumer poll timeout has expired.');
  resetGeneration(g, false, 'the poll timeout expired');
  g.heartbeatRequest = null;
  g.syncRequest = null;
}

/** AbstractCoordinator.maybeLeaveGroup: only dynamic members send LeaveGroup. */
export function maybeLeaveGroup(ctx: Ctx, c: ConsumerState, reason: string): void {
  const g = c.group;
  if (!g || g.subscription === null || g.groupInstanceId !== null) return;
  if (g.coordinator === null || g.memberState === 'UNJOINED' || g.memberId === '') return;
  sendToBroker(
    ctx,
    c.id,
    g.coordinator,
    {
      kind: 'leaveGroup',
      client: c.id,
      requestId: requestId(ctx),
      groupId: g.groupId,
      memberId: g.memberId,
      groupInstanceId: null,
      reason,
    },
    REQUEST_OVERHEAD_BYTES,
  );
}

function onHeartbeatResponse(ctx: Ctx, c: ConsumerState, res: Res<'heartbeatResponse'>): void {
  const g = c.group!;
  if (g.heartbeatRequest?.requestId !== res.requestId) return;
  g.heartbeatRequest = null;
  const now = ctx.state.nowMs;
  switch (res.error) {
    case null:
      g.lastHeartbeatReceiveMs = now;
      break;
    case 'REBALANCE_IN_PROGRESS':
      g.lastHeartbeatReceiveMs = now;
      if (g.memberState === 'STABLE') requestRejoin(ctx, c, 'group is already rebalancing');
      break;
    case 'ILLEGAL_GENERATION':
    case 'UNKNOWN_MEMBER_ID':
      countError(c, res.error);
      if (g.memberState !== 'PREPARING_REBALANCE') {
        resetGeneration(g, res.error === 'ILLEGAL_GENERATION', `Heartbeat answered ${res.error}`);
        wakePoll(ctx, c, now);
      }
      break;
    case 'FENCED_INSTANCE_ID':
      countError(c, res.error);
      fail(ctx, c, 'FENCED_INSTANCE_ID: another consumer joined with this group.instance.id');
      break;
    default:
      countError(c, res.error);
      markCoordinatorUnknown(ctx, c, `Heartbeat answered ${res.error}`);
  }
  scheduleTick(ctx, c);
}

function onLeaveGroupResponse(): void {
  // Nothing waits for it: the member already reset its generation when it sent LeaveGroup.
}

/** A response from a coordinator reached a consumer. */
export function onGroupResponse(ctx: Ctx, msg: MessageState): void {
  const p = msg.payload as GroupPayload;
  const c = findConsumer(ctx.state, (p as { client: string }).client);
  if (!c?.group) return;
  switch (p.kind) {
    case 'findCoordinatorResponse':
      return onFindCoordinatorResponse(ctx, c, p);
    case 'joinGroupResponse':
      return onJoinGroupResponse(ctx, c, p);
    case 'syncGroupResponse':
      return onSyncGroupResponse(ctx, c, p);
    case 'heartbeatResponse':
      return onHeartbeatResponse(ctx, c, p);
    case 'leaveGroupResponse':
      return onLeaveGroupResponse();
    case 'offsetCommitResponse':
      return onOffsetCommitResponse(ctx, c, p);
    case 'offsetFetchResponse':
      return onOffsetFetchResponse(ctx, c, p);
    default:
      return;
  }
}
