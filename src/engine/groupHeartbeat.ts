/**
 * The member's heartbeat thread (AbstractCoordinator.HeartbeatThread): heartbeats every
 * heartbeat.interval.ms, the client-side session timeout, max.poll.interval.ms (a member that
 * does not poll leaves the group), looking a lost coordinator up, and the request timeouts of
 * the group requests.
 */
import { consumerSettings } from './config.ts';
import { emit, findConsumer, type Ctx } from './context.ts';
import type { GroupClientState } from './groupTypes.ts';
import type { ConsumerState } from './model.ts';
import { REQUEST_OVERHEAD_BYTES, sendToBroker } from './network.ts';
import { schedule } from './queue.ts';
import { wakePoll } from './consumer.ts';
import {
  type Res,
  requestId,
  memberFields,
  sendToCoordinator,
  lookupCoordinator,
  markCoordinatorUnknown,
  countError,
} from './groupClient.ts';
import { needsJoin, requestRejoin, resetGeneration, fail } from './groupMember.ts';

/** AbstractCoordinator.JOIN_GROUP_TIMEOUT_LAPSE: JoinGroup may wait the rebalance timeout plus this. */
const JOIN_GROUP_TIMEOUT_LAPSE_MS = 5000;

function heartbeatEnabled(g: GroupClientState): boolean {
  return (
    g.subscription !== null &&
    (g.memberState === 'STABLE' || g.memberState === 'COMPLETING_REBALANCE')
  );
}

export function scheduleTickAt(ctx: Ctx, c: ConsumerState, atMs: number): void {
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

export function onHeartbeatResponse(
  ctx: Ctx,
  c: ConsumerState,
  res: Res<'heartbeatResponse'>,
): void {
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
