/**
 * What the animated parts of the canvas (canvasMotion.tsx, loaded later) are given; each also
 * has a plain stand-in that draws the same until framer-motion has loaded.
 */

/** A partition chip in a consumer group (PartitionChip.tsx). */
export interface ChipLook {
  layoutId: string;
  /** What the chip's place depends on: its owner, or the paused lane. */
  dependency: string;
  className: string;
  colour: string | null;
  label: string;
}

/** The leader's mark on a replica tile: one per partition, on its leader's tile (MotionParts.tsx). */
export interface LeaderMarkLook {
  layoutId: string;
  /**
   * The broker whose tile holds it. A mounted mark never changes tiles (a new leader's tile
   * draws a new mark): this only tells framer-motion that re-renders of the tile are not
   * moves worth measuring.
   */
  dependency: string;
}
