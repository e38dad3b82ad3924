/**
 * What the log panel's bar needs while the log is closed: every partition for the picker and
 * its name. The open log (LogOpen.tsx and what it draws) loads when first opened.
 */
import { useMemo } from 'react';
import type { SimState } from '../../engine/model.ts';
import type { PartitionRef } from '../../store/simulationStore.ts';
import { useSim } from '../StoreContext.tsx';

export function partitionKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/** Every partition of every topic, for the picker. */
export function listPartitions(state: SimState): PartitionRef[] {
  return state.topics.flatMap((t) =>
    t.partitions.map((p) => ({ topic: p.topic, partition: p.partition })),
  );
}

/**
 * Every topic-partition, for the picker. Selected as a string ("orders:3,payments:2") so that
 * the picker re-renders only when topics or partition counts change, not every frame.
 */
export function usePartitionList(): PartitionRef[] {
  const signature = useSim((s) =>
    (s.simulation?.state.topics ?? []).map((t) => `${t.name}:${t.partitions.length}`).join(','),
  );
  const state = useSim((s) => s.simulation?.state ?? null);
  // The signature decides when the list changes; the state is read for it then.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  return useMemo(() => (state ? listPartitions(state) : []), [state, signature]);
}
