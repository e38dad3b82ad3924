/**
 * The animated partition chip, with framer-motion, in a chunk of its own (loaded by
 * `useAnimatedChip`, chipMotionLoader.ts): the page draws its first frames with plain chips,
 * and framer-motion never weighs on the initial JavaScript.
 *
 * The chip of one partition has one `layoutId` per group, so when the partition moves from a
 * member to the paused lane and on to another member, framer-motion carries the same chip
 * across (a shared layout animation: chips with the same `layoutId` find each other through
 * the page's one projection tree, wherever they sit in React's tree).
 */
import { useStoreApi } from '@xyflow/react';
import { MotionConfig, motion, type MotionStyle } from 'framer-motion';
import { memo, useCallback } from 'react';
import type { ChipLook } from './chipLook.ts';

/** Layout animations are measured only when the chip's place changes, not on every frame. */
const TRANSITION = { type: 'spring', stiffness: 260, damping: 30 } as const;

export const AnimatedChip = memo(function AnimatedChip({
  layoutId,
  dependency,
  className,
  colour,
  label,
}: ChipLook) {
  // Layout animations measure the chip on the page, but the nodes sit inside React Flow's
  // zoomed viewport: page distances are divided by the zoom to get the nodes' own.
  const flow = useStoreApi();
  const toFlow = useCallback(
    (p: { x: number; y: number }) => {
      const zoom = flow.getState().transform[2] || 1;
      return { x: p.x / zoom, y: p.y / zoom };
    },
    [flow],
  );
  return (
    // Under prefers-reduced-motion the chip jumps to its new place.
    <MotionConfig reducedMotion="user" transformPagePoint={toFlow}>
      <motion.span
        layoutId={layoutId}
        layoutDependency={dependency}
        transition={TRANSITION}
        className={className}
        {...(colour === null ? {} : { style: { '--chip': colour } as MotionStyle })}
      >
        {label}
      </motion.span>
    </MotionConfig>
  );
});
