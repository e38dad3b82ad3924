/**
 * The canvas's animated parts, with framer-motion, in a chunk of their own (loaded by
 * `useCanvasMotion`, motionLoader.ts): the page draws its first frames with plain stand-ins,
 * and framer-motion never weighs on the initial JavaScript. They move only when the engine
 * state moved them; under prefers-reduced-motion chips and marks jump to their new places and
 * brokers do not flash.
 *
 * Their springs and fades run in wall time, not simulated time: they show that a place
 * changed, and last a moment whatever the speed (paused, a crash still shows its flash).
 *
 * Chips and leader marks are shared layout animations: each partition's chip has one
 * `layoutId` per group, and its leader mark one `layoutId`, so when the element leaves one
 * place and appears in another (another member, another broker's tile), framer-motion carries
 * it across. Elements with the same `layoutId` find each other through the page's one
 * projection tree, wherever they sit in React's tree (in different React Flow nodes here).
 */
import { useStoreApi } from '@xyflow/react';
import { MotionConfig, motion, useReducedMotion, type MotionStyle } from 'framer-motion';
import { memo, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ChipLook, LeaderMarkLook } from './motionLooks.ts';

/**
 * Layout animations are measured only when a place changes, not on every frame. Each animated
 * element is keyed by its layout id: one whose id changes (a new run) is a new element, which
 * framer-motion does not carry from the old one's place.
 */
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
        key={layoutId}
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
 * Lifts an element above its siblings while marks fly out of it: a count in a data attribute
 * (`data-marks-moving`, styled in canvas.css), since two marks can fly into one broker's card
 * at once and React does not own the attribute (it rewrites a tile's class when its role
 * changes).
 */
function liftBy(el: HTMLElement | null, by: 1 | -1): void {
  if (el === null) return;
  const count = Number(el.dataset.marksMoving ?? 0) + by;
  if (count > 0) el.dataset.marksMoving = String(count);
  else delete el.dataset.marksMoving;
}

/**
 * The leader's mark: when leadership moves, it travels from the old leader's tile to the new.
 * While it travels, its tile and its broker's node are lifted above the other tiles and nodes,
 * so the mark is seen crossing the canvas rather than passing under the cards in its way. A
 * flight can end without completing (leadership moves again, a reset): the lift is then
 * dropped when the mark unmounts.
 */
export const AnimatedLeaderMark = memo(function AnimatedLeaderMark({
  layoutId,
  dependency,
}: LeaderMarkLook) {
  const mark = useRef<HTMLSpanElement>(null);
  /** The tile and node this mark's flight lifted, while it flies. */
  const lifted = useRef<(HTMLElement | null)[] | null>(null);
  const lift = useCallback((on: boolean) => {
    if (on === (lifted.current !== null)) return; // a flight restarted in place: lifted already
    if (on) {
      const el = mark.current;
      lifted.current = [
        el?.parentElement ?? null,
        el?.closest<HTMLElement>('.react-flow__node') ?? null,
      ];
      for (const target of lifted.current) liftBy(target, 1);
    } else {
      for (const target of lifted.current ?? []) liftBy(target, -1);
      lifted.current = null;
    }
  }, []);
  // A flight cut short (the mark unmounts, or becomes a new element in a new run) never
  // completes: drop its lift then.
  useEffect(() => () => lift(false), [lift, layoutId]);
  return (
    <InFlow>
      <motion.span
        key={layoutId}
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
 * each time its `alive` changes (not when it is first drawn). Under prefers-reduced-motion
 * there is no flash: the card's grey and its "down" status say it.
 */
export const AnimatedBrokerFlash = memo(function AnimatedBrokerFlash({
  alive,
  drawnAlive,
}: {
  alive: boolean;
  /** `alive` when the card was first drawn in this run, before this part had loaded. */
  drawnAlive: boolean;
}) {
  // The previous value kept in state and compared while rendering (React's pattern for
  // adjusting state to a changed prop): each change starts a new flash.
  const [seen, setSeen] = useState(drawnAlive);
  const [flashes, setFlashes] = useState(0);
  const [finished, setFinished] = useState(0);
  const reduced = useReducedMotion() === true;
  if (seen !== alive) {
    setSeen(alive);
    if (!reduced) setFlashes(flashes + 1);
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
