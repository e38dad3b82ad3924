/**
 * The notice, at the top of the canvas, that acknowledged records were lost: records a
 * producer was told were written that the partition's leader no longer holds. It stays for
 * the rest of the run, since the producers are never told and nothing else on the canvas
 * would keep saying it once the event has scrolled away. Clicking it opens the partition that
 * lost the most.
 */
import { formatCount } from './format.ts';
import { useSim, useSimulationStore } from './StoreContext.tsx';

/** The partition that lost the most acknowledged records, or null before any loss. */
function worstPartition(
  byPartition: Record<string, number>,
): { topic: string; partition: number } | null {
  let worst: string | null = null;
  let most = -1;
  for (const [key, count] of Object.entries(byPartition))
    if (count > most) [worst, most] = [key, count];
  if (worst === null) return null;
  // Keys are partitionKey(topic, partition): a topic name never holds the separator.
  const cut = worst.lastIndexOf('\u0000');
  return { topic: worst.slice(0, cut), partition: Number(worst.slice(cut + 1)) };
}

export function DataLossStatus() {
  const store = useSimulationStore();
  // Read on every store change: the engine state is mutated in place, so the selector returns
  // the count itself (a number compares by value).
  const lost = useSim((s) => s.simulation?.state.durability.lostCount ?? 0);
  const open = () => {
    const d = store.getState().simulation?.state.durability;
    const worst = d ? worstPartition(d.lostByPartition ?? {}) : null;
    if (!d || !worst) return;
    store.getState().select({ kind: 'partition', ...worst });
    // The log view opens at the lost records (the newest loss, which it always marks), not at
    // the newest records.
    let at: { offset: number; atMs: number } | null = null;
    for (const l of d.lost) {
      if (l.topic !== worst.topic || l.partition !== worst.partition) continue;
      if (!at || l.lostAtMs > at.atMs || (l.lostAtMs === at.atMs && l.offset < at.offset))
        at = { offset: l.offset, atMs: l.lostAtMs };
    }
    if (at) store.getState().focusLogOffset(at.offset);
  };
  return (
    // A live region, there from the start (empty), so a screen reader hears of the loss when
    // it happens. Empty, it takes no room in the canvas notices (Canvas.tsx).
    <div role="status">
      {lost > 0 && (
        <button
          type="button"
          className="data-loss"
          data-testid="data-loss"
          onClick={open}
          title="Producers got a success (acked) for these records, but the partition's current leader does not hold them, so no consumer will ever read them: acks=1 and a leader that died before its followers copied them, or an unclean election. The producers are never told. Click to open the partition that lost the most; the event log says which records and why."
        >
          {formatCount(lost)} acknowledged {lost === 1 ? 'record' : 'records'} lost
        </button>
      )}
    </div>
  );
}
