/**
 * What the canvas draws for consumer groups, derived from engine state by pure functions: one
 * container per group (the coordinator's view: state machine, generation, assignor, the
 * partitions nobody consumes right now) holding one card per member (the member's view: its
 * MemberState, the partitions it consumes, whether it leads the group).
 *
 * Two sides, as in Kafka: the coordinator's GroupState and each consumer's GroupClientState.
 * A member card is a consumer that subscribed to the group, or a member the coordinator still
 * counts although its consumer is gone (crashed: only the session timeout will notice).
 */
import { consumerSettings } from '../../engine/config.ts';
import type { GroupState, GroupStateName, MemberState } from '../../engine/groupTypes.ts';
import type { ConsumerState, SimState } from '../../engine/model.ts';
import { streamsPhase, streamsView, type StreamsPhase, type StreamsView } from './streamsView.ts';
import { sinkConnectorView, type ConnectView } from './connectView.ts';
import { connectorOfClient } from '../../engine/connect.ts';
import { restartCommand } from '../restartConsumer.ts';

/** The four states of ClassicGroupState the group view draws as a cycle (Dead is not drawn). */
export const GROUP_STATES: readonly GroupStateName[] = [
  'Empty',
  'PreparingRebalance',
  'CompletingRebalance',
  'Stable',
];

/** The assignors a person can pick on a group (partition.assignment.strategy). */
export const ASSIGNOR_CHOICES = ['range', 'roundrobin', 'sticky', 'cooperative-sticky'] as const;

export interface ChipView {
  /** "orders-3". */
  key: string;
  topic: string;
  partition: number;
  /** What the chip says: the partition number when the group reads one topic, else the key. */
  label: string;
  /** Next offset the member reads, or null before it has one. */
  position: number | null;
  lag: number | null;
  /** An eager member about to give it up: it stopped fetching it (markPendingRevocation). */
  revoking: boolean;
  /**
   * The member still holds it, but the group has given it to another member: a member that
   * left on its poll timeout keeps its partitions until its next poll() finds out (then they
   * are lost), and meanwhile it is still processing their records.
   */
  staleOwner: string | null;
}

export interface PausedChipView {
  key: string;
  topic: string;
  partition: number;
  label: string;
  /** Since when nobody consumes it, or null when no member has consumed it yet. */
  sinceMs: number | null;
}

export type MemberStatus =
  /** A live consumer in the group. */
  | 'live'
  /** Its consumer is gone but the coordinator still counts it until its session times out. */
  | 'gone';

export interface MemberView {
  /** The consumer's name (client id), e.g. "billing-2". */
  id: string;
  groupId: string;
  status: MemberStatus;
  /** AbstractCoordinator.MemberState of a live member; null when its consumer is gone. */
  memberState: MemberState | null;
  /** The member id the coordinator gave it, or null before it has one. */
  memberId: string | null;
  leader: boolean;
  /** group.instance.id (static membership, KIP-345), or null. */
  groupInstanceId: string | null;
  generationId: number | null;
  chips: ChipView[];
  hiddenChips: number;
  /**
   * Consumes no partition although the group is Stable and every partition has a consumer:
   * the assignor had nothing for it (more members than partitions, or range's per-topic split).
   */
  idle: boolean;
  /** What its card says when it has no partition chips, or null when it has chips. */
  note: string | null;
  consumed: number;
  processingTimeMs: number;
  /** For a gone member: when the coordinator's session timer for it runs out. */
  sessionExpiresInMs: number | null;
  /** A gone member that can be started again (restartConsumer.ts). */
  restartable: boolean;
  /** A fatal error that stopped it (its own, or its group's), or null. */
  error: string | null;
  /** Chips show only the partition number (the group reads one topic). */
  shortChips: boolean;
  /** A Kafka Streams member's thread: running, or blocked in flush() or commitSync(); else null. */
  streamsPhase: StreamsPhase | null;
  /** A Kafka Connect sink task's number (its consumer is `connector-consumer-<name>-<n>`); else null. */
  connectTask: number | null;
  /**
   * The group is in its join phase and this member has not sent its JoinGroup yet: the whole
   * group waits for it (up to the rebalance timeout, max.poll.interval.ms). It rejoins from
   * its next poll(), so a member busy processing the records of its last poll keeps everyone
   * waiting: how much longer it is busy (to 100 ms), or null when it is not busy.
   */
  notRejoined: { busyMs: number | null } | null;
}

export interface GroupView {
  id: string;
  /** The coordinator's state, or null while no coordinator has the group yet. */
  state: GroupStateName | null;
  generationId: number;
  /** The assignor the coordinator chose (protocolName), or null. */
  assignor: string | null;
  /** The assignors the group's members are configured with, in order of preference. */
  configuredAssignors: string[];
  /** eager or cooperative (from the members' assignors), mixed, or null without members. */
  protocol: 'eager' | 'cooperative' | 'mixed' | null;
  coordinator: number | null;
  /** The `__consumer_offsets` partition that holds the group, or null before it exists. */
  offsetsPartition: number | null;
  topics: string[];
  /** Partitions of the subscribed topics: the chips a group can have. */
  partitionCount: number;
  /**
   * Whether a rebalance is in progress, for how long (to the nearest 100 ms, as shown), and why
   * (member ids shortened).
   */
  rebalancing: boolean;
  rebalanceForMs: number | null;
  reason: string | null;
  /**
   * The first rebalance of an Empty group waits group.initial.rebalance.delay.ms (extended by
   * the same again while members keep arriving: InitialDelayedJoin) for more members: that
   * delay and the time left of the wait (to 100 ms), while it lasts; else null.
   */
  initialDelay: { delayMs: number; leftMs: number } | null;
  members: MemberView[];
  /** Partitions of the subscribed topics that no member consumes now. */
  paused: PausedChipView[];
  hiddenPaused: number;
  /** Chips show only the partition number (the group reads one topic). */
  shortChips: boolean;
  /** A Kafka Streams application: its output topic and counts; null for a plain group. */
  streams: StreamsView | null;
  /** A Kafka Connect sink connector's group (`connect-<name>`); null for any other group. */
  connect: ConnectView | null;
}

/**
 * Member ids are the client id and a UUID (`billing-2-349ac936-…`): in text a person reads,
 * the client id says the same thing.
 */
export function shortenMemberIds(text: string): string {
  return text.replace(
    /([\w.-]+?)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g,
    '$1',
  );
}

/**
 * One collator for every comparison: `localeCompare` with a locale and options builds a new
 * one on each call, and members are sorted on every frame (on `large` at 1×, in a CPU profile
 * of headless Chromium and of Node, that was about a tenth of the canvas selectors' time).
 */
const NAMES = new Intl.Collator('en', { numeric: true });

/** "billing-2" before "billing-10": names compare by their numbers. */
export function compareNames(a: string, b: string): number {
  return NAMES.compare(a, b);
}

/** Group ids in the order a person expects: the scenario's groups first, then any others. */
export function groupIds(state: SimState): string[] {
  const ids: string[] = [];
  const add = (id: string) => {
    if (!ids.includes(id)) ids.push(id);
  };
  for (const s of state.groupSpecs) add(s.groupId);
  for (const c of state.consumers) if (c.group?.subscription) add(c.group.groupId);
  for (const g of state.groups) if (g.members.length > 0 || g.state !== 'Empty') add(g.groupId);
  return ids;
}

/** Whether a consumer is drawn inside a group (it subscribed) rather than on its own. */
export function isGroupMember(c: ConsumerState): boolean {
  return c.group !== null && c.group.subscription !== null;
}

function groupTopics(state: SimState, id: string, g: GroupState | undefined): string[] {
  const topics = new Set<string>();
  for (const s of state.groupSpecs) if (s.groupId === id) for (const t of s.topics) topics.add(t);
  for (const c of state.consumers)
    if (c.group?.groupId === id) for (const t of c.group.subscription ?? []) topics.add(t);
  for (const m of g?.members ?? []) for (const t of m.subscription.topics) topics.add(t);
  return [...topics].filter((t) => state.topics.some((x) => x.name === t && !x.internal)).sort();
}

function chipLabel(short: boolean, topic: string, partition: number): string {
  return short ? String(partition) : `${topic}-${partition}`;
}

interface MemberInput {
  state: SimState;
  g: GroupState | undefined;
  groupId: string;
  short: boolean;
  maxChips: number;
}

function liveMember(input: MemberInput, c: ConsumerState): MemberView {
  const { g, short, maxChips } = input;
  const client = c.group!;
  const member = g?.members.find((m) => m.clientId === c.id);
  const chips = c.assignment.map((a) => {
    const key = `${a.topic}-${a.partition}`;
    const observed = g && Object.hasOwn(g.observed.owners, key) ? g.observed.owners[key] : null;
    const other = observed?.owner && observed.owner !== c.id ? observed.owner : null;
    return {
      key,
      topic: a.topic,
      partition: a.partition,
      label: chipLabel(short, a.topic, a.partition),
      position: a.position,
      lag: a.position === null ? null : Math.max(0, a.highWatermark - a.position),
      revoking: a.pendingRevocation,
      staleOwner: other,
    };
  });
  const shown = chips.length > maxChips ? chips.slice(0, maxChips - 1) : chips;
  const memberId = client.memberId === '' ? (member?.memberId ?? null) : client.memberId;
  return {
    id: c.id,
    groupId: input.groupId,
    status: 'live',
    memberState: client.memberState,
    memberId,
    leader: g !== undefined && memberId !== null && g.leaderId === memberId,
    groupInstanceId: client.groupInstanceId ?? consumerSettings(c.config).groupInstanceId,
    generationId: client.generationId >= 0 ? client.generationId : null,
    chips: shown,
    hiddenChips: chips.length - shown.length,
    idle: false,
    note: null,
    consumed: c.stats.recordsConsumed,
    processingTimeMs: c.processingTimeMsPerRecord,
    sessionExpiresInMs: null,
    restartable: false,
    error: client.fatalError ?? c.fatalError,
    shortChips: short,
    streamsPhase: streamsPhase(input.state, c.id),
    connectTask: connectorOfClient(input.state, c.id)?.task ?? null,
    notRejoined: notRejoined(input.state, g, member, c),
  };
}

/** The simulated time to the tenth of a second below it. */
function tenthOf(ms: number): number {
  return Math.floor(ms / 100) * 100;
}

function notRejoined(
  state: SimState,
  g: GroupState | undefined,
  member: GroupState['members'][number] | undefined,
  c: ConsumerState,
): MemberView['notRejoined'] {
  // Only while a coordinator has the group loaded: when it moves, every pending JoinGroup is
  // dropped and nobody waits for anybody until the members find the new one.
  if (g?.state !== 'PreparingRebalance' || g.coordinator === null || g.loadedAtMs > state.nowMs)
    return null;
  if (!member || member.awaitingJoin !== null) return null;
  const busy = c.busyUntilMs !== null && c.busyUntilMs > state.nowMs;
  return { busyMs: busy ? Math.ceil((c.busyUntilMs! - state.nowMs) / 100) * 100 : null };
}

function goneMember(input: MemberInput, m: GroupState['members'][number]): MemberView {
  const { state, g } = input;
  return {
    id: m.clientId,
    groupId: input.groupId,
    status: 'gone',
    memberState: null,
    memberId: m.memberId,
    leader: g?.leaderId === m.memberId,
    groupInstanceId: m.groupInstanceId,
    generationId: g?.generationId ?? null,
    chips: [],
    hiddenChips: 0,
    idle: false,
    note: null,
    consumed: 0,
    processingTimeMs: 0,
    sessionExpiresInMs: Math.max(0, m.heartbeatDeadlineMs - state.nowMs),
    restartable: restartCommand(state, m.clientId, input.groupId) !== null,
    error: null,
    shortChips: input.short,
    streamsPhase: null,
    connectTask: connectorOfClient(state, m.clientId)?.task ?? null,
    // A gone member's ghost card already says the group waits for its session to time out.
    notRejoined: null,
  };
}

/**
 * Partitions of the group's topics that no member consumes: the engine's observation
 * (`observed.owners`, owner null) plus partitions no member has consumed yet.
 */
function pausedChips(
  state: SimState,
  g: GroupState | undefined,
  topics: string[],
  owned: Set<string>,
  short: boolean,
): PausedChipView[] {
  const out: PausedChipView[] = [];
  for (const topic of topics) {
    const t = state.topics.find((x) => x.name === topic);
    for (const p of t?.partitions ?? []) {
      const key = `${topic}-${p.partition}`;
      if (owned.has(key)) continue;
      const o = g && Object.hasOwn(g.observed.owners, key) ? g.observed.owners[key] : undefined;
      if (o && o.owner !== null) continue;
      out.push({
        key,
        topic,
        partition: p.partition,
        label: chipLabel(short, topic, p.partition),
        sinceMs: o?.unownedSinceMs ?? null,
      });
    }
  }
  return out;
}

/** Marks idle members and says why a live member's card has no chips. */
function annotate(
  m: MemberView,
  g: GroupState | undefined,
  paused: number,
  members: number,
  partitions: number,
): void {
  if (m.status !== 'live' || m.chips.length > 0 || m.hiddenChips > 0) return;
  const settled = g?.state === 'Stable' && m.memberState === 'STABLE';
  if (settled && paused === 0) {
    m.idle = true;
    m.note =
      members > partitions
        ? 'Idle: more members than partitions, nothing left for it'
        : 'Idle: the assignor gave it no partition';
  } else if (settled) m.note = 'No partitions yet: the next rebalance hands out the free ones';
  else if (m.memberState === 'UNJOINED') m.note = 'Not in the group yet';
  else m.note = 'No partitions while the group rebalances';
}

function rebalanceProtocol(members: ConsumerState[]): GroupView['protocol'] {
  const protocols = new Set(members.map((c) => consumerSettings(c.config).rebalanceProtocol));
  if (protocols.size === 0) return null;
  return protocols.size > 1 ? 'mixed' : [...protocols][0]!;
}

function configuredAssignors(state: SimState, id: string, members: ConsumerState[]): string[] {
  const first = members[0];
  if (first) return [...consumerSettings(first.config).assignors];
  const spec = state.groupSpecs.find((s) => s.groupId === id);
  return spec ? [...consumerSettings(spec.config).assignors] : [];
}

export interface GroupChipLimits {
  /** The most chips one member card shows. */
  memberChips: number;
  /** The most paused chips the group shows. */
  pausedChips: number;
}

/** How many chips fit, from the chip size the group's label mode uses (layout.ts decides). */
export type ChipLimitsFor = (shortChips: boolean, partitionCount: number) => GroupChipLimits;

export function groupView(state: SimState, id: string, limitsFor: ChipLimitsFor): GroupView {
  const g = state.groups.find((x) => x.groupId === id);
  const topics = groupTopics(state, id, g);
  const short = topics.length <= 1;
  const partitionCount = topics.reduce(
    (n, t) => n + (state.topics.find((x) => x.name === t)?.partitions.length ?? 0),
    0,
  );
  const limits = limitsFor(short, partitionCount);
  const consumers = state.consumers.filter((c) => isGroupMember(c) && c.group!.groupId === id);
  const input: MemberInput = { state, g, groupId: id, short, maxChips: limits.memberChips };
  const members = consumers.map((c) => liveMember(input, c));
  for (const m of g?.members ?? [])
    if (!consumers.some((c) => c.id === m.clientId)) members.push(goneMember(input, m));
  members.sort((a, b) => compareNames(a.id, b.id));
  const owned = new Set(
    consumers.flatMap((c) => c.assignment.map((a) => `${a.topic}-${a.partition}`)),
  );
  const paused = pausedChips(state, g, topics, owned, short);
  const rebalancing = g?.state === 'PreparingRebalance' || g?.state === 'CompletingRebalance';
  for (const m of members) annotate(m, g, paused.length, members.length, partitionCount);
  const shownPaused =
    paused.length > limits.pausedChips ? paused.slice(0, limits.pausedChips - 1) : paused;
  const startedAt = g?.observed.rebalanceStartedAtMs ?? null;
  return {
    id,
    state: g?.state ?? null,
    generationId: g?.generationId ?? 0,
    assignor: g?.protocolName ?? null,
    configuredAssignors: configuredAssignors(state, id, consumers),
    protocol: rebalanceProtocol(consumers),
    coordinator: g?.coordinator ?? null,
    offsetsPartition: g?.offsetsPartition ?? null,
    topics,
    partitionCount,
    rebalancing,
    // In the tenths of a second the node shows: the view then changes ten times a second while
    // a rebalance lasts, not on every frame.
    rebalanceForMs: startedAt === null ? null : Math.round((state.nowMs - startedAt) / 100) * 100,
    reason: g?.rebalanceReason ? shortenMemberIds(g.rebalanceReason) : null,
    initialDelay:
      g?.state === 'PreparingRebalance' && g.initialDelay
        ? {
            delayMs: g.initialDelay.delayMs,
            // Counted from the clock's tenth of a second, so the view changes at most ten
            // times a second, with the clock.
            leftMs:
              Math.floor(
                Math.max(0, (g.rebalanceDeadlineMs ?? state.nowMs) - tenthOf(state.nowMs)) / 100,
              ) * 100,
          }
        : null,
    members,
    paused: shownPaused,
    hiddenPaused: paused.length - shownPaused.length,
    shortChips: short,
    streams: streamsView(state, id),
    connect: sinkConnectorView(state, id),
  };
}

export function groupViews(state: SimState, limitsFor: ChipLimitsFor): GroupView[] {
  return groupIds(state).map((id) => groupView(state, id, limitsFor));
}
