/**
 * Consumer groups described from the engine's state: the rows `kafka-consumer-groups
 * --describe` prints, and the `groups` section of the headless report.
 */
import { streamsReport, type StreamsReport } from './streamsReport.ts';
import { consumerSettings } from './config.ts';
import { findConsumer, findTopic, leaderLog, ownGet } from './context.ts';
import type { GroupState } from './groupTypes.ts';
import type { PartitionState, ReplicaLog, SimState } from './model.ts';

/** One row of `kafka-consumer-groups --describe --group <id>`. */
export interface GroupDescribeRow {
  group: string;
  topic: string;
  partition: number;
  /** The committed offset, or null ("-") when none is. */
  currentOffset: number | null;
  /** The partition's high watermark (what ListOffsets latest answers a read_uncommitted client). */
  logEndOffset: number;
  lag: number | null;
  /** The member that owns the partition now, or null ("-"). */
  consumerId: string | null;
  clientId: string | null;
}

export interface GroupMemberReport {
  consumer: string;
  memberId: string;
  groupInstanceId: string | null;
  assignment: string[];
}

export interface GroupReport {
  id: string;
  state: string;
  generationId: number;
  /** The members' rebalance protocol: eager, cooperative, or mixed. */
  protocol: 'eager' | 'cooperative' | 'mixed' | null;
  /** The assignor the coordinator chose (ClassicGroup.protocolName). */
  assignor: string | null;
  /** The broker coordinating the group, or null while none has it loaded. */
  coordinator: number | null;
  coordinatorPartition: number;
  leader: string | null;
  members: GroupMemberReport[];
  offsets: { topic: string; partition: number; committed: number | null; lag: number | null }[];
  rebalances: number;
  lastRebalanceMs: number | null;
  totalRebalanceMs: number;
  /** Time partitions spent with no member consuming them, summed over partitions. */
  unownedMs: number;
  /** Records handed to the application a second time (at-least-once). */
  redeliveredRecords: number;
  /** Only for a Kafka Streams application: its processing and output (streamsReport.ts). */
  streams?: StreamsReport;
}

function readLog(p: PartitionState): ReplicaLog | undefined {
  return leaderLog(p) ?? p.replicaLogs[0];
}

/** The topics a group's rows cover: what its members subscribe to, and what it has offsets for. */
function groupTopics(state: SimState, g: GroupState): string[] {
  const topics = new Set<string>();
  for (const m of g.members) for (const t of m.subscription.topics) topics.add(t);
  for (const c of state.consumers)
    if (c.group?.groupId === g.groupId) for (const t of c.group.subscription ?? []) topics.add(t);
  for (const o of g.offsets) topics.add(o.topic);
  return [...topics].filter((t) => findTopic(state, t)).sort();
}

export function describeGroup(state: SimState, groupId: string): GroupDescribeRow[] {
  const g = state.groups.find((x) => x.groupId === groupId);
  if (!g) return [];
  const owners = new Map<string, { memberId: string; clientId: string }>();
  for (const m of g.members)
    for (const p of m.assignment)
      owners.set(`${p.topic}-${p.partition}`, { memberId: m.memberId, clientId: m.clientId });
  const rows: GroupDescribeRow[] = [];
  for (const topic of groupTopics(state, g)) {
    for (const p of findTopic(state, topic)!.partitions) {
      const committed =
        g.offsets.find((o) => o.topic === topic && o.partition === p.partition)?.offset ?? null;
      const owner = owners.get(`${topic}-${p.partition}`);
      const hw = readLog(p)?.highWatermark ?? 0;
      rows.push({
        group: g.groupId,
        topic,
        partition: p.partition,
        currentOffset: committed,
        logEndOffset: hw,
        lag: committed === null ? null : Math.max(0, hw - committed),
        consumerId: owner?.memberId ?? null,
        clientId: owner?.clientId ?? null,
      });
    }
  }
  return rows;
}

/** Unowned time including partitions unowned right now. */
export function unownedMsNow(state: SimState, g: GroupState): number {
  let ms = g.observed.unownedMsTotal;
  for (const key of Object.keys(g.observed.owners)) {
    const o = ownGet(g.observed.owners, key)!;
    if (o.unownedSinceMs !== null) ms += state.nowMs - o.unownedSinceMs;
  }
  return ms;
}

function rebalanceProtocol(state: SimState, g: GroupState): GroupReport['protocol'] {
  const protocols = new Set(
    g.members
      .map((m) => findConsumer(state, m.clientId))
      .filter((c) => c !== undefined)
      .map((c) => consumerSettings(c.config).rebalanceProtocol),
  );
  if (protocols.size === 0) return null;
  return protocols.size > 1 ? 'mixed' : [...protocols][0]!;
}

export function groupReport(state: SimState, g: GroupState): GroupReport {
  const leader = g.members.find((m) => m.memberId === g.leaderId);
  return {
    id: g.groupId,
    state: g.state,
    generationId: g.generationId,
    protocol: rebalanceProtocol(state, g),
    assignor: g.protocolName,
    coordinator: g.coordinator,
    coordinatorPartition: g.offsetsPartition,
    leader: leader?.clientId ?? null,
    members: g.members.map((m) => ({
      consumer: m.clientId,
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      assignment: m.assignment.map((p) => `${p.topic}-${p.partition}`),
    })),
    offsets: describeGroup(state, g.groupId).map((r) => ({
      topic: r.topic,
      partition: r.partition,
      committed: r.currentOffset,
      lag: r.lag,
    })),
    rebalances: g.observed.rebalances,
    lastRebalanceMs: g.observed.lastRebalanceMs,
    totalRebalanceMs: g.observed.totalRebalanceMs,
    unownedMs: unownedMsNow(state, g),
    redeliveredRecords: g.observed.redeliveredRecords,
    ...streamsPart(state, g.groupId),
  };
}

function streamsPart(state: SimState, groupId: string): { streams?: StreamsReport } {
  const app = state.streams.find((a) => a.applicationId === groupId);
  return app ? { streams: streamsReport(app) } : {};
}
