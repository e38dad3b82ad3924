/**
 * The group coordinator on every broker (GroupCoordinatorService over the CoordinatorRuntime):
 * a group belongs to the broker that leads its `__consumer_offsets` partition. That broker
 * loads the group from its copy of the partition when it becomes leader and unloads it when it
 * stops; requests that reach any other broker get NOT_COORDINATOR, and requests during the
 * load get COORDINATOR_LOAD_IN_PROGRESS.
 *
 * Simplifications: loading takes LOAD_BASE_MS plus 1 ms per 1,000 records in the partition's
 * log. One copy of each group exists: when leadership moves, the group moves with it, so a
 * stale leader cut off by a network partition already answers NOT_COORDINATOR.
 */
import { brokerSettings } from './config.ts';
import { coordinatorPartition } from './coordinator.ts';
import { emit, findBroker, findPartition, findTopic, type Ctx } from './context.ts';
import { brokerView } from './metadata.ts';
import { ledReplica } from './brokerRequests.ts';
import type { CoordinatorWrite, GroupPayload, GroupState, PendingRequest } from './groupTypes.ts';
import { handleJoinGroup, onStaticReplaceWritten } from './groupJoin.ts';
import { scheduleGroupTimer } from './groupRebalance.ts';
import { handleHeartbeat, handleLeaveGroup, handleSyncGroup, onSyncWritten } from './groupSync.ts';
import { handleOffsetCommit, handleOffsetFetch, onOffsetCommitWritten } from './groupOffsets.ts';
import type { BrokerState, MessageState, PartitionState, ReplicaLog, SimState } from './model.ts';
import { REQUEST_OVERHEAD_BYTES, send } from './network.ts';
import {
  ensureOffsetsTopic,
  OFFSETS_TOPIC,
  replayGroup,
  settleCoordinatorWrites,
} from './offsetsTopic.ts';
import { replicaOn } from './replication.ts';

const LOAD_BASE_MS = 10;
const LOAD_RECORDS_PER_MS = 1000;

export function findGroup(state: SimState, groupId: string): GroupState | undefined {
  return state.groups.find((g) => g.groupId === groupId);
}

function emptyObservation(): GroupState['observed'] {
  return {
    rebalances: 0,
    rebalanceStartedAtMs: null,
    lastRebalanceMs: null,
    totalRebalanceMs: 0,
    owners: {},
    unownedMsTotal: 0,
    processedUpTo: {},
    redeliveredRecords: 0,
    redeliveries: [],
  };
}

/** A group as a coordinator creates it for its first JoinGroup or simple commit: Empty. */
export function newGroup(state: SimState, groupId: string, partitions: number): GroupState {
  const g: GroupState = {
    groupId,
    offsetsPartition: coordinatorPartition(groupId, partitions),
    coordinator: null,
    coordinatorEpoch: -1,
    loadedAtMs: 0,
    state: 'Empty',
    generationId: 0,
    protocolName: null,
    leaderId: null,
    members: [],
    pendingMembers: [],
    offsets: [],
    rebalanceDeadlineMs: null,
    initialDelay: null,
    pendingSync: null,
    rebalanceReason: null,
    timerAtMs: null,
    observed: emptyObservation(),
  };
  state.groups.push(g);
  return g;
}

/** The broker's own copy of a `__consumer_offsets` partition when it believes it leads it. */
function ledOffsetsPartition(
  state: SimState,
  broker: BrokerState,
  partition: number,
): { p: PartitionState; r: ReplicaLog } | undefined {
  const p = findPartition(state, OFFSETS_TOPIC, partition);
  const r = p ? ledReplica(broker, p) : undefined;
  return p && r ? { p, r } : undefined;
}

export type CoordinatorTarget =
  | { ok: true; group: GroupState | undefined; p: PartitionState; r: ReplicaLog }
  | { ok: false; error: string };

/**
 * Where a request for `groupId` lands on `broker`: the coordinator's partition and the group if
 * it exists, or the error the broker answers with (CoordinatorRuntime.withActiveContextOrThrow).
 */
export function coordinatorTarget(
  ctx: Ctx,
  broker: BrokerState,
  groupId: string,
): CoordinatorTarget {
  const state = ctx.state;
  const topic = findTopic(state, OFFSETS_TOPIC);
  if (!topic) return { ok: false, error: 'NOT_COORDINATOR' };
  const partition = coordinatorPartition(groupId, topic.partitions.length);
  const led = ledOffsetsPartition(state, broker, partition);
  if (!led) return { ok: false, error: 'NOT_COORDINATOR' };
  const group = findGroup(state, groupId);
  if (group && group.coordinator !== broker.id) {
    if (group.coordinator !== null) return { ok: false, error: 'NOT_COORDINATOR' };
    loadGroup(ctx, broker, group, led.r, led.r.leaderState!.leaderEpoch);
  }
  if (group && group.loadedAtMs > state.nowMs)
    return { ok: false, error: 'COORDINATOR_LOAD_IN_PROGRESS' };
  return { ok: true, group, ...led };
}

/** A group created on this coordinator now: nothing to load. */
export function createGroupHere(
  ctx: Ctx,
  broker: BrokerState,
  groupId: string,
  r: ReplicaLog,
): GroupState {
  const topic = findTopic(ctx.state, OFFSETS_TOPIC)!;
  const g = newGroup(ctx.state, groupId, topic.partitions.length);
  g.coordinator = broker.id;
  g.coordinatorEpoch = r.leaderState!.leaderEpoch;
  g.loadedAtMs = ctx.state.nowMs;
  emit(ctx, { type: 'group.created', group: groupId, coordinator: broker.id });
  return g;
}

/** Rebuilds the group from this broker's copy of its partition (GroupMetadataManager replay). */
function loadGroup(
  ctx: Ctx,
  broker: BrokerState,
  g: GroupState,
  r: ReplicaLog,
  epoch: number,
): void {
  const now = ctx.state.nowMs;
  // The previous coordinator may still be up (cut off, now stale): GroupMetadataManager.onUnloaded
  // answers what waits there with NOT_COORDINATOR, so its members look for the new one.
  const previous = g.coordinator === null ? undefined : findBroker(ctx.state, g.coordinator);
  if (previous && previous.id !== broker.id && previous.alive) {
    settleCoordinatorWrites(
      ctx,
      previous,
      g.offsetsPartition,
      -1,
      'NOT_COORDINATOR',
      completeWrite,
    );
    for (const m of g.members) {
      if (m.awaitingJoin) replyJoinError(ctx, g, m.awaitingJoin, 'NOT_COORDINATOR', m.memberId);
      if (m.awaitingSync) replySyncError(ctx, g, m.awaitingSync, 'NOT_COORDINATOR');
    }
  }
  const loaded = replayGroup(r, g.groupId);
  const loadMs = LOAD_BASE_MS + Math.floor(loaded.records / LOAD_RECORDS_PER_MS);
  const persisted = loaded.group;
  g.coordinator = broker.id;
  g.coordinatorEpoch = epoch;
  g.loadedAtMs = now + loadMs;
  g.generationId = persisted?.generationId ?? 0;
  g.protocolName = persisted?.protocolName ?? null;
  g.leaderId = persisted?.leaderId ?? null;
  // Members come back with fresh session timers, counted from the end of the load.
  g.members = (persisted?.members ?? []).map((m) => ({
    ...m,
    awaitingJoin: null,
    awaitingSync: null,
    heartbeatDeadlineMs: now + loadMs + m.sessionTimeoutMs,
    isNew: false,
  }));
  g.state = g.members.length > 0 ? 'Stable' : 'Empty';
  g.pendingMembers = [];
  g.rebalanceDeadlineMs = null;
  g.initialDelay = null;
  g.pendingSync = null;
  g.rebalanceReason = null;
  g.offsets = [...loaded.offsets.values()]
    .map((o) => ({
      topic: o.topic,
      partition: o.partition,
      offset: o.offset,
      commitTimestampMs: o.commitTimestampMs,
      committedBy: o.committedBy,
    }))
    .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  emit(ctx, {
    type: 'group.loaded',
    group: g.groupId,
    coordinator: broker.id,
    partition: g.offsetsPartition,
    generationId: g.generationId,
    members: g.members.length,
    offsets: g.offsets.length,
    loadMs,
  });
  scheduleGroupTimer(ctx, g);
}

/** The broker became leader of a `__consumer_offsets` partition: its groups load there. */
export function onOffsetsLeader(ctx: Ctx, broker: BrokerState, p: PartitionState): void {
  const r = replicaOn(p, broker.id);
  if (!r?.leaderState) return;
  for (const g of ctx.state.groups)
    if (g.offsetsPartition === p.partition) loadGroup(ctx, broker, g, r, r.leaderState.leaderEpoch);
}

/**
 * The broker stopped leading the partition (or died): its groups unload. Requests parked in
 * them are answered NOT_COORDINATOR when the broker is still up, so the members look for the
 * new coordinator.
 */
export function onOffsetsResign(ctx: Ctx, broker: BrokerState, partition: number): void {
  settleCoordinatorWrites(ctx, broker, partition, -1, 'NOT_COORDINATOR', completeWrite);
  for (const g of ctx.state.groups) {
    if (g.offsetsPartition !== partition || g.coordinator !== broker.id) continue;
    if (broker.alive) {
      for (const m of g.members) {
        if (m.awaitingJoin) replyJoinError(ctx, g, m.awaitingJoin, 'NOT_COORDINATOR', m.memberId);
        if (m.awaitingSync) replySyncError(ctx, g, m.awaitingSync, 'NOT_COORDINATOR');
      }
    }
    for (const m of g.members) {
      m.awaitingJoin = null;
      m.awaitingSync = null;
    }
    g.coordinator = null;
    g.timerAtMs = null;
    emit(ctx, {
      type: 'group.unloaded',
      group: g.groupId,
      broker: broker.id,
      reason: broker.alive
        ? `broker ${broker.id} no longer leads ${OFFSETS_TOPIC}-${partition}`
        : `broker ${broker.id} is down`,
    });
  }
}

/** A broker crashed: every group it coordinated is gone from memory. */
export function unloadBrokerGroups(ctx: Ctx, broker: BrokerState): void {
  broker.coordinatorWrites = [];
  broker.coordinatorWriteExpiryAtMs = null;
  const partitions = new Set(
    ctx.state.groups.filter((g) => g.coordinator === broker.id).map((g) => g.offsetsPartition),
  );
  for (const partition of [...partitions].sort((a, b) => a - b))
    onOffsetsResign(ctx, broker, partition);
}

/** Sends a response from the group's coordinator to a parked request's client. */
export function replyTo(ctx: Ctx, g: GroupState, to: PendingRequest, payload: GroupPayload): void {
  if (g.coordinator === null) return;
  send(
    ctx,
    { kind: 'broker', id: g.coordinator },
    { kind: 'client', id: to.client },
    payload,
    REQUEST_OVERHEAD_BYTES,
  );
}

/** A JoinGroup answer carrying only an error (and the member id, for MEMBER_ID_REQUIRED). */
export function joinErrorResponse(
  to: PendingRequest,
  error: string,
  memberId: string,
): Extract<GroupPayload, { kind: 'joinGroupResponse' }> {
  return {
    kind: 'joinGroupResponse',
    client: to.client,
    requestId: to.requestId,
    error,
    generationId: -1,
    protocolName: null,
    leader: null,
    memberId,
    skipAssignment: false,
    members: [],
  };
}

export function replyJoinError(
  ctx: Ctx,
  g: GroupState,
  to: PendingRequest,
  error: string,
  memberId: string,
): void {
  replyTo(ctx, g, to, joinErrorResponse(to, error, memberId));
}

export function replySyncError(ctx: Ctx, g: GroupState, to: PendingRequest, error: string): void {
  replyTo(ctx, g, to, {
    kind: 'syncGroupResponse',
    client: to.client,
    requestId: to.requestId,
    error,
    protocolName: null,
    assignment: [],
  });
}

/** Answers a request directly (the message it came in on). */
export function respond(ctx: Ctx, msg: MessageState, payload: GroupPayload): void {
  send(ctx, msg.to, msg.from, payload, REQUEST_OVERHEAD_BYTES);
}

/** A committed (or failed) coordinator write: its waiting effect happens now. */
export function completeWrite(
  ctx: Ctx,
  broker: BrokerState,
  w: CoordinatorWrite,
  error: string | null,
): void {
  const g = findGroup(ctx.state, w.effect.groupId);
  if (!g) return;
  switch (w.effect.kind) {
    case 'offsetCommit':
      return onOffsetCommitWritten(ctx, broker, g, w.effect, error);
    case 'syncAssignment':
      return onSyncWritten(ctx, g, w.effect, error);
    case 'staticReplace':
      return onStaticReplaceWritten(ctx, broker, g, w.effect, error);
    case 'none':
      return;
  }
}

/** The high watermark of a `__consumer_offsets` partition moved on its leader. */
export function onOffsetsHighWatermark(ctx: Ctx, broker: BrokerState, p: PartitionState): void {
  const r = replicaOn(p, broker.id);
  if (!r) return;
  settleCoordinatorWrites(ctx, broker, p.partition, r.highWatermark, null, completeWrite);
}

/**
 * FindCoordinator (KafkaApis.getCoordinator): the leader of the group's partition by this
 * broker's metadata. The first request creates `__consumer_offsets` and is answered
 * COORDINATOR_NOT_AVAILABLE, like every request while the partition has no leader.
 */
function handleFindCoordinator(
  ctx: Ctx,
  msg: MessageState,
  broker: BrokerState,
  createTopic: (ctx: Ctx, partitions: number, rf: number) => boolean,
): void {
  const req = msg.payload as Extract<GroupPayload, { kind: 'findCoordinator' }>;
  const answer = (error: string | null, coordinator: number | null) =>
    respond(ctx, msg, {
      kind: 'findCoordinatorResponse',
      client: req.client,
      requestId: req.requestId,
      error,
      coordinator,
    });
  const topic = findTopic(ctx.state, OFFSETS_TOPIC);
  if (!topic) {
    ensureOffsetsTopic(ctx, createTopic);
    return answer('COORDINATOR_NOT_AVAILABLE', null);
  }
  const p = topic.partitions[coordinatorPartition(req.groupId, topic.partitions.length)];
  const view = p ? brokerView(broker, p) : undefined;
  const leader = view?.leader ?? null;
  if (leader === null || !findBroker(ctx.state, leader))
    return answer('COORDINATOR_NOT_AVAILABLE', null);
  answer(null, leader);
}

/** A group request that reached a broker. */
export function handleGroupMessage(
  ctx: Ctx,
  msg: MessageState,
  broker: BrokerState,
  createTopic: (ctx: Ctx, partitions: number, rf: number) => boolean,
): void {
  switch (msg.payload.kind) {
    case 'findCoordinator':
      return handleFindCoordinator(ctx, msg, broker, createTopic);
    case 'joinGroup':
      return handleJoinGroup(ctx, msg, broker);
    case 'syncGroup':
      return handleSyncGroup(ctx, msg, broker);
    case 'heartbeat':
      return handleHeartbeat(ctx, msg, broker);
    case 'leaveGroup':
      return handleLeaveGroup(ctx, msg, broker);
    case 'offsetCommit':
      return handleOffsetCommit(ctx, msg, broker);
    case 'offsetFetch':
      return handleOffsetFetch(ctx, msg, broker);
    default:
      return;
  }
}

/** Session timeouts the broker accepts (group.min/max.session.timeout.ms). */
export function sessionTimeoutProblem(state: SimState, sessionTimeoutMs: number): boolean {
  const s = brokerSettings(state.cluster.brokerConfig);
  return (
    sessionTimeoutMs < s.groupMinSessionTimeoutMs || sessionTimeoutMs > s.groupMaxSessionTimeoutMs
  );
}
