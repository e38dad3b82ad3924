/**
 * The notice, at the top of the canvas, that acknowledged records were lost: records a
 * producer was told were written that the partition's leader no longer holds. It stays for
 * the rest of the run, since the producers are never told and nothing else on the canvas
 * would keep saying it once the event has scrolled away. Clicking it opens the partition that
 * lost the most.
 */
import { formatCount } from './format.ts';
import { useSim, useSimulationStore } from './StoreContext.tsx';

/** The partition that lost the most acknowledged records ("topic\u0000partition" keys). */
function worstPartition(byPartition: Record<string, number>): { topic: string; partition: number } {
  let worst = '';
  let most = -1;
  for (const [key, count] of Object.entries(byPartition))
    if (count > most) [worst, most] = [key, count];
  const cut = worst.lastIndexOf('\u0000');
  return { topic: worst.slice(0, cut), partition: Number(worst.slice(cut + 1)) };
}

export function DataLossStatus() {
  const store = useSimulationStore();
  // Read on every store change (the engine state is mutated in place, the clock moves).
  const lost = useSim((s) => (s.nowMs >= 0 ? (s.simulation?.state.durability.lostCount ?? 0) : 0));
  if (lost === 0) return null;
  const open = () => {
    const d = store.getState().simulation?.state.durability;
    if (d) store.getState().select({ kind: 'partition', ...worstPartition(d.lostByPartition) });
  };
  return (
    <button
      type="button"
      className="data-loss"
      data-testid="data-loss"
      onClick={open}
      title="Producers got a success (acked) for these records, but the partition's current leader does not hold them, so no consumer will ever read them: acks=1 and a leader that died before its followers copied them, or an unclean election. The producers are never told. Click to open the partition that lost the most; the event log says which records and why."
    >
      {formatCount(lost)} acknowledged {lost === 1 ? 'record' : 'records'} lost
    </button>
  );
}
