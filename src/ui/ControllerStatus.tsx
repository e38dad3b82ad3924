/**
 * The notice, at the top of the canvas, that the KRaft quorum has no active controller:
 * nothing can be fenced or elected then, and the canvas should show why nothing moves.
 */
import { useSim } from './StoreContext.tsx';

export function ControllerStatus() {
  // Read on every store change (the engine state is mutated in place, the clock moves).
  const outage = useSim((s) =>
    s.nowMs >= 0 ? (s.simulation?.state.controller.outage ?? null) : null,
  );
  if (outage === null) return null;
  return (
    <span className="controller-outage" data-testid="controller-outage" title={outage}>
      No active controller: {outage}
    </span>
  );
}
