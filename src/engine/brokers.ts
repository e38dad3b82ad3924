/**
 * Broker lifecycle and the broker's own periodic work: crash, graceful shutdown, restart,
 * isolate, heal, slow, add, and the log retention task (LogManager's kafka-log-retention,
 * every log.retention.check.interval.ms).
 *
 * Nothing here decides leadership: a dead or cut-off broker simply stops heartbeating, and
 * the controller fences it after broker.session.timeout.ms (controller.ts). A broker shut
 * down gracefully asks the controller first (controlled shutdown, controller.ts) and stops
 * when its leaderships have moved. A restarted broker registers again, catches up with the
 * metadata log, is unfenced, and fetches what it missed.
 */
import { unloadBrokerGroups } from './groupCoordinator.ts';
import { brokerSettings, topicSettings } from './config.ts';
import { emit, findBroker, type Ctx } from './context.ts';
import { disconnectConsumers } from './consumer.ts';
import { quorumChanged, scheduleHeartbeat } from './controller.ts';
import { restartSession } from './fetchSession.ts';
import { deleteOldSegmentsOf } from './logRetention.ts';
import { emptyCleanerStats, scheduleLogCleaner } from './logCleaner.ts';
import type { BrokerState, SimState } from './model.ts';
import { dropBrokerLinks, dropMessagesFrom, dropMessagesTo, resetLinks } from './network.ts';
import { emptyPageCache } from './pageCache.ts';
import { schedule } from './queue.ts';
import { reject, type Rejection } from './rejection.ts';
import { disconnectFetchers, ensureFetchers, replicaOn, scheduleIsrCheck } from './replication.ts';
import { disconnectProducers } from './sender.ts';
import { emptyRemoteStats, scheduleRemoteLogTask } from './tieredStorage.ts';
import { MAX_BROKERS } from './setup.ts';

/** LogManager starts the retention task after an initial delay (log.initial.task.delay.ms). */
export const RETENTION_INITIAL_DELAY_MS = 30_000;
export const MAX_EXTRA_LATENCY_MS = 60_000;

export function newBroker(id: number, metadataOffset: number): BrokerState {
  return {
    id,
    alive: true,
    extraLatencyMs: 0,
    isolated: false,
    retentionDueMs: null,
    fetchExpiryAtMs: null,
    parkedFetches: [],
    metadataOffset,
    fetchers: [],
    fetchSessions: [],
    delayedProduces: [],
    produceExpiryAtMs: null,
    isrCheckDueMs: null,
    heartbeatDueMs: null,
    registrationRetries: 0,
    cleanShutdownEpoch: null,
    incarnation: 0,
    controlledShutdown: null,
    coordinatorWrites: [],
    coordinatorWriteExpiryAtMs: null,
    pageCache: emptyPageCache(),
    remoteTaskDueMs: null,
    remoteStorage: emptyRemoteStats(),
    remoteFetches: [],
    cleanerDueMs: null,
    cleaner: emptyCleanerStats(),
  };
}

export function scheduleRetention(state: SimState, broker: number, delayMs: number): void {
  const b = findBroker(state, broker);
  if (!b) return;
  b.retentionDueMs = state.nowMs + delayMs;
  schedule(state, b.retentionDueMs, { kind: 'retentionCheck', broker });
}

/**
 * Starts a broker's periodic work: heartbeats (at once when it must register), ISR checks,
 * retention, and with tiered storage the RemoteLogManager's tasks.
 */
export function startBrokerTasks(state: SimState, broker: number, firstHeartbeatMs: number): void {
  scheduleHeartbeat(state, broker, firstHeartbeatMs);
  scheduleIsrCheck(state, broker);
  scheduleRetention(state, broker, RETENTION_INITIAL_DELAY_MS);
  scheduleRemoteLogTask(state, broker);
  // Kafka's cleaner thread looks for a log to clean as soon as it starts; here its first look
  // is one backoff later, so that a restart schedules nothing at the instant of its command
  // (a replayed run then numbers its work the same way). Freshly started, a log has rarely
  // anything to clean.
  scheduleLogCleaner(state, broker, brokerSettings(state.cluster.brokerConfig).logCleanerBackoffMs);
}

function brokerOrReject(ctx: Ctx, id: number): BrokerState | Rejection {
  return (
    findBroker(ctx.state, id) ??
    reject(
      `broker ${id} does not exist (brokers: ${ctx.state.brokers.map((b) => b.id).join(', ')})`,
      null,
      'broker',
    )
  );
}

export function crashBroker(ctx: Ctx, id: number): Rejection | null {
  const b = brokerOrReject(ctx, id);
  if ('reason' in b) return b;
  if (!b.alive) return reject(`broker ${id} is already down`, null, 'broker');
  b.cleanShutdownEpoch = null; // no clean shutdown file: the controller sees an unclean shutdown
  stopProcess(ctx, b);
  emit(ctx, { type: 'broker.crashed', broker: id });
  quorumChanged(ctx);
  return null;
}

/**
 * `broker.shutdown`: a graceful stop. With controlled.shutdown.enable (the default) the broker
 * asks the controller, in a heartbeat sent at once, to move its leaderships away, and keeps
 * serving until the controller lets it stop (controller.ts); it gives up waiting after
 * CONTROLLED_SHUTDOWN_WAIT_MS. Without it, the process stops at once, and the controller
 * finds out only when the broker's session times out.
 */
export function shutdownBroker(ctx: Ctx, id: number): Rejection | null {
  const b = brokerOrReject(ctx, id);
  if ('reason' in b) return b;
  if (!b.alive) return reject(`broker ${id} is already down`, null, 'broker');
  if (b.controlledShutdown) return reject(`broker ${id} is already shutting down`, null, 'broker');
  const state = ctx.state;
  if (!brokerSettings(state.cluster.brokerConfig).controlledShutdown) {
    stopBroker(ctx, b, false, 'controlled.shutdown.enable=false: it did not tell the controller');
    return null;
  }
  const deadlineMs = state.nowMs + CONTROLLED_SHUTDOWN_WAIT_MS;
  b.controlledShutdown = { startedAtMs: state.nowMs, deadlineMs, answered: false };
  emit(ctx, { type: 'broker.shutdownRequested', broker: id });
  schedule(state, deadlineMs, { kind: 'controlledShutdownTimeout', broker: id });
  // BrokerLifecycleManager.beginControlledShutdown: the next heartbeat goes at once.
  scheduleHeartbeat(state, id, 0);
  return null;
}

/** BrokerServer.shutdown waits this long for the controller to allow the shutdown. */
export const CONTROLLED_SHUTDOWN_WAIT_MS = 5 * 60_000;

/** The process exits after a shutdown: `graceful` when the controller allowed it. */
export function stopBroker(ctx: Ctx, b: BrokerState, graceful: boolean, reason: string): void {
  // The process shuts down cleanly (even when the controller never allowed it): it saves the
  // broker epoch it registered with in this run (none if it never did), to register with it
  // next time as previousBrokerEpoch (KIP-966).
  const reg = ctx.state.controller.registrations.find((r) => r.broker === b.id);
  b.cleanShutdownEpoch = reg?.incarnation === b.incarnation ? reg.brokerEpoch : null;
  stopProcess(ctx, b);
  emit(ctx, { type: 'broker.stopped', broker: b.id, graceful, reason });
  // A process that stops cleanly also shuts its Raft client down: an active controller resigns.
  quorumChanged(ctx, b.id);
}

/** Work `controlledShutdownTimeout`: the controller never allowed the shutdown; it stops anyway. */
export function stopAfterShutdownTimeout(ctx: Ctx, id: number): void {
  const b = findBroker(ctx.state, id);
  const cs = b?.controlledShutdown;
  if (!b || !b.alive || !cs || cs.deadlineMs !== ctx.state.nowMs) return;
  stopBroker(
    ctx,
    b,
    false,
    `the controller did not allow the controlled shutdown within ${CONTROLLED_SHUTDOWN_WAIT_MS / 1000} s`,
  );
}

/**
 * The process is gone: its in-flight messages, parked requests and in-memory state are lost;
 * its log stays on disk. (A graceful stop ends the same way, after handing over its work.)
 */
function stopProcess(ctx: Ctx, b: BrokerState): void {
  const id = b.id;
  b.alive = false;
  b.controlledShutdown = null;
  b.metadataOffset = -1;
  b.parkedFetches = [];
  b.fetchExpiryAtMs = null;
  b.delayedProduces = [];
  b.produceExpiryAtMs = null;
  b.fetchers = [];
  b.fetchSessions = []; // the FetchSessionCache lives in memory
  b.heartbeatDueMs = null;
  b.isrCheckDueMs = null;
  b.remoteFetches = []; // DelayedRemoteFetch lives in memory
  for (const t of ctx.state.topics) {
    for (const p of t.partitions) {
      const r = replicaOn(p, id);
      if (r) r.leaderState = null;
      // Its upload is lost with its connection; the next leader copies that segment again.
      if (p.remoteCopyInFlight?.broker === id) p.remoteCopyInFlight = null;
    }
  }
  // Its group coordinator's memory is gone: the groups load again on the next leaders.
  unloadBrokerGroups(ctx, b);
  dropMessagesFrom(ctx.state, id);
  dropMessagesTo(ctx.state, id);
  resetLinks(ctx.state, id, false);
  disconnectProducers(ctx, id);
  disconnectConsumers(ctx, id);
  disconnectFetchers(ctx, id);
}

export function restartBroker(ctx: Ctx, id: number): Rejection | null {
  const b = brokerOrReject(ctx, id);
  if ('reason' in b) return b;
  if (b.alive) return reject(`broker ${id} is already running`, null, 'broker');
  b.alive = true;
  b.incarnation++; // a new process
  b.metadataOffset = -1; // it replays the metadata log and registers before it serves
  b.registrationRetries = 0;
  emit(ctx, { type: 'broker.restarted', broker: id });
  startBrokerTasks(ctx.state, id, 0);
  quorumChanged(ctx);
  return null;
}

export function isolateBroker(ctx: Ctx, id: number): Rejection | null {
  const b = brokerOrReject(ctx, id);
  if ('reason' in b) return b;
  if (b.isolated) return reject(`broker ${id} is already isolated`, null, 'broker');
  // A network partition: cut off from the controller and the other brokers. Clients on its
  // side still reach it, so as a leader it keeps serving what it believes until it learns
  // better: its writes after the controller moved leadership away are stale.
  b.isolated = true;
  dropBrokerLinks(ctx.state, id);
  resetLinks(ctx.state, id, true);
  disconnectFetchers(ctx, id);
  for (const f of b.fetchers) {
    f.requestId = null;
    restartSession(f);
  }
  emit(ctx, { type: 'broker.isolated', broker: id });
  quorumChanged(ctx);
  return null;
}

export function healBroker(ctx: Ctx, id: number): Rejection | null {
  const b = brokerOrReject(ctx, id);
  if ('reason' in b) return b;
  if (!b.isolated) return reject(`broker ${id} is not isolated`, null, 'broker');
  b.isolated = false;
  emit(ctx, { type: 'broker.healed', broker: id });
  if (b.alive) ensureFetchers(ctx, b);
  quorumChanged(ctx);
  return null;
}

export function slowBroker(ctx: Ctx, id: number, extraLatencyMs: number): Rejection | null {
  const b = brokerOrReject(ctx, id);
  if ('reason' in b) return b;
  if (
    !Number.isInteger(extraLatencyMs) ||
    extraLatencyMs < 0 ||
    extraLatencyMs > MAX_EXTRA_LATENCY_MS
  ) {
    return reject(
      `extraLatencyMs must be a whole number from 0 to ${MAX_EXTRA_LATENCY_MS}, got ${extraLatencyMs}`,
      null,
      'extraLatencyMs',
    );
  }
  b.extraLatencyMs = extraLatencyMs;
  emit(ctx, { type: 'broker.slowed', broker: id, extraLatencyMs });
  return null;
}

export function addBroker(ctx: Ctx, requested: number | undefined): Rejection | null {
  const state = ctx.state;
  if (state.brokers.length >= MAX_BROKERS)
    return reject(`at most ${MAX_BROKERS} brokers are simulated`, null, 'broker');
  const id = requested ?? Math.max(0, ...state.brokers.map((b) => b.id)) + 1;
  if (!Number.isInteger(id) || id < 1)
    return reject(`broker ids start at 1, got ${id}`, null, 'broker');
  if (findBroker(state, id)) return reject(`broker ${id} already exists`, null, 'broker');
  // A new broker has no metadata yet: it registers with the controller, starts fenced and is
  // unfenced once caught up. It is not a controller voter (the quorum is fixed).
  state.brokers.push(newBroker(id, -1));
  state.brokers.sort((a, b) => a.id - b.id);
  startBrokerTasks(state, id, 0);
  emit(ctx, { type: 'broker.added', broker: id });
  return null;
}

/**
 * Work `retentionCheck`: LogManager.cleanupLogs, UnifiedLog.deleteOldSegments for every log on
 * this broker that is not compacted. The log cleaner thread deletes the old segments of
 * compacted logs itself, and with the cleaner off nobody does (logCleaner.ts).
 */
export function checkRetention(ctx: Ctx, brokerId: number): void {
  const state = ctx.state;
  const b = findBroker(state, brokerId);
  // A dead broker's task stops (a restart starts it again); a superseded timer is ignored.
  if (!b || !b.alive || b.retentionDueMs !== state.nowMs) return;
  for (const t of state.topics) {
    if (topicSettings(t.config, state.cluster.brokerConfig).compact) continue;
    for (const p of t.partitions) deleteOldSegmentsOf(ctx, b, t, p);
  }
  scheduleRetention(
    state,
    brokerId,
    brokerSettings(state.cluster.brokerConfig).retentionCheckIntervalMs,
  );
}
