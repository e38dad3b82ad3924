/**
 * A partition as a chip inside a consumer group: coloured by partition (the colour its
 * records have on the wire) while a member consumes it, grey and hatched while nobody does.
 *
 * The chip of one partition has one `layoutId` per group, so when the partition moves from a
 * member to the paused lane and on to another member, framer-motion carries the same chip
 * across (canvasMotion.tsx, loaded after the first frames: motionLoader.ts). It moves only
 * when the engine state moved it: nothing here owns a timer.
 */
import { memo, type CSSProperties } from 'react';
import { formatCount } from '../../format.ts';
import { partitionColour } from '../messageStyle.ts';
import { useCanvasMotion } from './motionLoader.ts';
import type { ChipLook } from './motionLooks.ts';
import { useRunLayoutId } from './MotionParts.tsx';

/** The same chip id in every place a partition can be within its group. */
export function chipLayoutId(groupId: string, key: string): string {
  return `chip:${groupId}:${key}`;
}

/**
 * The drawn chip, which framer-motion animates once it has loaded. Its props change only when
 * the chip moves or changes its look: the numbers in the tooltip change on almost every frame
 * while playing, and they live on the list item around it (`display: contents`, so the item
 * draws nothing of its own), so they neither re-render the animated element nor make
 * framer-motion look at it.
 */
const MovingChip = memo(function MovingChip({ flies, ...look }: ChipLook & { flies: boolean }) {
  const motion = useCanvasMotion();
  const layoutId = useRunLayoutId(look.layoutId);
  if (motion !== null && flies) return <motion.AnimatedChip {...look} layoutId={layoutId} />;
  const { className, colour, label } = look;
  return (
    <span
      className={className}
      {...(colour === null ? {} : { style: { '--chip': colour } as CSSProperties })}
    >
      {label}
    </span>
  );
});

export const OwnedChip = memo(function OwnedChip({
  groupId,
  owner,
  chipKey,
  label,
  partition,
  position,
  lag,
  revoking,
  staleOwner,
  flies,
}: {
  groupId: string;
  owner: string;
  chipKey: string;
  label: string;
  partition: number;
  position: number | null;
  lag: number | null;
  revoking: boolean;
  /** Another member the group gave it to, while this one still holds it; or null. */
  staleOwner: string | null;
  /** Whether it flies to its new place when it moves (FLYING_PARTITIONS), or jumps there. */
  flies: boolean;
}) {
  if (staleOwner !== null)
    return (
      <li
        className="chip chip-stale"
        data-testid={`chip-${owner}-${chipKey}`}
        data-partition={chipKey}
        data-stale-owner={staleOwner}
        title={`${owner} still holds ${chipKey} and processes the records it fetched, but it is no longer in the group: ${staleOwner} owns ${chipKey} now. ${owner} finds out at its next poll() (partitions lost), and records both process are delivered twice.`}
      >
        {label}
      </li>
    );
  const title =
    `${chipKey}: consumed by ${owner}` +
    (position === null ? ', looking up its position' : `, position ${formatCount(position)}`) +
    (lag === null ? '' : `, records-lag ${formatCount(lag)} (from its position)`) +
    (revoking ? '; being revoked (the member stopped fetching it before it rejoins)' : '');
  return (
    <li
      className="chip-slot"
      data-testid={`chip-${owner}-${chipKey}`}
      data-partition={chipKey}
      title={title}
    >
      <MovingChip
        layoutId={chipLayoutId(groupId, chipKey)}
        dependency={owner}
        className={`chip chip-owned${revoking ? ' chip-revoking' : ''}`}
        colour={partitionColour(partition)}
        label={label}
        flies={flies}
      />
    </li>
  );
});

export const PausedChip = memo(function PausedChip({
  groupId,
  chipKey,
  label,
  forMs,
  flies,
}: {
  groupId: string;
  chipKey: string;
  label: string;
  /** How long nobody has consumed it, or null when no member has consumed it yet. */
  forMs: number | null;
  /** As OwnedChip's. */
  flies: boolean;
}) {
  const title =
    forMs === null
      ? `${chipKey}: not assigned to a member yet`
      : `${chipKey}: no member has consumed it for ${(forMs / 1000).toFixed(1)} s`;
  return (
    <li
      className="chip-slot"
      data-testid={`paused-${groupId}-${chipKey}`}
      data-partition={chipKey}
      title={title}
    >
      <MovingChip
        layoutId={chipLayoutId(groupId, chipKey)}
        dependency="paused"
        className="chip chip-paused"
        colour={null}
        label={label}
        flies={flies}
      />
    </li>
  );
});
