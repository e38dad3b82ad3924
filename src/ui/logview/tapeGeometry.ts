/**
 * Where offsets sit on the tape, in pixels from its left end. The tape is, left to right: a
 * block for the records retention deleted, with tiered storage a block for the records only in
 * remote storage, a block summarising older records still in the log, then one cell per record
 * of the window and one more for the next offset to be written.
 *
 * A pointer (log end offset, high watermark, position, committed offset) names the next
 * record, so it is drawn at the left edge of that record's cell: everything left of it is
 * written, replicated, read or committed. Pointers into the two blocks are placed in
 * proportion inside them, so the order of pointers is always kept. The sizes match
 * logview.css.
 */
import type { LogViewModel } from './selectLogView.ts';

export const CELL_WIDTH_PX = 72;
export const DELETED_WIDTH_PX = 168;
export const EARLIER_WIDTH_PX = 188;
export const REMOTE_WIDTH_PX = 200;
/** Room after the last slot for the tags of pointers at the end ("LEO = HW 1,234"). */
export const TAIL_WIDTH_PX = 104;

export interface TapeGeometry {
  deletedWidthPx: number;
  remoteWidthPx: number;
  earlierWidthPx: number;
  /** Left edge of the first record cell. */
  cellsLeftPx: number;
  /** Cells drawn: the window's records, any slots up to `endOffset`, and the next offset. */
  slots: number;
  /** The whole track, with the tail. */
  widthPx: number;
}

export function tapeGeometry(m: LogViewModel): TapeGeometry {
  const deletedWidthPx = m.deletedRecords > 0 ? DELETED_WIDTH_PX : 0;
  const remoteWidthPx = m.remoteFromOffset === null ? 0 : REMOTE_WIDTH_PX;
  const earlierWidthPx = m.earlier ? EARLIER_WIDTH_PX : 0;
  const cellsLeftPx = deletedWidthPx + remoteWidthPx + earlierWidthPx;
  const slots = m.endOffset - m.windowStart + 1;
  return {
    deletedWidthPx,
    remoteWidthPx,
    earlierWidthPx,
    cellsLeftPx,
    slots,
    widthPx: cellsLeftPx + slots * CELL_WIDTH_PX + TAIL_WIDTH_PX,
  };
}

/** The x position of the boundary just left of `offset`'s cell. */
export function offsetX(m: LogViewModel, g: TapeGeometry, offset: number): number {
  if (offset >= m.windowStart) {
    return g.cellsLeftPx + (Math.min(offset, m.endOffset + 1) - m.windowStart) * CELL_WIDTH_PX;
  }
  if (offset >= m.logStartOffset) {
    // Inside the "earlier" block (which exists, since windowStart > offset >= logStartOffset).
    const span = m.windowStart - m.logStartOffset;
    const left = g.deletedWidthPx + g.remoteWidthPx;
    return left + ((offset - m.logStartOffset) / span) * g.earlierWidthPx;
  }
  if (m.remoteFromOffset !== null && offset >= m.remoteFromOffset) {
    const span = m.logStartOffset - m.remoteFromOffset;
    return g.deletedWidthPx + ((offset - m.remoteFromOffset) / span) * g.remoteWidthPx;
  }
  if (g.deletedWidthPx === 0) return 0;
  return (Math.max(0, offset) / m.deletedRecords) * g.deletedWidthPx;
}

/** The offset whose cell is at `x` (the inverse of offsetX over the cells; for scrolling). */
export function offsetAtX(m: LogViewModel, g: TapeGeometry, x: number): number {
  if (x < g.cellsLeftPx) return m.windowStart;
  return m.windowStart + Math.floor((x - g.cellsLeftPx) / CELL_WIDTH_PX);
}
