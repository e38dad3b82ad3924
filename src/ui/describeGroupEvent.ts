/**
 * Consumer events and consumer-group events in plain English: joins, assignments, revocations,
 * the coordinator's state changes, commits and redeliveries. Kafka's own names stay (JoinGroup,
 * session.timeout.ms, REBALANCE_IN_PROGRESS, generation) so the lines match a real cluster's
 * logs. Member ids (`billing-2-349ac936-…`) are shortened to the consumer's name.
 */
import type { SimEvent } from '../engine/events.ts';
import { shortenMemberIds } from './canvas/groupView.ts';
import type { EventLine } from './describeEvent.ts';
import { formatCount, offsetRange, plural, readableReason } from './format.ts';

/** What the store knew when the event arrived (see LoggedEvent). */
export interface NarrationContext {
  /** The broker coordinating the event's group then, or null/absent when unknown. */
  coordinator?: number | null;
  /** The group of the event's consumer then, or null/absent when it had none. */
  group?: string | null;
  /**
   * The consumer's group.instance.id then (a static member, KIP-345), or null/absent for a
   * dynamic member: a static member's close sends no LeaveGroup.
   */
  groupInstanceId?: string | null;
  /** For a run of lost records merged into one line: when the first of them was lost. */
  sinceMs?: number;
  /** For the rolls of one segment on several replicas merged into one line: their brokers. */
  brokers?: number[];
}

type Offsets = { topic: string; partition: number; offset: number }[];

const list = (keys: string[]): string => (keys.length === 0 ? 'nothing' : keys.join(', '));

const offsetsText = (offsets: Offsets): string =>
  offsets.map((o) => `${o.topic}-${o.partition}@${formatCount(o.offset)}`).join(', ');

const COMMIT_PURPOSE: Record<string, string> = {
  auto: 'auto commit',
  manual: 'commit',
  beforeRejoin: 'commit before rejoining',
  close: 'commit on close',
};

/** "the coordinator (broker 2)" or "the coordinator". */
function coordinatorText(context: NarrationContext): string {
  return typeof context.coordinator === 'number'
    ? `the coordinator (broker ${context.coordinator})`
    : 'the coordinator';
}

/** An engine reason with member ids shortened and numbers grouped. */
const short = (text: string): string => readableReason(shortenMemberIds(text));

function stateChanged(
  e: Extract<SimEvent, { type: 'group.stateChanged' }>,
  context: NarrationContext,
): EventLine {
  const head = `Group ${e.group}: ${e.from} → ${e.to}`;
  const reason = short(e.reason);
  switch (e.to) {
    case 'PreparingRebalance': {
      const ends = e.from === 'Empty' ? '' : ` (generation ${e.generationId} ends)`;
      return {
        text: `${head}. ${capitalise(coordinatorText(context))} starts a rebalance${ends}: ${reason}`,
        tone: e.from === 'Empty' ? 'info' : 'warn',
      };
    }
    case 'CompletingRebalance':
      return {
        text: `${head}: ${reason}; the leader computes the assignment, members wait in SyncGroup`,
        tone: 'info',
      };
    case 'Stable':
      return { text: `${head}: ${reason}`, tone: 'good' };
    default:
      return { text: `${head}: ${reason}`, tone: 'info' };
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function assigned(e: Extract<SimEvent, { type: 'group.assigned' }>): EventLine {
  const parts = e.assignment.map(
    (a) => `${a.consumer} ← ${a.partitions.length === 0 ? 'nothing' : a.partitions.join(', ')}`,
  );
  const assignor = e.protocol === null ? '' : ` (${e.protocol})`;
  return {
    text: `Generation ${e.generationId} of ${e.group}${assignor}: ${parts.join('; ')}`,
    tone: 'good',
  };
}

function partitionsAssigned(
  e: Extract<SimEvent, { type: 'consumer.partitionsAssigned' }>,
): EventLine {
  const where = `(generation ${e.generationId} of ${e.group})`;
  // Not necessarily idle: cooperative-sticky withholds partitions until their owner let go.
  if (e.assignment.length === 0)
    return { text: `${e.consumer} got no partitions ${where}`, tone: 'warn' };
  const kept = e.assignment.filter((p) => !e.partitions.includes(p));
  if (e.partitions.length === 0)
    return { text: `${e.consumer} keeps ${list(kept)} ${where}`, tone: 'info' };
  const keeps = kept.length > 0 ? `, keeps ${list(kept)}` : '';
  return { text: `${e.consumer} ← ${list(e.partitions)}${keeps} ${where}`, tone: 'good' };
}

function removed(
  e: Extract<SimEvent, { type: 'consumer.removed' }>,
  context: NarrationContext,
): EventLine {
  const group = context.group ?? null;
  if (group === null)
    return {
      text: `Consumer ${e.consumer} ${e.graceful ? 'closed' : 'crashed'}`,
      tone: e.graceful ? 'info' : 'bad',
    };
  const instance = context.groupInstanceId ?? null;
  // AbstractCoordinator.maybeLeaveGroup: a static member sends no LeaveGroup on close (KIP-345),
  // so the coordinator keeps its place and its partitions until its session times out.
  if (e.graceful && instance !== null)
    return {
      text: `${e.consumer} is closing: it commits its offsets and sends no LeaveGroup (static member, group.instance.id=${instance}). ${capitalise(coordinatorText(context))} of ${group} keeps its partitions until session.timeout.ms passes; if it comes back in time with the same group.instance.id, it gets them back with no rebalance`,
      tone: 'info',
    };
  if (e.graceful)
    return {
      text: `${e.consumer} is closing: it commits its offsets and sends LeaveGroup to ${group}`,
      tone: 'info',
    };
  return {
    text: `${e.consumer} crashed: no LeaveGroup, so ${coordinatorText(context)} of ${group} notices only when session.timeout.ms passes without a heartbeat`,
    tone: 'bad',
  };
}

/** What a member that joined does next: the leader runs the assignor, unless told to skip it. */
function joinedAs(e: Extract<SimEvent, { type: 'consumer.joined' }>): string {
  if (!e.leader) return '';
  if (e.skipAssignment)
    return ' as its leader, a static member back in a stable group: the assignment stays as it was and no assignor runs (KIP-814)';
  return ' as its leader: it runs the assignor';
}

/** The line for a consumer or group event, or null for any other event. */
export function describeGroupEvent(e: SimEvent, context: NarrationContext): EventLine | null {
  switch (e.type) {
    case 'consumer.added':
      return {
        text: `Consumer ${e.consumer} started${context.group ? ` in group ${context.group}` : ''}`,
        tone: 'info',
      };
    case 'consumer.removed':
      return removed(e, context);
    case 'consumer.committed':
      return { text: `${e.consumer} committed ${offsetsText(e.offsets)}`, tone: 'info' };
    case 'consumer.commitFailed':
      return {
        text: `${e.consumer}: ${COMMIT_PURPOSE[e.purpose] ?? e.purpose} to ${e.group} failed: ${e.error}`,
        tone: 'warn',
      };
    case 'consumer.coordinatorFound':
      return {
        text: `${e.consumer} found the coordinator of ${e.group}: broker ${e.coordinator} (FindCoordinator)`,
        tone: 'info',
      };
    case 'consumer.coordinatorLost':
      return {
        text: `${e.consumer} lost the coordinator of ${e.group} (broker ${e.coordinator}): ${short(e.reason)}`,
        tone: 'warn',
      };
    case 'consumer.joining':
      return {
        text: `${e.consumer} sends JoinGroup to ${e.group}${e.memberId === '' ? ' (no member id yet)' : ''}: ${short(e.reason)}`,
        tone: 'info',
      };
    case 'consumer.joined':
      return {
        text: `${e.consumer} is in generation ${e.generationId} of ${e.group}${e.protocol ? ` (${e.protocol})` : ''}${joinedAs(e)}`,
        tone: 'info',
      };
    case 'consumer.partitionsAssigned':
      return partitionsAssigned(e);
    case 'consumer.partitionsRevoked':
      return {
        text: `${e.consumer} gives up ${list(e.partitions)}: ${short(e.reason)}`,
        tone: 'warn',
      };
    case 'consumer.partitionsLost':
      return {
        text: `${e.consumer} lost ${list(e.partitions)} without committing: ${short(e.reason)}`,
        tone: 'bad',
      };
    case 'consumer.positionFromCommit':
      return {
        text: `${e.consumer} resumes ${e.topic}-${e.partition} at offset ${formatCount(e.offset)}, committed by group ${e.group}`,
        tone: 'info',
      };
    case 'consumer.pollTimeout':
      return {
        text: `${e.consumer} did not call poll() within max.poll.interval.ms (${formatCount(e.maxPollIntervalMs)} ms): it leaves ${e.group}`,
        tone: 'bad',
      };
    case 'consumer.groupError':
      return { text: `${e.consumer} in group ${e.group}: ${short(e.error)}`, tone: 'bad' };
    case 'group.created':
      return {
        text: `Group ${e.group} created: its coordinator is broker ${e.coordinator}`,
        tone: 'info',
      };
    case 'group.loaded':
      return {
        text: `Broker ${e.coordinator} now coordinates ${e.group}: it loaded __consumer_offsets-${e.partition} in ${formatCount(e.loadMs)} ms (generation ${e.generationId}, ${plural(e.members, 'member')}, ${plural(e.offsets, 'committed offset')})`,
        tone: 'good',
      };
    case 'group.unloaded':
      return {
        text: `Broker ${e.broker} no longer coordinates ${e.group}: ${short(e.reason)}`,
        tone: 'warn',
      };
    case 'group.stateChanged':
      return stateChanged(e, context);
    case 'group.memberAdded':
      return {
        text: `${e.consumer} is a member of ${e.group} now${e.groupInstanceId === null ? '' : ` (static, group.instance.id=${e.groupInstanceId})`}`,
        tone: 'info',
      };
    case 'group.memberRemoved': {
      const timedOut = /timeout/i.test(e.reason);
      return {
        text: `${e.consumer} left the group ${e.group}${typeof context.coordinator === 'number' ? ` (coordinator: broker ${context.coordinator})` : ''}: ${short(e.reason)}`,
        tone: timedOut ? 'bad' : 'warn',
      };
    }
    case 'group.staticMemberReplaced':
      return {
        text: `${e.consumer} came back as group.instance.id=${e.groupInstanceId}: it takes its old place in ${e.group}, no rebalance`,
        tone: 'good',
      };
    case 'group.joinCompleted':
      return {
        text: `Generation ${e.generationId} of ${e.group} formed: ${list(e.members)}; leader ${e.leader}${e.protocol ? ` runs ${e.protocol}` : ''}`,
        tone: 'info',
      };
    case 'group.assigned':
      return assigned(e);
    case 'group.offsetsCommitted':
      return {
        text: `${capitalise(coordinatorText(context))} stored ${e.group}'s offsets from ${e.consumer}: ${offsetsText(e.offsets)}`,
        tone: 'info',
      };
    case 'group.redelivered':
      return {
        text: `${plural(e.records, 'record')} of ${e.topic}-${e.partition} (${offsetRange(e.fromOffset, e.toOffset)}) delivered again to ${e.consumer}: processed before, never committed (at-least-once)`,
        tone: 'warn',
      };
    case 'streams.committed':
      return {
        text: `${e.consumer} (Kafka Streams ${e.group}) flushed its producer, then committed its offsets`,
        tone: 'info',
      };
    case 'streams.reprocessed':
      return {
        text: `${e.consumer} processed ${plural(e.records, 'record')} of ${e.topic}-${e.partition} (${offsetRange(e.fromOffset, e.toOffset)}) again: ${plural(e.duplicates, 'output')} written twice to ${e.outputTopic} (at-least-once)`,
        tone: 'warn',
      };
    case 'group.configChanged':
      return {
        text: `Group ${e.group}: ${Object.entries(e.config)
          .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(', ')}; every member rejoins`,
        tone: 'info',
      };
    default:
      return null;
  }
}
