/**
 * The KRaft controller (combined mode): a quorum of controller voters, one active controller
 * elected among them, broker registrations with heartbeats and fencing
 * (ClusterControlManager, BrokerHeartbeatManager), and the partition changes it commits to the
 * metadata log (ReplicationControlManager, PartitionChangeBuilder): leader elections, ISR
 * changes from AlterPartition, preferred leader election.
 *
 * Simplifications, stated in the UI and report:
 * - The Raft quorum is not simulated message by message: an active controller exists while a
 *   majority of voters is up and reachable; after losing it, voters wait
 *   controller.quorum.fetch.timeout.ms plus a random part of controller.quorum.election.timeout.ms
 *   (seeded) and elect a random reachable voter; an active controller that shuts down cleanly
 *   resigns and another voter is elected at once. A committed metadata record is at once on
 *   every voter; brokers learn it from a message one network hop later.
 * - Brokers know who the active controller is without asking (Kafka learns it from the quorum).
 * - Eligible leader replicas (KIP-966 ELR, elr.ts) are off by default, as in a cluster
 *   formatted with Kafka 4.0 (clusters formatted with 4.1 or later have
 *   eligible.leader.replicas.version=1): then the last replica of an ISR is never removed from
 *   it, and the partition goes offline.
 */
import { brokerSettings, topicSettings } from './config.ts';
import { emit, findBroker, findPartition, findTopic, type Ctx } from './context.ts';
import { checkAckedRecords } from './durability.ts';
import { eligibleMember, elrEnabled, targetElr } from './elr.ts';
import { recordPartition, trimHistories } from './metadata.ts';
import type {
  BrokerId,
  BrokerRegistration,
  BrokerState,
  MessageState,
  MessagePayload,
  PartitionState,
  SimState,
} from './model.ts';
import { REQUEST_OVERHEAD_BYTES, sendBrokerToBroker } from './network.ts';
import { schedule } from './queue.ts';
import { stopBroker } from './brokers.ts';
import { applyMetadata, onAlterPartitionResponse } from './replication.ts';
import { completeReassignment, reassignmentCompleted } from './reassignment.ts';
import { nextInt } from './rng.ts';

type Payload<K extends MessagePayload['kind']> = Extract<MessagePayload, { kind: K }>;

/** Combined mode: the first min(3, N) brokers are the controller quorum's voters. */
export const MAX_VOTERS = 3;

export function initController(state: SimState): void {
  const voters = state.brokers.slice(0, MAX_VOTERS).map((b) => b.id);
  state.controller = {
    voters,
    // The first election at start-up is not drawn: the first voter leads epoch 1.
    active: voters[0] ?? null,
    epoch: 1,
    metadataOffset: 0,
    electionAtMs: null,
    outage: null,
    registrations: state.brokers.map((b) => newRegistration(state, b.id, false)),
    sessionCheckAtMs: null,
    rebalanceCheckAtMs: null,
    uncleanCheckAtMs: null,
  };
  scheduleUncleanCheck(state);
}

function newRegistration(state: SimState, broker: BrokerId, fenced: boolean): BrokerRegistration {
  const b = findBroker(state, broker);
  return {
    broker,
    brokerEpoch: ++state.counters.brokerEpoch,
    incarnation: b?.incarnation ?? 0,
    fenced,
    lastHeartbeatMs: state.nowMs,
    metadataOffset: b?.metadataOffset ?? -1,
    inControlledShutdown: false,
    controlledShutdownOffset: null,
  };
}

function registration(state: SimState, broker: BrokerId): BrokerRegistration | undefined {
  return state.controller.registrations.find((r) => r.broker === broker);
}

/**
 * Whether the controller may make this broker a leader or add it to an ISR
 * (ClusterControlManager.isActive: registered, unfenced, not in controlled shutdown).
 */
export function acceptableLeader(state: SimState, broker: BrokerId): boolean {
  const r = registration(state, broker);
  return r !== undefined && !r.fenced && !r.inControlledShutdown;
}

/** The active controller, when there is one and it can act. */
export function activeController(state: SimState): BrokerId | null {
  return state.controller.active;
}

// ---------------------------------------------------------------------------------------
// Committing partition changes

export type Election = 'clean' | 'unclean' | 'preferred';

/** A partition change: what the controller's PartitionChangeBuilder may set in one record. */
export interface PartitionChange {
  leader?: BrokerId | null;
  isr?: BrokerId[];
  elr?: BrokerId[];
  lastKnownElr?: BrokerId[];
  election?: Election;
  /** A reassignment's replicas, and its adding and removing ones (reassignment.ts). */
  replicas?: BrokerId[];
  adding?: BrokerId[];
  removing?: BrokerId[];
}

/**
 * Commits a change of leader, ISR and/or replicas as one PartitionChangeRecord: a leader change
 * bumps the leader epoch, every change bumps the partition epoch. Brokers learn it on `publish`.
 */
export function changePartition(
  ctx: Ctx,
  p: PartitionState,
  change: PartitionChange,
  reason: string,
): void {
  const state = ctx.state;
  const assignmentChanges =
    (change.replicas !== undefined && !sameList(change.replicas, p.replicas)) ||
    (change.adding !== undefined && !sameList(change.adding, p.addingReplicas)) ||
    (change.removing !== undefined && !sameList(change.removing, p.removingReplicas));
  // The new replicas first: the ELR is worked out among them.
  if (assignmentChanges) setReplicas(p, change);
  const leaderChanges = change.leader !== undefined && change.leader !== p.leader;
  const oldIsr = p.isr;
  const isr = change.isr ?? p.isr;
  const isrChanges = !sameList(isr, oldIsr);
  // The ELR follows the new ISR (PartitionChangeBuilder.maybePopulateTargetElr) unless the
  // caller already worked it out with an election.
  const oldElr = p.elr;
  const elr = change.elr ?? targetElr(state, p, isr);
  const elrChanges = !sameList(elr, oldElr);
  const newLeader = change.leader === undefined ? p.leader : change.leader;
  const lastKnownElr = change.lastKnownElr ?? lastKnownLeader(state, p, isr, newLeader);
  const lastKnownChanges = !sameList(lastKnownElr, p.lastKnownElr);
  if (!leaderChanges && !isrChanges && !elrChanges && !lastKnownChanges && !assignmentChanges)
    return;
  if (leaderChanges) {
    p.leader = change.leader ?? null;
    p.leaderEpoch++;
  }
  p.isr = [...isr];
  p.elr = [...elr];
  p.lastKnownElr = [...lastKnownElr];
  p.partitionEpoch++;
  recordPartition(p, ++state.controller.metadataOffset, state.nowMs);
  const base = { topic: p.topic, partition: p.partition };
  if (leaderChanges && p.leader === null) {
    emit(ctx, {
      type: 'partition.offline',
      ...base,
      leaderEpoch: p.leaderEpoch,
      isr: [...p.isr],
      reason,
    });
  } else if (leaderChanges && p.leader !== null) {
    const election = change.election ?? 'clean';
    state.stats.leaderElections++;
    if (election === 'unclean') state.stats.uncleanLeaderElections++;
    emit(ctx, {
      type: 'partition.leaderChanged',
      ...base,
      leader: p.leader,
      leaderEpoch: p.leaderEpoch,
      isr: [...p.isr],
      election,
      reason,
    });
    checkAckedRecords(
      ctx,
      p,
      `${election} election of broker ${p.leader} (epoch ${p.leaderEpoch})`,
    );
  }
  if (isrChanges) {
    const added = isr.filter((b) => !oldIsr.includes(b));
    const removed = oldIsr.filter((b) => !isr.includes(b));
    // A replica a reassignment removed leaves the ISR with it: that is not an ISR shrink.
    if (removed.some((b) => p.replicas.includes(b))) state.stats.isrShrinks++;
    if (added.length > 0) state.stats.isrExpands++;
    emit(ctx, {
      type: 'partition.isrChanged',
      ...base,
      isr: [...p.isr],
      added,
      removed,
      leader: p.leader,
      reason,
    });
  }
  if (elrChanges)
    emit(ctx, {
      type: 'partition.elrChanged',
      ...base,
      elr: [...p.elr],
      added: elr.filter((b) => !oldElr.includes(b)),
      removed: oldElr.filter((b) => !elr.includes(b)),
      isr: [...p.isr],
      reason,
    });
}

/**
 * PartitionChangeBuilder.maybeUpdateLastKnownLeader (ELR on): the leader is remembered when the
 * ISR becomes empty, and forgotten once the partition has a leader again.
 */
function lastKnownLeader(
  state: SimState,
  p: PartitionState,
  isr: readonly BrokerId[],
  leader: BrokerId | null,
): BrokerId[] {
  if (!elrEnabled(state)) return [];
  if (isr.length === 0 && p.isr.length > 0 && p.leader !== null) return [p.leader];
  if (leader !== null) return [];
  return p.lastKnownElr;
}

/**
 * The partition's replicas and reassignment lists become the change's; the replica logs follow
 * the new order, those of removed replicas last (their brokers delete them when they learn it).
 */
function setReplicas(p: PartitionState, change: PartitionChange): void {
  p.replicas = [...(change.replicas ?? p.replicas)];
  p.addingReplicas = [...(change.adding ?? p.addingReplicas)];
  p.removingReplicas = [...(change.removing ?? p.removingReplicas)];
  const at = (id: BrokerId) => {
    const i = p.replicas.indexOf(id);
    return i < 0 ? p.replicas.length : i;
  };
  p.replicaLogs = [...p.replicaLogs].sort((a, b) => at(a.brokerId) - at(b.brokerId));
}

export function sameList(a: readonly BrokerId[], b: readonly BrokerId[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * PartitionChangeBuilder.electAnyLeader (ONLINE or UNCLEAN): keep a valid current leader, else
 * the first replica in assignment order that is in the target ISR (or, when that is empty, in
 * the ELR) and acceptable; with an unclean election, else the first acceptable replica at all.
 */
function electAnyLeader(
  state: SimState,
  p: PartitionState,
  targetIsr: BrokerId[],
  elr: BrokerId[],
  unclean: boolean,
): { leader: BrokerId | null; unclean: boolean; lastKnown?: boolean } {
  const valid = (b: BrokerId | null) =>
    b !== null && eligibleMember(b, targetIsr, elr) && acceptableLeader(state, b);
  if (valid(p.leader)) return { leader: p.leader, unclean: false };
  const clean = p.replicas.find(valid);
  if (clean !== undefined) return { leader: clean, unclean: false };
  // canElectLastKnownLeader (KIP-966 "balanced" recovery; with the KAFKA-19522 fix of 4.1):
  // with the ISR and the ELR both empty, the last leader comes back as leader, whatever
  // unclean.leader.election.enable says. Kafka counts it as an unclean election.
  const last = p.lastKnownElr[0];
  if (
    elrEnabled(state) &&
    targetIsr.length === 0 &&
    elr.length === 0 &&
    p.lastKnownElr.length === 1 &&
    last !== undefined &&
    acceptableLeader(state, last)
  )
    return { leader: last, unclean: true, lastKnown: true };
  if (unclean) {
    const any = p.replicas.find((b) => acceptableLeader(state, b));
    if (any !== undefined) return { leader: any, unclean: true };
  }
  return { leader: null, unclean: false };
}

/**
 * Builds and commits the change for a new target ISR, electing a leader when needed
 * (PartitionChangeBuilder.build). `uncleanShutdown`: replicas back from an unclean shutdown,
 * which leave the ELR.
 */
function updatePartition(
  ctx: Ctx,
  p: PartitionState,
  targetIsr: BrokerId[],
  reason: string,
  uncleanShutdown: readonly BrokerId[] = [],
): void {
  const state = ctx.state;
  const topic = findTopic(state, p.topic);
  const unclean =
    topic !== undefined &&
    topicSettings(topic.config, state.cluster.brokerConfig).uncleanLeaderElection;
  let elr = targetElr(state, p, targetIsr, uncleanShutdown);
  const elected = electAnyLeader(state, p, targetIsr, elr, unclean);
  const leader = elected.leader;
  // Without ELR the ISR never becomes empty: the last member stays (PartitionChangeBuilder.build).
  let isr = targetIsr.length > 0 || elrEnabled(state) ? targetIsr : p.isr;
  let why = reason;
  if (leader !== null && elected.unclean) {
    // An unclean election forcibly sets the ISR to just the new leader, and empties the ELR.
    // This can lose data.
    isr = [leader];
    elr = [];
    why = elected.lastKnown
      ? `${reason}; the ISR and the eligible leader replicas are empty, and broker ${leader} was the last leader (LastKnownElr): it leads again, an election Kafka counts as unclean`
      : `${reason}; no in-sync replica is available and unclean.leader.election.enable=true, so out-of-sync broker ${leader} leads`;
  } else if (leader !== null && leader !== p.leader && elr.includes(leader)) {
    // tryElection: an eligible leader replica elected becomes the whole ISR.
    isr = [leader];
    elr = elr.filter((b) => b !== leader);
    why = `${reason}; the ISR is empty, and broker ${leader} is an eligible leader replica (ELR): it was in the ISR when the ISR fell below min.insync.replicas, and the high watermark has not moved since, so it holds every committed record`;
  }
  changePartition(
    ctx,
    p,
    { leader, isr, elr, election: elected.unclean ? 'unclean' : 'clean' },
    why,
  );
}

/** Sends the committed metadata to every broker; the controller's own broker applies it now. */
export function publish(ctx: Ctx): void {
  const state = ctx.state;
  const c = state.controller;
  if (c.active === null) return;
  maybeScheduleLeaderRebalance(state);
  const offset = c.metadataOffset;
  const self = findBroker(state, c.active);
  // The controller's own broker too learns metadata only once it has registered.
  if (self && self.metadataOffset >= 0) applyMetadata(ctx, self, offset);
  for (const b of state.brokers) {
    if (b.id === c.active || !b.alive || b.metadataOffset >= offset) continue;
    sendBrokerToBroker(
      ctx,
      c.active,
      b.id,
      { kind: 'metadataUpdate', metadataOffset: offset },
      REQUEST_OVERHEAD_BYTES,
    );
  }
  trimHistories(state);
}

// ---------------------------------------------------------------------------------------
// Fencing and unfencing (ReplicationControlManager.handleBrokerFenced / handleBrokerUnfenced)

/** `shutdown`: fenced because it was allowed to stop (SHUTDOWN_NOW), not for a failure. */
function fenceBroker(ctx: Ctx, reg: BrokerRegistration, reason: string, shutdown = false): void {
  const state = ctx.state;
  reg.fenced = true;
  emit(ctx, {
    type: 'broker.fenced',
    broker: reg.broker,
    controller: state.controller.active ?? -1,
    reason,
    shutdown,
  });
  removeFromPartitions(ctx, reg.broker, `broker ${reg.broker} is fenced: ${reason}`);
}

/**
 * generateLeaderAndIsrUpdates with brokerToRemove: the broker leaves the ISR of every partition
 * (but the last member stays, without ELR) and every partition it leads elects another leader.
 */
function removeFromPartitions(ctx: Ctx, broker: BrokerId, reason: string): void {
  for (const t of ctx.state.topics) {
    for (const p of t.partitions) {
      if (!p.isr.includes(broker) && p.leader !== broker) continue;
      updatePartition(
        ctx,
        p,
        p.isr.filter((b) => b !== broker),
        reason,
      );
    }
  }
}

/**
 * ReplicationControlManager.handleBrokerUncleanShutdown with ELR: a broker back from a crash
 * may have lost records it had not flushed, so it leaves every ISR and every ELR (even as the
 * last member) and cannot be elected cleanly until it has caught up again.
 */
function handleUncleanShutdown(ctx: Ctx, broker: BrokerId): void {
  for (const t of ctx.state.topics) {
    for (const p of t.partitions) {
      if (!p.isr.includes(broker) && !p.elr.includes(broker)) continue;
      updatePartition(
        ctx,
        p,
        p.isr.filter((b) => b !== broker),
        `broker ${broker} registered again after an unclean shutdown (a crash)`,
        [broker],
      );
    }
  }
}

/**
 * ReplicationControlManager.getPartitionElrUpdatesForConfigChanges: a new min.insync.replicas
 * for a topic empties its partitions' ELR and LastKnownElr.
 */
export function clearEligibleLeaderReplicas(ctx: Ctx, topic: string): void {
  let changed = false;
  for (const p of findTopic(ctx.state, topic)?.partitions ?? []) {
    if (p.elr.length === 0 && p.lastKnownElr.length === 0) continue;
    changePartition(
      ctx,
      p,
      { elr: [], lastKnownElr: [] },
      `min.insync.replicas of ${topic} changed: the eligible leader replicas are cleared`,
    );
    changed = true;
  }
  if (changed) publish(ctx);
}

/** How many partitions the broker leads (BrokersToIsrs.hasLeaderships when above 0). */
function leaderships(state: SimState, broker: BrokerId): number {
  let n = 0;
  for (const t of state.topics) for (const p of t.partitions) if (p.leader === broker) n++;
  return n;
}

/**
 * BrokerHeartbeatManager.lowestActiveOffset: the lowest metadata offset any unfenced broker
 * (the shutting-down one included) has reported applying.
 */
function lowestActiveOffset(state: SimState): number {
  let lowest = Number.MAX_SAFE_INTEGER;
  for (const r of state.controller.registrations)
    if (!r.fenced) lowest = Math.min(lowest, r.metadataOffset);
  return lowest;
}

/**
 * BrokerHeartbeatManager.calculateNextBrokerState for a heartbeat with wantShutDown, and what
 * ReplicationControlManager writes for it. A fenced broker, or one that leads nothing, may
 * stop at once (SHUTDOWN_NOW, fenced). Otherwise it enters controlled shutdown: it leaves
 * every ISR and its leaderships move (handleBrokerInControlledShutdown), and it may stop once
 * every active broker has applied those changes (controlledShutdownOffset ≤ lowest active
 * offset), so no broker still acts on the old leaders. Returns whether it may stop now.
 */
function controlledShutdownStep(ctx: Ctx, reg: BrokerRegistration): boolean {
  const state = ctx.state;
  const controller = state.controller.active ?? -1;
  if (reg.fenced) return true;
  if (!reg.inControlledShutdown) {
    if (leaderships(state, reg.broker) === 0) {
      fenceBroker(ctx, reg, 'it shut down (controlled shutdown: it led no partition)', true);
      return true;
    }
    reg.inControlledShutdown = true;
    // The registration change comes first in Kafka's records, then the partition changes.
    emit(ctx, {
      type: 'broker.controlledShutdown',
      broker: reg.broker,
      controller,
      leads: leaderships(state, reg.broker),
    });
    removeFromPartitions(
      ctx,
      reg.broker,
      `broker ${reg.broker} is shutting down (controlled shutdown)`,
    );
    reg.controlledShutdownOffset = state.controller.metadataOffset;
    return false;
  }
  if ((reg.controlledShutdownOffset ?? 0) <= lowestActiveOffset(state)) {
    fenceBroker(ctx, reg, 'it shut down (controlled shutdown complete)', true);
    return true;
  }
  return false;
}

function unfenceBroker(ctx: Ctx, reg: BrokerRegistration): void {
  const state = ctx.state;
  reg.fenced = false;
  emit(ctx, {
    type: 'broker.unfenced',
    broker: reg.broker,
    controller: state.controller.active ?? -1,
  });
  // Partitions without a leader that this broker hosts get an election now.
  for (const t of state.topics) {
    for (const p of t.partitions) {
      if (p.leader !== null || !p.replicas.includes(reg.broker)) continue;
      updatePartition(ctx, p, p.isr, `broker ${reg.broker} is back (unfenced)`);
    }
  }
}

/** Work `sessionCheck`: fence brokers whose last heartbeat is older than broker.session.timeout.ms. */
export function checkSessions(ctx: Ctx): void {
  const state = ctx.state;
  const c = state.controller;
  if (c.sessionCheckAtMs !== state.nowMs) return; // superseded
  c.sessionCheckAtMs = null;
  if (c.active === null) return;
  const timeout = brokerSettings(state.cluster.brokerConfig).sessionTimeoutMs;
  let changed = false;
  for (const reg of c.registrations) {
    if (reg.fenced || reg.broker === c.active) continue;
    // BrokerHeartbeatTracker.isExpired: strictly more than the session timeout ago.
    if (state.nowMs - reg.lastHeartbeatMs > timeout) {
      fenceBroker(ctx, reg, `no heartbeat for ${timeout} ms (broker.session.timeout.ms)`);
      changed = true;
    }
  }
  if (changed) publish(ctx);
  scheduleSessionCheck(state);
}

function scheduleSessionCheck(state: SimState): void {
  const c = state.controller;
  if (c.active === null) return;
  const timeout = brokerSettings(state.cluster.brokerConfig).sessionTimeoutMs;
  let earliest = Number.MAX_SAFE_INTEGER;
  for (const reg of c.registrations)
    if (!reg.fenced && reg.broker !== c.active)
      earliest = Math.min(earliest, reg.lastHeartbeatMs + timeout + 1);
  if (earliest === Number.MAX_SAFE_INTEGER) return;
  earliest = Math.max(earliest, state.nowMs);
  if (c.sessionCheckAtMs !== null && c.sessionCheckAtMs <= earliest) return;
  c.sessionCheckAtMs = earliest;
  schedule(state, earliest, { kind: 'sessionCheck' });
}

// ---------------------------------------------------------------------------------------
// Heartbeats (BrokerLifecycleManager on the broker, BrokerHeartbeatManager on the controller)

export function scheduleHeartbeat(state: SimState, broker: BrokerId, delayMs: number): void {
  const b = findBroker(state, broker);
  if (!b) return;
  b.heartbeatDueMs = state.nowMs + delayMs;
  schedule(state, b.heartbeatDueMs, { kind: 'brokerHeartbeat', broker });
}

/** Work `brokerHeartbeat`: the broker reports to the active controller (registering after a restart). */
export function sendHeartbeat(ctx: Ctx, brokerId: BrokerId): void {
  const state = ctx.state;
  const b = findBroker(state, brokerId);
  if (!b || !b.alive || b.heartbeatDueMs !== state.nowMs) return;
  const interval = brokerSettings(state.cluster.brokerConfig).heartbeatIntervalMs;
  scheduleHeartbeat(state, brokerId, interval);
  const active = state.controller.active;
  if (active === null) return;
  const reg = registration(state, brokerId);
  const payload: Payload<'brokerHeartbeat'> = {
    kind: 'brokerHeartbeat',
    broker: brokerId,
    // -1 asks to register: the broker restarted and has no registration for this run.
    brokerEpoch: b.metadataOffset < 0 ? -1 : (reg?.brokerEpoch ?? -1),
    previousBrokerEpoch: b.cleanShutdownEpoch ?? -1,
    incarnation: b.incarnation,
    metadataOffset: b.metadataOffset,
    wantShutDown: b.controlledShutdown !== null,
  };
  if (active === brokerId) {
    heartbeatAnswered(ctx, b, handleHeartbeat(ctx, payload));
    return;
  }
  sendBrokerToBroker(ctx, brokerId, active, payload, REQUEST_OVERHEAD_BYTES);
}

function handleHeartbeat(
  ctx: Ctx,
  request: Payload<'brokerHeartbeat'>,
): Payload<'brokerHeartbeatResponse'> {
  const state = ctx.state;
  const c = state.controller;
  let reg = registration(state, request.broker);
  // ClusterControlManager.registerBroker (KAFKA-16952): the same process asking again (its
  // first answer came late or was lost) keeps its registration and broker epoch.
  const hb =
    request.brokerEpoch < 0 && reg !== undefined && reg.incarnation === request.incarnation
      ? { ...request, brokerEpoch: reg.brokerEpoch }
      : request;
  let changed = false;
  const timeout = brokerSettings(state.cluster.brokerConfig).sessionTimeoutMs;
  if (
    hb.brokerEpoch < 0 &&
    reg !== undefined &&
    !reg.fenced &&
    hb.broker !== c.active &&
    state.nowMs - reg.lastHeartbeatMs <= timeout
  ) {
    // ClusterControlManager.registerBroker: the broker's previous run still holds a live
    // session (a new process has a new incarnation id), so the registration is refused until
    // that session expires and the broker is fenced. Its old session is not renewed.
    // Simplification: the active controller's own broker (combined mode) is taken back at once.
    const b = findBroker(state, hb.broker);
    if (b !== undefined && b.registrationRetries === 0)
      emit(ctx, {
        type: 'broker.registrationRefused',
        broker: hb.broker,
        controller: c.active ?? -1,
        sessionExpiresAtMs: reg.lastHeartbeatMs + timeout,
      });
    return {
      kind: 'brokerHeartbeatResponse',
      broker: hb.broker,
      metadataOffset: c.metadataOffset,
      fenced: true,
      inControlledShutdown: false,
      shouldShutDown: false,
      error: 'DUPLICATE_BROKER_REGISTRATION',
    };
  }
  if (hb.brokerEpoch < 0 || reg === undefined) {
    // A (re-)registration starts fenced. A broker that comes back without having been fenced
    // shut down uncleanly: it leaves every ISR at once (handleBrokerUncleanShutdown).
    const wasUnfenced = reg !== undefined && !reg.fenced;
    // ClusterControlManager.registerBroker (KIP-966): a previous epoch other than the one
    // registered means the process did not stop cleanly (it crashed).
    const uncleanShutdown = reg !== undefined && hb.previousBrokerEpoch !== reg.brokerEpoch;
    const fresh = newRegistration(state, hb.broker, true);
    if (reg) Object.assign(reg, fresh);
    else c.registrations.push((reg = fresh));
    if (wasUnfenced) fenceBroker(ctx, reg, 'it restarted (unclean shutdown)');
    if (uncleanShutdown && elrEnabled(state)) handleUncleanShutdown(ctx, hb.broker);
    emit(ctx, {
      type: 'broker.registered',
      broker: hb.broker,
      brokerEpoch: reg.brokerEpoch,
      controller: c.active ?? -1,
    });
    changed = true;
  }
  if (hb.brokerEpoch === reg.brokerEpoch) reg.metadataOffset = hb.metadataOffset;
  let shouldShutDown = false;
  if (hb.wantShutDown && hb.brokerEpoch === reg.brokerEpoch) {
    const offset = c.metadataOffset;
    shouldShutDown = controlledShutdownStep(ctx, reg);
    if (c.metadataOffset !== offset) changed = true;
  } else if (reg.fenced && hb.metadataOffset >= 0 && hb.brokerEpoch === reg.brokerEpoch) {
    // Caught up with the metadata log: the broker is unfenced and may lead again.
    unfenceBroker(ctx, reg);
    changed = true;
  }
  reg.lastHeartbeatMs = state.nowMs;
  if (changed) publish(ctx);
  scheduleSessionCheck(state);
  return {
    kind: 'brokerHeartbeatResponse',
    broker: hb.broker,
    metadataOffset: c.metadataOffset,
    fenced: reg.fenced,
    inControlledShutdown: reg.inControlledShutdown,
    shouldShutDown,
    error: null,
  };
}

/** A heartbeat reaches the controller. */
export function onHeartbeat(ctx: Ctx, msg: MessageState): void {
  const hb = msg.payload as Payload<'brokerHeartbeat'>;
  const state = ctx.state;
  if (msg.to.kind !== 'broker' || state.controller.active !== msg.to.id) return; // NOT_CONTROLLER
  const response = handleHeartbeat(ctx, hb);
  sendBrokerToBroker(ctx, msg.to.id, hb.broker, response, REQUEST_OVERHEAD_BYTES);
}

/** The controller's answer reaches the broker: it catches up with the metadata log. */
export function onHeartbeatResponse(ctx: Ctx, msg: MessageState): void {
  const res = msg.payload as Payload<'brokerHeartbeatResponse'>;
  const b = findBroker(ctx.state, res.broker);
  if (b && b.alive) heartbeatAnswered(ctx, b, res);
}

function heartbeatAnswered(
  ctx: Ctx,
  b: BrokerState,
  res: Payload<'brokerHeartbeatResponse'>,
): void {
  if (res.error !== null) {
    // BrokerLifecycleManager: a refused registration is sent again after an exponential
    // backoff (100 ms doubling, at most half the session timeout; its 2% jitter is left out).
    const cap = brokerSettings(ctx.state.cluster.brokerConfig).sessionTimeoutMs / 2;
    let delay = 100;
    for (let i = 0; i < b.registrationRetries && delay < cap; i++) delay *= 2;
    delay = Math.min(cap, delay);
    b.registrationRetries++;
    scheduleHeartbeat(ctx.state, b.id, Math.max(1, Math.floor(delay)));
    return;
  }
  b.registrationRetries = 0;
  applyMetadata(ctx, b, res.metadataOffset);
  const shutdown = b.controlledShutdown;
  if (shutdown) {
    if (res.shouldShutDown) {
      stopBroker(ctx, b, true, 'the controller moved its leaderships away and let it stop');
      return;
    }
    // BrokerLifecycleManager: the first answer during a controlled shutdown brings the next
    // heartbeat forward to 50 ms, in case the shutdown completes quickly.
    if (!shutdown.answered) scheduleHeartbeat(ctx.state, b.id, 50);
    shutdown.answered = true;
    return;
  }
  // While still fenced, the broker asks again at once to be unfenced (BrokerLifecycleManager).
  if (res.fenced) scheduleHeartbeat(ctx.state, b.id, 1);
}

export function onMetadataUpdate(ctx: Ctx, msg: MessageState): void {
  const update = msg.payload as Payload<'metadataUpdate'>;
  if (msg.to.kind !== 'broker') return;
  const b = findBroker(ctx.state, msg.to.id);
  if (b && b.metadataOffset >= 0) applyMetadata(ctx, b, update.metadataOffset);
}

// ---------------------------------------------------------------------------------------
// AlterPartition (ISR changes proposed by leaders)

export function onAlterPartition(ctx: Ctx, msg: MessageState): void {
  const req = msg.payload as Payload<'alterPartition'>;
  const state = ctx.state;
  if (msg.to.kind !== 'broker' || state.controller.active !== msg.to.id) return; // NOT_CONTROLLER
  const response = handleAlterPartition(ctx, req);
  sendBrokerToBroker(ctx, msg.to.id, req.broker, response, REQUEST_OVERHEAD_BYTES);
}

/** Local AlterPartition when the leader is the controller's own broker. */
export function alterPartitionLocally(ctx: Ctx, req: Payload<'alterPartition'>): void {
  const response = handleAlterPartition(ctx, req);
  onAlterPartitionResponse(ctx, req.broker, response);
}

/** ReplicationControlManager.alterPartition: validate the epochs and the new members, then commit. */
function handleAlterPartition(
  ctx: Ctx,
  req: Payload<'alterPartition'>,
): Payload<'alterPartitionResponse'> {
  const state = ctx.state;
  const p = findPartition(state, req.topic, req.partition);
  const answer = (error: string | null): Payload<'alterPartitionResponse'> => ({
    kind: 'alterPartitionResponse',
    proposal: req.proposal,
    topic: req.topic,
    partition: req.partition,
    error,
    leaderEpoch: p?.leaderEpoch ?? -1,
    partitionEpoch: p?.partitionEpoch ?? -1,
    isr: p ? [...p.isr] : [],
  });
  if (!p) return answer('UNKNOWN_TOPIC_OR_PARTITION');
  if (p.leader !== req.broker || req.leaderEpoch !== p.leaderEpoch)
    return answer('FENCED_LEADER_EPOCH');
  if (req.partitionEpoch !== p.partitionEpoch) return answer('INVALID_UPDATE_VERSION');
  const ineligible = req.isr.filter((b) => !p.isr.includes(b) && !acceptableLeader(state, b));
  if (ineligible.length > 0) return answer('INELIGIBLE_REPLICA');
  const removed = p.isr.filter((b) => !req.isr.includes(b));
  const reason =
    removed.length > 0
      ? `leader ${req.broker} shrank the ISR: broker ${removed.join(', ')} did not catch up within replica.lag.time.max.ms`
      : `leader ${req.broker} expanded the ISR: the follower caught up`;
  // Keep the assignment order in the ISR, as Kafka's lists do. A reassignment whose target
  // replicas are now all in the ISR completes in the same change.
  const isr = p.replicas.filter((b) => req.isr.includes(b));
  const completion = completeReassignment(state, p, isr);
  const done = completion
    ? `; that completes the reassignment to [${completion.change.replicas!.join(', ')}]${completion.removed.length > 0 ? `, and broker ${completion.removed.join(', ')} leaves the replicas` : ''}`
    : '';
  changePartition(ctx, p, completion?.change ?? { isr }, `${reason}${done}`);
  if (completion) reassignmentCompleted(ctx, p, completion.removed);
  publish(ctx);
  return answer(null);
}

// ---------------------------------------------------------------------------------------
// Preferred leader election (auto.leader.rebalance.enable)

/** QuorumController.MAX_ELECTIONS_PER_IMBALANCE: preferred elections per run. */
const MAX_ELECTIONS_PER_IMBALANCE = 1000;

/** ReplicationControlManager.arePartitionLeadersImbalanced: a partition not led by its first replica. */
function leadersImbalanced(state: SimState): boolean {
  for (const t of state.topics)
    for (const p of t.partitions)
      if (p.replicas.length > 0 && p.leader !== p.replicas[0]) return true;
  return false;
}

/**
 * QuorumController.maybeScheduleNextBalancePartitionLeaders, after each metadata write: when
 * leadership is imbalanced and no check is queued, one runs leader.imbalance.check.interval
 * later (or 10 ms later when the last run stopped at its election limit). So a check comes an
 * interval after the imbalance began, not on a fixed grid.
 */
export function maybeScheduleLeaderRebalance(state: SimState, immediately = false): void {
  const s = brokerSettings(state.cluster.brokerConfig);
  const c = state.controller;
  if (!s.autoLeaderRebalance || c.active === null || c.rebalanceCheckAtMs !== null) return;
  if (!leadersImbalanced(state)) return;
  c.rebalanceCheckAtMs = state.nowMs + (immediately ? 10 : s.leaderImbalanceCheckIntervalMs);
  schedule(state, c.rebalanceCheckAtMs, { kind: 'leaderRebalance' });
}

/** Work `leaderRebalance`: elect the preferred replica where it is in sync and not leading. */
export function rebalanceLeaders(ctx: Ctx): void {
  const state = ctx.state;
  if (state.controller.rebalanceCheckAtMs !== state.nowMs) return;
  state.controller.rebalanceCheckAtMs = null;
  if (state.controller.active === null) return;
  let changed = false;
  let elections = 0;
  let more = false;
  for (const t of state.topics) {
    for (const p of t.partitions) {
      const preferred = p.replicas[0];
      if (preferred === undefined || p.leader === preferred) continue;
      if (!p.isr.includes(preferred) || !acceptableLeader(state, preferred)) continue;
      if (elections >= MAX_ELECTIONS_PER_IMBALANCE) {
        more = true;
        break;
      }
      elections++;
      changePartition(
        ctx,
        p,
        { leader: preferred, election: 'preferred' },
        `preferred leader election: broker ${preferred} is first in the replica list and in sync`,
      );
      changed = true;
    }
  }
  // Still imbalanced (a preferred replica out of sync, or the limit reached): check again.
  // Simplification: Kafka reschedules at its next metadata write, not at once.
  maybeScheduleLeaderRebalance(state, more);
  if (changed) publish(ctx);
}

// ---------------------------------------------------------------------------------------
// Unclean elections of partitions left offline (unclean.leader.election.interval.ms)

/** The controller's periodic look for leaderless partitions, from its activation on. */
function scheduleUncleanCheck(state: SimState): void {
  const c = state.controller;
  c.uncleanCheckAtMs =
    state.nowMs + brokerSettings(state.cluster.brokerConfig).uncleanLeaderElectionIntervalMs;
  schedule(state, c.uncleanCheckAtMs, { kind: 'uncleanElection' });
}

/**
 * Work `uncleanElection` (ReplicationControlManager's unclean election task, every
 * unclean.leader.election.interval.ms): a partition offline since its last in-sync replica
 * died gets an unclean election once its topic allows it, e.g. after the config was changed.
 */
export function electUncleanLeaders(ctx: Ctx): void {
  const state = ctx.state;
  const c = state.controller;
  if (c.uncleanCheckAtMs !== state.nowMs) return; // superseded by a new controller's schedule
  scheduleUncleanCheck(state);
  if (c.active === null) return;
  let changed = false;
  for (const t of state.topics) {
    if (!topicSettings(t.config, state.cluster.brokerConfig).uncleanLeaderElection) continue;
    for (const p of t.partitions) {
      if (p.leader !== null || electAnyLeader(state, p, p.isr, p.elr, true).leader === null)
        continue;
      updatePartition(ctx, p, p.isr, 'the unclean leader election check found it offline');
      changed = true;
    }
  }
  if (changed) publish(ctx);
}

// ---------------------------------------------------------------------------------------
// The controller quorum

function reachableVoters(state: SimState): BrokerId[] {
  return state.controller.voters.filter((v) => {
    const b = findBroker(state, v);
    return b !== undefined && b.alive && !b.isolated;
  });
}

function majority(state: SimState): number {
  return Math.floor(state.controller.voters.length / 2) + 1;
}

/**
 * Re-evaluates the quorum after a broker died, returned, was cut off or healed. `stopped`: the
 * broker whose process just stopped cleanly; if it was the active controller it resigned
 * (KafkaRaftClient's graceful shutdown sends EndQuorumEpoch, KIP-595), so the voters elect
 * another at once instead of waiting for controller.quorum.fetch.timeout.ms.
 */
export function quorumChanged(ctx: Ctx, stopped: BrokerId | null = null): void {
  const state = ctx.state;
  const c = state.controller;
  const reachable = reachableVoters(state);
  const s = brokerSettings(state.cluster.brokerConfig);
  if (c.active !== null) {
    const a = findBroker(state, c.active);
    const gone = !a || !a.alive || a.isolated;
    if (!gone && reachable.length >= majority(state)) return;
    const resigned = gone && stopped === c.active;
    let reason = gone
      ? `controller broker ${c.active} ${a?.alive ? 'is cut off from the other voters' : 'is down'}`
      : `only ${reachable.length} of ${c.voters.length} controller voters are reachable`;
    if (resigned) reason = `controller broker ${c.active} shut down and resigned (EndQuorumEpoch)`;
    emit(ctx, { type: 'controller.lost', broker: c.active, reason });
    c.active = null;
    c.outage = reason;
    c.sessionCheckAtMs = null;
    if (resigned && reachable.length >= majority(state)) {
      // Simplification: its first preferred successor starts an election at once (no backoff)
      // and wins it in one round of votes, modelled as the next millisecond.
      scheduleElectionAt(state, state.nowMs + 1);
      return;
    }
    // The voters notice when the leader's fetches stop (controller.quorum.fetch.timeout.ms).
    scheduleElection(state, s.quorumFetchTimeoutMs);
    return;
  }
  if (c.electionAtMs === null && reachable.length >= majority(state)) scheduleElection(state, 0);
}

function scheduleElection(state: SimState, afterMs: number): void {
  const s = brokerSettings(state.cluster.brokerConfig);
  // Raft's randomised election timeout, drawn from the seeded PRNG.
  scheduleElectionAt(
    state,
    state.nowMs + afterMs + 1 + nextInt(state.rng, s.quorumElectionTimeoutMs),
  );
}

function scheduleElectionAt(state: SimState, at: number): void {
  const c = state.controller;
  if (c.electionAtMs !== null && c.electionAtMs <= at) return;
  c.electionAtMs = at;
  schedule(state, at, { kind: 'controllerElection' });
}

/** Work `controllerElection`: a reachable voter wins a majority of votes, or nobody does. */
export function runControllerElection(ctx: Ctx): void {
  const state = ctx.state;
  const c = state.controller;
  if (c.electionAtMs !== state.nowMs || c.active !== null) return;
  c.electionAtMs = null;
  const reachable = reachableVoters(state);
  if (reachable.length < majority(state)) {
    c.outage = `no quorum: ${reachable.length} of ${c.voters.length} controller voters reachable (a majority of ${majority(state)} is needed); nothing can be elected`;
    emit(ctx, { type: 'controller.noQuorum', reachableVoters: reachable, voters: [...c.voters] });
    return;
  }
  const winner = reachable[nextInt(state.rng, reachable.length)]!;
  c.active = winner;
  c.epoch++;
  c.outage = null;
  c.rebalanceCheckAtMs = null; // a new controller starts its imbalance schedule afresh
  scheduleUncleanCheck(state);
  // A new active controller starts every broker's session afresh (BrokerHeartbeatManager).
  for (const reg of c.registrations) reg.lastHeartbeatMs = state.nowMs;
  emit(ctx, { type: 'controller.elected', broker: winner, epoch: c.epoch, voters: [...c.voters] });
  scheduleSessionCheck(state);
  // Brokers find the new controller and report to it at once (registering if they must).
  for (const b of state.brokers) if (b.alive) scheduleHeartbeat(state, b.id, 0);
  // Partitions left without a leader while there was no controller get an election now.
  for (const t of state.topics)
    for (const p of t.partitions)
      if (p.leader === null) updatePartition(ctx, p, p.isr, `controller ${winner} took over`);
  publish(ctx);
}
