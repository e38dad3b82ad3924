/**
 * React's way into the log view selectors. The engine mutates its state in place, so every
 * derived value is keyed on the store's `version` as well as the state (see StoreContext.tsx).
 */
import { useMemo } from 'react';
import type { PartitionRef } from '../../store/simulationStore.ts';
import { useSim } from '../StoreContext.tsx';
import { recordDetail, type RecordLookup } from './recordDetail.ts';
import { LOG_WINDOW_RECORDS, selectLogView, type LogViewModel } from './selectLogView.ts';

/** The selected partition's log view while the panel is open; null otherwise. */
export function useLogView(): LogViewModel | null {
  const state = useSim((s) => s.simulation?.state ?? null);
  const ref = useSim((s) => s.selectedPartition);
  const open = useSim((s) => s.logViewOpen);
  // Only an open panel follows every engine change; a closed one costs nothing per frame.
  const version = useSim((s) => (s.logViewOpen ? s.version : -1));
  const from = useSim((s) => s.logWindowFrom);
  return useMemo(
    () =>
      state && ref && open && version >= 0
        ? selectLogView(state, ref, LOG_WINDOW_RECORDS, from)
        : null,
    [state, ref, open, version, from],
  );
}

/** The record at `offset` of `ref` (read again whenever the engine moved), or null. */
export function useRecordDetail(
  ref: PartitionRef | null,
  offset: number | null,
): RecordLookup | null {
  const state = useSim((s) => s.simulation?.state ?? null);
  const version = useSim((s) => (offset === null ? -1 : s.version));
  return useMemo(
    () =>
      state && ref && offset !== null && version >= 0 ? recordDetail(state, ref, offset) : null,
    [state, ref, offset, version],
  );
}
