/**
 * What the inspector shows for a selected group or consumer, from engine state by pure
 * functions. The group's table is `kafka-consumer-groups --describe --group <id>`, built by
 * the engine's own describeGroup, so the page and the headless report agree.
 */
import { consumerSettings } from '../../engine/config.ts';
import { describeGroup, groupReport, type GroupDescribeRow } from '../../engine/groupDescribe.ts';
import type { SimState } from '../../engine/model.ts';
import { groupIds } from '../canvas/groupView.ts';
import { streamsView, type StreamsView } from '../canvas/streamsView.ts';
import { sinkConnectorView, type ConnectView } from '../canvas/connectView.ts';

export interface GroupInspectorModel {
  id: string;
  state: string;
  generationId: number;
  assignor: string | null;
  configuredAssignors: string[];
  protocol: string | null;
  coordinator: number | null;
  coordinatorPartition: number | null;
  leader: string | null;
  members: {
    consumer: string;
    memberId: string;
    groupInstanceId: string | null;
    assignment: string[];
  }[];
  rows: GroupDescribeRow[];
  totalLag: number;
  rebalances: number;
  lastRebalanceMs: number | null;
  totalRebalanceMs: number;
  /** Time partitions spent with no consumer, summed over partitions, including right now. */
  unownedMs: number;
  redeliveredRecords: number;
  /** A Kafka Streams application's settings and counts, or null for a plain group. */
  streams: StreamsView | null;
  /** A Kafka Connect sink connector's settings and counts, or null for any other group. */
  connect: ConnectView | null;
}

export function groupInspector(state: SimState, id: string): GroupInspectorModel | null {
  if (!groupIds(state).includes(id)) return null;
  const g = state.groups.find((x) => x.groupId === id);
  const spec = state.groupSpecs.find((s) => s.groupId === id);
  const member = state.consumers.find((c) => c.group?.groupId === id && c.group.subscription);
  const config = member?.config ?? spec?.config;
  const configuredAssignors = config ? [...consumerSettings(config).assignors] : [];
  if (!g) {
    return {
      id,
      state: 'none yet (no coordinator has it)',
      generationId: 0,
      assignor: null,
      configuredAssignors,
      protocol: null,
      coordinator: null,
      coordinatorPartition: null,
      leader: null,
      members: [],
      rows: [],
      totalLag: 0,
      rebalances: 0,
      lastRebalanceMs: null,
      totalRebalanceMs: 0,
      unownedMs: 0,
      redeliveredRecords: 0,
      streams: streamsView(state, id),
      connect: sinkConnectorView(state, id),
    };
  }
  const report = groupReport(state, g);
  const rows = describeGroup(state, id);
  return {
    id,
    state: report.state,
    generationId: report.generationId,
    assignor: report.assignor,
    configuredAssignors,
    protocol: report.protocol,
    coordinator: report.coordinator,
    coordinatorPartition: report.coordinatorPartition,
    leader: report.leader,
    members: report.members,
    rows,
    totalLag: rows.reduce((n, r) => n + (r.lag ?? 0), 0),
    rebalances: report.rebalances,
    lastRebalanceMs: report.lastRebalanceMs,
    totalRebalanceMs: report.totalRebalanceMs,
    unownedMs: report.unownedMs,
    redeliveredRecords: report.redeliveredRecords,
    streams: streamsView(state, id),
    connect: sinkConnectorView(state, id),
  };
}

export interface ConsumerInspectorModel {
  id: string;
  /** Its group and its part in it, or null for a consumer without a group.id. */
  group: {
    id: string;
    /** Subscribed (a member) or manual assignment with a group.id for commits only. */
    subscribed: boolean;
    memberId: string | null;
    memberState: string;
    generationId: number;
    leader: boolean;
    groupInstanceId: string | null;
    coordinator: number | null;
    /** Since its last successful heartbeat response, and since its last poll(). */
    sinceHeartbeatMs: number | null;
    sincePollMs: number;
  } | null;
  alive: boolean;
  partitions: { key: string; position: number | null; lag: number | null }[];
  consumed: number;
  /** Fetch requests sent (ConsumerStats.fetches). */
  fetches: number;
  commits: number;
  processingTimeMs: number;
  config: { key: string; value: string }[];
  /** Why some settings are left out: they do not apply to this consumer; or null. */
  configNote: string | null;
  error: string | null;
}

const SHOWN_CONFIG = [
  'group.id',
  'group.instance.id',
  'partition.assignment.strategy',
  'session.timeout.ms',
  'heartbeat.interval.ms',
  'max.poll.interval.ms',
  'max.poll.records',
  'enable.auto.commit',
  'auto.commit.interval.ms',
  'auto.offset.reset',
] as const;

/** Settings of group membership: they do nothing for a consumer that assigns its partitions. */
const MEMBERSHIP_CONFIG: ReadonlySet<string> = new Set([
  'group.instance.id',
  'partition.assignment.strategy',
  'session.timeout.ms',
  'heartbeat.interval.ms',
  'max.poll.interval.ms',
]);
/** Commit settings: they need a group.id (KafkaConsumer turns auto commit off without one). */
const COMMIT_CONFIG: ReadonlySet<string> = new Set([
  'enable.auto.commit',
  'auto.commit.interval.ms',
]);

/** The settings that apply to the consumer, and a note naming those that do not. */
export function applicableConfig(
  rows: readonly { key: string; value: string }[],
  hasGroupId: boolean,
  subscribed: boolean,
): { config: { key: string; value: string }[]; configNote: string | null } {
  if (subscribed) return { config: [...rows], configNote: null };
  const config = rows.filter(
    (r) => !MEMBERSHIP_CONFIG.has(r.key) && (hasGroupId || !COMMIT_CONFIG.has(r.key)),
  );
  const configNote = hasGroupId
    ? 'It assigns its own partitions (assign()): it is no member of its group, so session.timeout.ms, heartbeat.interval.ms, max.poll.interval.ms and the assignment strategy do not apply. Its group.id serves its commits only.'
    : 'It assigns its own partitions (assign()) and has no group.id: group settings do not apply, and it commits nothing (auto commit is off without a group.id).';
  return { config, configNote };
}

function configRows(config: Record<string, unknown>): { key: string; value: string }[] {
  const s = consumerSettings(config as never);
  const values: Record<(typeof SHOWN_CONFIG)[number], string> = {
    'group.id': s.groupId ?? '(none)',
    'group.instance.id': s.groupInstanceId ?? '(none)',
    'partition.assignment.strategy': s.assignors.join(', '),
    'session.timeout.ms': String(s.sessionTimeoutMs),
    'heartbeat.interval.ms': String(s.heartbeatIntervalMs),
    'max.poll.interval.ms': String(s.maxPollIntervalMs),
    'max.poll.records': String(s.maxPollRecords),
    'enable.auto.commit': String(s.enableAutoCommit),
    'auto.commit.interval.ms': String(s.autoCommitIntervalMs),
    'auto.offset.reset': s.autoOffsetReset,
  };
  return SHOWN_CONFIG.map((key) => ({ key, value: values[key] }));
}

export function consumerInspector(state: SimState, id: string): ConsumerInspectorModel | null {
  const c = state.consumers.find((x) => x.id === id);
  if (!c) {
    // A member whose consumer is gone: the coordinator's record of it is all there is.
    for (const g of state.groups) {
      const m = g.members.find((x) => x.clientId === id);
      if (!m) continue;
      return {
        id,
        group: {
          id: g.groupId,
          subscribed: true,
          memberId: m.memberId,
          memberState: 'gone (the coordinator still counts it)',
          generationId: g.generationId,
          leader: g.leaderId === m.memberId,
          groupInstanceId: m.groupInstanceId,
          coordinator: g.coordinator,
          sinceHeartbeatMs: null,
          sincePollMs: 0,
        },
        alive: false,
        partitions: m.assignment.map((p) => ({
          key: `${p.topic}-${p.partition}`,
          position: null,
          lag: null,
        })),
        consumed: 0,
        fetches: 0,
        commits: 0,
        processingTimeMs: 0,
        config: [],
        configNote: null,
        error: null,
      };
    }
    return null;
  }
  const client = c.group;
  const g = client ? state.groups.find((x) => x.groupId === client.groupId) : undefined;
  return {
    id,
    group: client
      ? {
          id: client.groupId,
          subscribed: client.subscription !== null,
          memberId: client.memberId === '' ? null : client.memberId,
          memberState: client.memberState,
          generationId: client.generationId,
          leader: g !== undefined && client.memberId !== '' && g.leaderId === client.memberId,
          groupInstanceId: client.groupInstanceId,
          coordinator: client.coordinator,
          sinceHeartbeatMs:
            client.lastHeartbeatReceiveMs > 0 ? state.nowMs - client.lastHeartbeatReceiveMs : null,
          sincePollMs: state.nowMs - client.lastPollMs,
        }
      : null,
    alive: true,
    partitions: c.assignment.map((a) => ({
      key: `${a.topic}-${a.partition}`,
      position: a.position,
      lag: a.position === null ? null : Math.max(0, a.highWatermark - a.position),
    })),
    consumed: c.stats.recordsConsumed,
    fetches: c.stats.fetches,
    commits: c.stats.commits,
    processingTimeMs: c.processingTimeMsPerRecord,
    ...applicableConfig(
      configRows(c.config),
      Boolean(client),
      Boolean(client && client.subscription !== null),
    ),
    error: client?.fatalError ?? c.fatalError,
  };
}
