/**
 * Plain stand-ins for the broker card's animated parts (canvasMotion.tsx), which they become
 * once framer-motion has loaded.
 *
 * The leader's mark on a replica tile: the tile's leader colours (border, stripe, wash) drawn
 * as an element of its own, one per partition, so that when leadership moves framer-motion
 * carries it from the old leader's tile to the new one (canvasMotion.tsx). Until framer-motion
 * has loaded it is a plain element that looks the same.
 */
import { memo, useState } from 'react';
import { useCanvasMotion } from './motionLoader.ts';
import type { LeaderMarkLook } from './motionLooks.ts';

/** The same mark id on whichever broker leads the partition. */
export function leaderLayoutId(partitionKey: string): string {
  return `leader:${partitionKey}`;
}

export const LeaderMark = memo(function LeaderMark(look: LeaderMarkLook) {
  const motion = useCanvasMotion();
  if (motion !== null) return <motion.AnimatedLeaderMark {...look} />;
  return <span className="leader-mark" aria-hidden="true" />;
});

/**
 * A broker's card flashes when it dies or returns, once framer-motion has loaded. The state it
 * was first drawn in is kept here, so a crash clicked while framer-motion was still loading
 * flashes too (the animated flash compares with it).
 */
export const BrokerFlash = memo(function BrokerFlash({ alive }: { alive: boolean }) {
  const motion = useCanvasMotion();
  const [firstAlive] = useState(alive);
  return motion === null ? null : <motion.BrokerFlash alive={alive} drawnAlive={firstAlive} />;
});
