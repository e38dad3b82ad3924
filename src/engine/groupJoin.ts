/**
 * JoinGroup on the coordinator (GroupMetadataManager's classic group join): new members and
 * KIP-394 member ids, members rejoining in each group state, and static membership (KIP-345):
 * a member returning with its group.instance.id takes over its old place without a rebalance.
 */
import { emit, type Ctx } from './context.ts';
import {
  coordinatorTarget,
  createGroupHere,
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
  PendingRequest,
} from './groupTypes.ts';
import type { BrokerState, MessageState } from './model.ts';
import { nextUint32 } from './rng.ts';
import {
  copySubscription,
  findMember,
  validateMember,
  hashOrdered,
  supportsProtocols,
  selectProtocol,
  writeGroup,
  prepareRebalance,
  maybePrepareRebalanceOrCompleteJoin,
  maybeCompleteJoin,
  scheduleGroupTimer,
} from './groupRebalance.ts';

export type Req<K extends GroupPayload['kind']> = Extract<GroupPayload, { kind: K }>;
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

// ---------------------------------------------------------------------------------------
// Responses

export function joinResponse(
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
