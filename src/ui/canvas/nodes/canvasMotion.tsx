/**
 * The canvas's animated parts, with framer-motion, in a chunk of their own (loaded by
 * `useCanvasMotion`, motionLoader.ts): the page draws its first frames with plain stand-ins,
 * and framer-motion never weighs on the initial JavaScript. They move only when the engine
 * state moved them; under prefers-reduced-motion they jump.
 *
 * Chips and leader marks are shared layout animations: each partition's chip has one
 * `layoutId` per group, and its leader mark one `layoutId`, so when the element leaves one
 * place and appears in another (another member, another broker's tile), framer-motion carries
 * it across. Elements with the same `layoutId` find each other through the page's one
 * projection tree, wherever they sit in React's tree (in different React Flow nodes here).
 */
import { useStoreApi } from '@xyflow/react';
import { MotionConfig, motion, type MotionStyle } from 'framer-motion';
import { memo, useCallback, useRef, useState, type ReactNode } from 'react';
import type { ChipLook, LeaderMarkLook } from './motionLooks.ts';

/** Layout animations are measured only when a place changes, not on every frame. */
const SPRING = { type: 'spring', stiffness: 260, damping: 30 } as const;

/**
 * Layout animations measure elements on the page, but the nodes sit inside React Flow's zoomed
 * viewport: page distances are divided by the zoom to get the nodes' own.
 */
function InFlow({ children }: { children: ReactNode }) {
  const flow = useStoreApi();
  const toFlow = useCallback(
    (p: { x: number; y: number }) => {
      const zoom = flow.getState().transform[2] || 1;
      return { x: p.x / zoom, y: p.y / zoom };
    },
    [flow],
  );
  return (
    <MotionConfig reducedMotion="user" transformPagePoint={toFlow}>
      {children}
    </MotionConfig>
  );
}

export const AnimatedChip = memo(function AnimatedChip({
  layoutId,
  dependency,
  className,
  colour,
  label,
}: ChipLook) {
  return (
    <InFlow>
      <motion.span
        layoutId={layoutId}
        layoutDependency={dependency}
        transition={SPRING}
        className={className}
        {...(colour === null ? {} : { style: { '--chip': colour } as MotionStyle })}
      >
        {label}
      </motion.span>
    </InFlow>
  );
});

/**
 * The leader's mark: when leadership moves, it travels from the old leader's tile to the new.
 * While it travels, its tile and its broker's node are lifted above the other tiles and nodes
 * (a class set and cleared around the flight), so the mark is seen crossing the canvas rather
 * than passing under the cards in its way.
 */
export const AnimatedLeaderMark = memo(function AnimatedLeaderMark({
  layoutId,
  dependency,
}: LeaderMarkLook) {
  const mark = useRef<HTMLSpanElement>(null);
  const lift = useCallback((on: boolean) => {
    const el = mark.current;
    el?.parentElement?.classList.toggle('is-mark-moving', on);
    el?.closest('.react-flow__node')?.classList.toggle('is-mark-moving', on);
  }, []);
  return (
    <InFlow>
      <motion.span
        ref={mark}
        layoutId={layoutId}
        layoutDependency={dependency}
        transition={SPRING}
        className="leader-mark"
        aria-hidden="true"
        onLayoutAnimationStart={() => lift(true)}
        onLayoutAnimationComplete={() => lift(false)}
      />
    </InFlow>
  );
});

/**
 * A broker that dies flashes red, one that returns flashes green: a fading wash over its card
 * each time its `alive` changes (not when it is first drawn).
 */
export const BrokerFlash = memo(function BrokerFlash({
  alive,
  drawnAlive,
}: {
  alive: boolean;
  /** `alive` when the card was first drawn, before this part had loaded. */
  drawnAlive: boolean;
}) {
  // The previous value kept in state and compared while rendering (React's pattern for
  // adjusting state to a changed prop): each change starts a new flash.
  const [seen, setSeen] = useState(drawnAlive);
  const [flashes, setFlashes] = useState(0);
  const [finished, setFinished] = useState(0);
  if (seen !== alive) {
    setSeen(alive);
    setFlashes(flashes + 1);
  }
  if (flashes === finished) return null;
  return (
    <motion.span
      key={flashes}
      className={`broker-flash ${alive ? 'is-back' : 'is-gone'}`}
      data-testid="broker-flash"
      aria-hidden="true"
      initial={{ opacity: 0.55 }}
      animate={{ opacity: 0 }}
      transition={{ duration: 1.2, ease: 'easeOut' }}
      onAnimationComplete={() => setFinished(flashes)}
    />
  );
});
