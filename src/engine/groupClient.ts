/**
 * The consumer's side of the classic group protocol (AbstractCoordinator and
 * ConsumerCoordinator in the Java client): its state, finding the coordinator, losing it, the
 * group part of poll(), and where each coordinator answer goes. Joining is in groupMember.ts,
 * the heartbeat thread in groupHeartbeat.ts, commits in groupCommit.ts.
 */
import { topicLeaders } from './clientMetadata.ts';
import { consumerSettings, type ConsumerSettings } from './config.ts';
import { emit, findConsumer, type Ctx } from './context.ts';
import { onOffsetCommitResponse, onOffsetFetchResponse, sendCommit } from './groupCommit.ts';
import type { GroupClientState, GroupPayload } from './groupTypes.ts';
import type { ConsumerState, MessageState } from './model.ts';
import { REQUEST_OVERHEAD_BYTES, sendToBroker } from './network.ts';
import { nextId } from './context.ts';
import { connectable } from './clientMetadata.ts';
import { nextInt } from './rng.ts';
import { wakePoll } from './consumer.ts';
import {
  joinIfNeeded,
  onJoinGroupResponse,
  onSyncGroupResponse,
  onJoinComplete,
} from './groupMember.ts';
import { scheduleTickAt, scheduleTick, onHeartbeatResponse } from './groupHeartbeat.ts';
import { streamsCommitSettled } from './streams.ts';
import { sinkCommitSettled } from './connectSink.ts';

export type Res<K extends GroupPayload['kind']> = Extract<GroupPayload, { kind: K }>;

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

export function requestId(ctx: Ctx): string {
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
  for (const commit of lostCommits) afterCommitSettled(ctx, c, commit.purpose, true, false);
  wakePoll(ctx, c, ctx.state.nowMs);
  scheduleTick(ctx, c);
}

export function countError(c: ConsumerState, error: string): void {
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
  succeeded: boolean,
): void {
  streamsCommitSettled(ctx, c, purpose, succeeded);
  sinkCommitSettled(ctx, c, purpose, succeeded);
  if (purpose !== 'beforeRejoin') return;
  c.group!.preJoinCommitDone = !retriable;
  // onJoinPrepare sleeps retry.backoff.ms before trying a failed commit again.
  const backoff = retriable ? Math.max(1, consumerSettings(c.config).retryBackoffMs) : 0;
  wakePoll(ctx, c, ctx.state.nowMs + backoff);
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
