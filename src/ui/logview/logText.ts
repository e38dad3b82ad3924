/** The words and numbers the log view prints, as pure functions (tested without a browser). */
import { formatCount } from '../format.ts';
import type { PartitionChoice } from './recordDetail.ts';
import type { CommittedRow, ConsumerRow, ReplicaRow } from './selectLogView.ts';

/** An int32 as Java prints it in hex (two's complement): -1 is "0xffffffff". */
export function int32Hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

/** "offsets 12 – 40", or "offset 12" for one. */
export function offsetRange(from: number, toInclusive: number): string {
  return from === toInclusive
    ? `offset ${formatCount(from)}`
    : `offsets ${formatCount(from)} – ${formatCount(toInclusive)}`;
}

export interface RowText {
  name: string;
  badge: string;
  /** The row's numbers: "LEO 1,234 · HW 1,230". */
  numbers: string;
  /** A longer explanation for a tooltip. */
  title: string;
}

const STATUS_BADGE: Record<ReplicaRow['status'], string> = {
  leader: 'leader',
  'in-sync': 'in sync',
  'out-of-sync': 'out of sync',
  offline: 'offline',
  down: 'down',
};

const REASSIGNMENT_TEXT = {
  adding:
    'A reassignment adds it: it copies the leader’s log and joins the ISR once caught up; the reassignment completes when every new replica is in the ISR.',
  removing:
    'A reassignment removes it once every new replica is in the ISR; then its broker deletes its copy.',
  removed: 'A reassignment removed it: its broker deletes this copy when it learns the change.',
} as const;

export function replicaRowText(r: ReplicaRow, leaderLogEndOffset: number): RowText {
  // A replica being added shows that rather than "out of sync"; a removed one says so.
  const badge =
    r.reassignment === 'removed'
      ? 'removed'
      : r.reassignment === 'adding' && r.status === 'out-of-sync'
        ? 'adding'
        : STATUS_BADGE[r.status];
  const behind = leaderLogEndOffset - r.logEndOffset;
  const numbers =
    r.status === 'leader' || r.highWatermark !== r.logEndOffset
      ? `LEO ${formatCount(r.logEndOffset)} · HW ${formatCount(r.highWatermark)}`
      : `LEO ${formatCount(r.logEndOffset)}`;
  const parts = [
    `Broker ${r.brokerId}: ${badge}.`,
    `Log end offset ${formatCount(r.logEndOffset)} (the offset its next record gets); high watermark ${formatCount(r.highWatermark)}; log start ${formatCount(r.logStartOffset)}.`,
  ];
  if (r.status !== 'leader' && behind > 0)
    parts.push(`${formatCount(behind)} records behind the leader.`);
  if (r.reassignment !== null) parts.push(REASSIGNMENT_TEXT[r.reassignment]);
  return { name: `Broker ${r.brokerId}`, badge, numbers, title: parts.join(' ') };
}

export function consumerRowText(c: ConsumerRow): RowText {
  const numbers =
    c.position === null
      ? 'no position yet'
      : // Short enough for the row: the tape's pointer already says "position".
        `${formatCount(c.position)} · records-lag ${formatCount(c.lag ?? 0)}`;
  return {
    name: c.consumer,
    badge: 'consumer',
    numbers,
    title:
      c.position === null
        ? `${c.consumer} has no position yet: it asks for one (committed offset or auto.offset.reset).`
        : `${c.consumer} reads offset ${formatCount(c.position)} next. Its records-lag (the consumer's own metric) = the high watermark its last fetch returned (${formatCount(c.fetchedHighWatermark)}) − its position = ${formatCount(c.lag ?? 0)}. Reading does not delete: the records it read stay in the log.`,
  };
}

export function committedRowText(c: CommittedRow): RowText {
  return {
    name: c.groupId,
    badge: 'committed',
    // Under the row's "committed" badge: this is the committed lag (the title says so in full).
    numbers: `${formatCount(c.offset)} · lag ${formatCount(c.lag)}`,
    title: `Group ${c.groupId} committed offset ${formatCount(c.offset)} (by ${c.consumer}): after a restart it resumes from here. Lag (committed), as kafka-consumer-groups reports it = high watermark now − committed offset = ${formatCount(c.lag)}.`,
  };
}

/** What the detail box says about how the partition was chosen, one sentence. */
export function choiceSentence(choice: PartitionChoice, partition: number): string {
  switch (choice.kind) {
    case 'explicit':
      return `No key. The producer names partition ${partition} explicitly, so no partitioner ran.`;
    case 'round-robin':
      return `No key. partitioner.class=RoundRobinPartitioner hands records to partitions in turn; it chose ${partition}.`;
    case 'sticky':
      return `No key, so no hash: the built-in sticky partitioner (KIP-480, KIP-794) chose partition ${partition}. It keeps one partition until about batch.size bytes were sent, then switches.`;
    case 'key':
      if (choice.overriddenBy === 'explicit')
        return `The producer names partition ${partition} explicitly, which wins over the key. The key alone would give partition ${choice.result}.`;
      if (choice.overriddenBy === 'round-robin')
        return `partitioner.class=RoundRobinPartitioner ignores keys; it chose ${partition}. The key alone would give partition ${choice.result}.`;
      if (choice.overriddenBy === 'ignore-keys')
        return `partitioner.ignore.keys=true: the sticky partitioner chose ${partition}. The key alone would give partition ${choice.result}.`;
      if (choice.matches)
        return `The key chose partition ${partition}: every record with this key goes here, in order.`;
      return `The key gives partition ${choice.result}, but this record is in ${partition}: something else placed it (an explicit partition, or the topic had fewer partitions when it was written).`;
  }
}

/**
 * Why the log cleaner removed the record at an offset of a compacted log, for the tape's
 * tooltip and the record detail.
 */
export function removedReason(key: string | null, tombstone: boolean): string {
  if (key === null) return 'a compacted topic keeps no record without a key.';
  return tombstone
    ? `it was the tombstone of key “${key}”, kept for delete.retention.ms after the first cleaning that kept it, and its delete horizon had passed.`
    : `a newer record has key “${key}”.`;
}
