/** What a drawn partition chip shows, animated (chipMotion.tsx) or plain (PartitionChip.tsx). */
export interface ChipLook {
  layoutId: string;
  /** What the chip's place depends on: its owner, or the paused lane. */
  dependency: string;
  className: string;
  colour: string | null;
  label: string;
}
