/**
 * Plain stand-ins for the canvas's animated parts (canvasMotion.tsx), which they become once
 * framer-motion has loaded, and what both share: layout ids scoped to the run, so nothing
 * drawn in one run animates into the next.
 */
import { memo, useState } from 'react';
import { useNodeRun } from '../nodeData.ts';
import { useCanvasMotion } from './motionLoader.ts';
import type { LeaderMarkLook } from './motionLooks.ts';

/** The same mark id on whichever broker leads the partition. */
export function leaderLayoutId(partitionKey: string): string {
  return `leader:${partitionKey}`;
}

/**
 * A layout id within the current run. Nodes, chips and marks keep their ids across a reset,
 * another scenario or an import; without the run in the id framer-motion would carry a chip
 * or a leader mark from where the last run left it to where the new one starts.
 */
export function useRunLayoutId(layoutId: string): string {
  const run = useNodeRun();
  return `${run}:${layoutId}`;
}

/**
 * The leader's mark on a replica tile: the tile's leader colours (border, stripe, wash) drawn
 * as an element of its own, one per partition, so that when leadership moves framer-motion
 * carries it from the old leader's tile to the new one (canvasMotion.tsx). Until framer-motion
 * has loaded it is a plain element that looks the same.
 */
export const LeaderMark = memo(function LeaderMark(look: LeaderMarkLook) {
  const motion = useCanvasMotion();
  const layoutId = useRunLayoutId(look.layoutId);
  if (motion !== null) return <motion.AnimatedLeaderMark {...look} layoutId={layoutId} />;
  return <span className="leader-mark" aria-hidden="true" />;
});

/**
 * A broker's card flashes when it dies or returns, once framer-motion has loaded; a new run
 * (reset, another scenario, an import) starts over without a flash, whatever the last run
 * left the broker as.
 */
export const BrokerFlash = memo(function BrokerFlash({ alive }: { alive: boolean }) {
  const run = useNodeRun();
  return <RunBrokerFlash key={run} alive={alive} />;
});

/**
 * The flash within one run. The state the card was first drawn in is kept here, so a crash
 * clicked while framer-motion was still loading flashes too (the animated flash compares
 * with it).
 */
function RunBrokerFlash({ alive }: { alive: boolean }) {
  const motion = useCanvasMotion();
  const [firstAlive] = useState(alive);
  return motion === null ? null : (
    <motion.AnimatedBrokerFlash alive={alive} drawnAlive={firstAlive} />
  );
}
