/**
 * Invariants about how the state changes over time, which `checkInvariants` (one state at a
 * time) cannot see. A tracker remembers what it has observed; call `observe` after every step
 * (a command, an advance of the clock) to check the new state against that memory. It keeps
 * its memory outside the simulation state, so the state stays plain, and it costs time linear
 * in the state's size per observation, plus memory for every batch it has seen.
 *
 * The rules, per partition:
 * - The controller's leader epoch and partition epoch never go down, and one leader epoch has
 *   one leader (PartitionChangeBuilder bumps the leader epoch with every leader change).
 * - At most one broker ever acts as leader (Partition.makeLeader) in one leader epoch, and
 *   it is the broker the controller elected for that epoch.
 * - One (leader epoch, base offset) is always the same batch, on every replica and at every
 *   moment: only the epoch's leader assigns offsets in it, once. A second batch there means a
 *   second leader in that epoch, or a leader that reused offsets it had already handed out.
 * - A leader's high watermark never goes down while it leads in one epoch (Partition's
 *   maybeIncrementLeaderHW only moves it forward). A new leader may start lower: it knows
 *   only the high watermark it had as a follower.
 *
 * Observations only see the states they are given: a leader epoch that came and went inside
 * one step is not seen.
 */
import { findBroker } from './context.ts';
import { brokerView } from './metadata.ts';
import type { BrokerId, PartitionState, SimState } from './model.ts';

export interface LeaderEpochTracker {
  /** Checks the state against everything observed before; returns the new violations. */
  observe(state: SimState): string[];
}

interface PartitionMemory {
  leaderEpoch: number;
  partitionEpoch: number;
  /** Leader per leader epoch, as the controller committed it (null: offline). */
  leaderByEpoch: Map<number, BrokerId | null>;
  /** The broker that acted as leader in each epoch. */
  actingByEpoch: Map<number, BrokerId>;
  /** "epoch@baseOffset" → "batchId+recordCount". */
  batches: Map<string, string>;
  /** "broker/epoch" → the highest high watermark it had as leader in that epoch. */
  leaderHighWatermarks: Map<string, number>;
}

function newMemory(p: PartitionState): PartitionMemory {
  return {
    leaderEpoch: p.leaderEpoch,
    partitionEpoch: p.partitionEpoch,
    leaderByEpoch: new Map(),
    actingByEpoch: new Map(),
    batches: new Map(),
    leaderHighWatermarks: new Map(),
  };
}

function leaderName(b: BrokerId | null): string {
  return b === null ? 'none' : `broker ${b}`;
}

export function createLeaderEpochTracker(): LeaderEpochTracker {
  const memory = new Map<string, PartitionMemory>();

  function observePartition(state: SimState, p: PartitionState, problems: string[]): void {
    const where = `${p.topic}-${p.partition}`;
    let m = memory.get(where);
    if (!m) {
      m = newMemory(p);
      memory.set(where, m);
    }
    if (p.leaderEpoch < m.leaderEpoch)
      problems.push(`${where}: leader epoch went down from ${m.leaderEpoch} to ${p.leaderEpoch}`);
    if (p.partitionEpoch < m.partitionEpoch)
      problems.push(
        `${where}: partition epoch went down from ${m.partitionEpoch} to ${p.partitionEpoch}`,
      );
    m.leaderEpoch = Math.max(m.leaderEpoch, p.leaderEpoch);
    m.partitionEpoch = Math.max(m.partitionEpoch, p.partitionEpoch);

    // The controller: one leader per epoch, in every record still in the history and now.
    const committed = [...p.history, { leader: p.leader, leaderEpoch: p.leaderEpoch }];
    for (const rec of committed) {
      const known = m.leaderByEpoch.get(rec.leaderEpoch);
      if (known === undefined) m.leaderByEpoch.set(rec.leaderEpoch, rec.leader);
      else if (known !== rec.leader)
        problems.push(
          `${where}: leader epoch ${rec.leaderEpoch} had leader ${leaderName(known)}, now ${leaderName(rec.leader)}`,
        );
    }

    for (const r of p.replicaLogs) {
      // The brokers: one acting leader per epoch, the one the controller elected.
      const ls = r.leaderState;
      if (ls) {
        const epoch = ls.leaderEpoch;
        const acting = m.actingByEpoch.get(epoch);
        if (acting === undefined) m.actingByEpoch.set(epoch, r.brokerId);
        else if (acting !== r.brokerId)
          problems.push(
            `${where}: broker ${r.brokerId} acts as leader in epoch ${epoch}, which broker ${acting} led`,
          );
        const elected = m.leaderByEpoch.get(epoch);
        if (elected !== undefined && elected !== r.brokerId)
          problems.push(
            `${where}: broker ${r.brokerId} acts as leader in epoch ${epoch}, but the controller elected ${leaderName(elected)}`,
          );
        // Its high watermark, while it leads in this epoch, only moves forward.
        const b = findBroker(state, r.brokerId);
        if (b && brokerView(b, p)?.leaderEpoch === epoch) {
          const key = `${r.brokerId}/${epoch}`;
          const before = m.leaderHighWatermarks.get(key);
          if (before !== undefined && r.highWatermark < before)
            problems.push(
              `${where}: leader ${r.brokerId}'s high watermark went down from ${before} to ${r.highWatermark} in epoch ${epoch}`,
            );
          m.leaderHighWatermarks.set(key, Math.max(before ?? 0, r.highWatermark));
        }
      }
      // The data: one batch per (epoch, base offset), ever.
      for (const seg of r.log.segments) {
        for (const batch of seg.batches) {
          const key = `${batch.partitionLeaderEpoch}@${batch.baseOffset}`;
          const id = `${batch.id}+${batch.recordCount}`;
          const known = m.batches.get(key);
          if (known === undefined) m.batches.set(key, id);
          else if (known !== id)
            problems.push(
              `${where}: offset ${batch.baseOffset} in leader epoch ${batch.partitionLeaderEpoch} held batch ${known}, broker ${r.brokerId} now holds batch ${id}`,
            );
        }
      }
    }
  }

  return {
    observe(state: SimState): string[] {
      const problems: string[] = [];
      for (const t of state.topics)
        for (const p of t.partitions) observePartition(state, p, problems);
      return [...new Set(problems)];
    },
  };
}
