/**
 * The metadata log as brokers see it. The controller commits partition records (leader,
 * leader epoch, ISR) at increasing offsets; each broker applies the log up to its own
 * `metadataOffset`, reached by messages from the controller, so a broker's picture of a
 * partition may lag the controller's by a network round, or by much more when the broker is
 * cut off (KRaft brokers replay the `__cluster_metadata` log into their MetadataCache).
 *
 * Each partition keeps its recent records in `history`; a broker at offset o sees the latest
 * record at or below o. Records no running broker still needs are trimmed.
 */
import type { BrokerId, BrokerState, PartitionRecord, PartitionState, SimState } from './model.ts';

/** The partition as metadata offset `offset` describes it, or undefined before it existed. */
export function viewAt(p: PartitionState, offset: number): PartitionRecord | undefined {
  const h = p.history;
  for (let i = h.length - 1; i >= 0; i--) if (h[i]!.offset <= offset) return h[i];
  return undefined;
}

/** What a broker believes about a partition; undefined while it has no metadata. */
export function brokerView(b: BrokerState, p: PartitionState): PartitionRecord | undefined {
  if (!b.alive || b.metadataOffset < 0) return undefined;
  return viewAt(p, b.metadataOffset);
}

/** Whether this broker believes it leads the partition. */
export function believesLeader(b: BrokerState, p: PartitionState): boolean {
  return brokerView(b, p)?.leader === b.id;
}

/** Appends a record to the partition's history (the controller's commit). */
/** The replicas a metadata record names; undefined in snapshots taken before reassignments. */
export function recordReplicas(view: PartitionRecord): BrokerId[] | undefined {
  return view.replicas as BrokerId[] | undefined;
}

export function recordPartition(p: PartitionState, offset: number, atMs: number): void {
  p.history.push({
    offset,
    committedAtMs: atMs,
    leader: p.leader,
    leaderEpoch: p.leaderEpoch,
    isr: [...p.isr],
    replicas: [...p.replicas],
    partitionEpoch: p.partitionEpoch,
  });
}

/** Drops history records that no running broker can still see. */
export function trimHistories(state: SimState): void {
  let oldest = state.controller.metadataOffset;
  for (const b of state.brokers)
    if (b.alive && b.metadataOffset >= 0) oldest = Math.min(oldest, b.metadataOffset);
  for (const t of state.topics) {
    for (const p of t.partitions) {
      const h = p.history;
      let drop = 0;
      while (drop + 1 < h.length && h[drop + 1]!.offset <= oldest) drop++;
      if (drop > 0) h.splice(0, drop);
    }
  }
}
