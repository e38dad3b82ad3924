/**
 * Broker lifecycle and the broker's own periodic work: crash, restart, isolate, heal, slow,
 * add, and the log retention task (LogManager's kafka-log-retention, every
 * log.retention.check.interval.ms).
 *
 * There is no controller yet: when a leader dies its partitions go offline, and only the
 * preferred (first) replica takes them back when it returns. Elections, ISR changes and
 * fencing arrive with replication and the KRaft controller.
 */
import { brokerSettings, topicSettings } from './config.ts';
import { emit, findBroker, type Ctx } from './context.ts';
import { disconnectConsumers } from './consumer.ts';
import { deleteRetainedSegments } from './log.ts';
import type { BrokerState, SimState } from './model.ts';
import { dropMessagesFrom, dropMessagesTo } from './network.ts';
import { schedule } from './queue.ts';
import { reject, type Rejection } from './rejection.ts';
import { disconnectProducers } from './sender.ts';
import { MAX_BROKERS } from './setup.ts';

/** LogManager starts the retention task after an initial delay (log.initial.task.delay.ms). */
export const RETENTION_INITIAL_DELAY_MS = 30_000;
export const MAX_EXTRA_LATENCY_MS = 60_000;

export function newBroker(id: number): BrokerState {
  return {
    id,
    alive: true,
    extraLatencyMs: 0,
    isolated: false,
    retentionDueMs: null,
    fetchExpiryAtMs: null,
    parkedFetches: [],
  };
}

export function scheduleRetention(state: SimState, broker: number, delayMs: number): void {
  const b = findBroker(state, broker);
  if (!b) return;
  b.retentionDueMs = state.nowMs + delayMs;
  schedule(state, b.retentionDueMs, { kind: 'retentionCheck', broker });
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

/** Partitions led by a broker that is gone have no leader until it returns. */
function takeLeadershipAway(ctx: Ctx, broker: number, why: string): void {
  for (const t of ctx.state.topics) {
    for (const p of t.partitions) {
      if (p.leader !== broker) continue;
      p.leader = null;
      p.isr = [];
      emit(ctx, {
        type: 'partition.offline',
        topic: p.topic,
        partition: p.partition,
        reason: `leader broker ${broker} ${why}; no controller to elect another leader yet`,
      });
    }
  }
}

/** The preferred replica takes back the partitions that went offline with it. */
function resumeLeadership(ctx: Ctx, broker: number, why: string): void {
  for (const t of ctx.state.topics) {
    for (const p of t.partitions) {
      if (p.leader !== null || p.replicas[0] !== broker) continue;
      p.leader = broker;
      p.leaderEpoch++;
      p.isr = [broker];
      emit(ctx, {
        type: 'partition.leaderChanged',
        topic: p.topic,
        partition: p.partition,
        leader: broker,
        leaderEpoch: p.leaderEpoch,
        reason: why,
      });
    }
  }
}

function cutOff(ctx: Ctx, b: BrokerState, why: string): void {
  // Its connections are gone both ways: requests on their way to it are lost too.
  dropMessagesFrom(ctx.state, b.id);
  dropMessagesTo(ctx.state, b.id);
  b.parkedFetches = [];
  b.fetchExpiryAtMs = null;
  disconnectProducers(ctx, b.id);
  disconnectConsumers(ctx, b.id);
  takeLeadershipAway(ctx, b.id, why);
}

export function crashBroker(ctx: Ctx, id: number): Rejection | null {
  const b = brokerOrReject(ctx, id);
  if ('reason' in b) return b;
  if (!b.alive) return reject(`broker ${id} is already down`, null, 'broker');
  // The process dies: its in-flight messages and parked requests are lost, its log stays.
  b.alive = false;
  cutOff(ctx, b, 'crashed');
  emit(ctx, { type: 'broker.crashed', broker: id });
  return null;
}

export function restartBroker(ctx: Ctx, id: number): Rejection | null {
  const b = brokerOrReject(ctx, id);
  if ('reason' in b) return b;
  if (b.alive) return reject(`broker ${id} is already running`, null, 'broker');
  b.alive = true;
  emit(ctx, { type: 'broker.restarted', broker: id });
  if (!b.isolated) resumeLeadership(ctx, id, `broker ${id} restarted with its log`);
  scheduleRetention(ctx.state, id, RETENTION_INITIAL_DELAY_MS);
  return null;
}

export function isolateBroker(ctx: Ctx, id: number): Rejection | null {
  const b = brokerOrReject(ctx, id);
  if ('reason' in b) return b;
  if (b.isolated) return reject(`broker ${id} is already isolated`, null, 'broker');
  b.isolated = true;
  // Simplification until the controller exists: an isolated leader cannot be reached, so its
  // partitions are offline for clients; with a controller it would keep serving until fenced.
  if (b.alive) cutOff(ctx, b, 'was cut off from the network');
  return null;
}

export function healBroker(ctx: Ctx, id: number): Rejection | null {
  const b = brokerOrReject(ctx, id);
  if ('reason' in b) return b;
  if (!b.isolated) return reject(`broker ${id} is not isolated`, null, 'broker');
  b.isolated = false;
  if (b.alive) resumeLeadership(ctx, id, `broker ${id} is reachable again`);
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
  state.brokers.push(newBroker(id));
  state.brokers.sort((a, b) => a.id - b.id);
  scheduleRetention(state, id, RETENTION_INITIAL_DELAY_MS);
  emit(ctx, { type: 'broker.added', broker: id });
  return null;
}

/** Work `retentionCheck`: UnifiedLog.deleteOldSegments for every log on this broker. */
export function checkRetention(ctx: Ctx, brokerId: number): void {
  const state = ctx.state;
  const b = findBroker(state, brokerId);
  // A dead broker's task stops (a restart starts it again); a superseded timer is ignored.
  if (!b || !b.alive || b.retentionDueMs !== state.nowMs) return;
  for (const t of state.topics) {
    const settings = topicSettings(t.config, state.cluster.brokerConfig);
    for (const p of t.partitions) {
      const replica = p.replicaLogs.find((r) => r.brokerId === brokerId);
      if (!replica || replica.log.logEndOffset === replica.log.logStartOffset) continue;
      const before = replica.log.segments.length;
      const deleted = deleteRetainedSegments(
        replica.log,
        replica.highWatermark,
        state.nowMs,
        settings,
      );
      if (replica.log.segments.length > before - deleted.reduce((n, d) => n + d.segments, 0)) {
        emit(ctx, {
          type: 'segment.rolled',
          topic: p.topic,
          partition: p.partition,
          broker: brokerId,
          baseOffset: replica.log.logEndOffset,
          reason: 'retention',
        });
      }
      for (const d of deleted) {
        emit(ctx, {
          type: 'segments.deleted',
          topic: p.topic,
          partition: p.partition,
          broker: brokerId,
          segments: d.segments,
          records: d.records,
          logStartOffset: replica.log.logStartOffset,
          reason: d.reason,
        });
      }
    }
  }
  scheduleRetention(
    state,
    brokerId,
    brokerSettings(state.cluster.brokerConfig).retentionCheckIntervalMs,
  );
}
