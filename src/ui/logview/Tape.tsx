/**
 * The tape: row labels on the left (always visible, with the numbers), and on the right a
 * horizontally scrolling track with the records and one row of pointers per replica, consumer
 * and committing group. It draws a LogViewModel and keeps no state of its own beyond where
 * the reader has scrolled: it follows the newest records unless the reader scrolled away.
 */
import { useLayoutEffect, useMemo, useRef, type CSSProperties } from 'react';
import { useSim, useSimulationStore } from '../StoreContext.tsx';
import { PointerLabels, PointerRows } from './PointerRows.tsx';
import type { LogViewModel } from './selectLogView.ts';
import {
  CELL_WIDTH_PX,
  offsetAtX,
  offsetX,
  tapeGeometry,
  type TapeGeometry,
} from './tapeGeometry.ts';
import {
  Blocks,
  CellsRow,
  CompactionKey,
  Lines,
  LostBands,
  PageCacheKey,
  RemoteKey,
  SegmentRow,
} from './TrackParts.tsx';

function useFollowNewest(m: LogViewModel, g: TapeGeometry) {
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);
  const previous = useRef<{ m: LogViewModel; g: TapeGeometry } | null>(null);
  const store = useSimulationStore();
  const focus = useSim((s) => s.logFocusOffset);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const before = previous.current;
    if (before && before.m.key !== m.key) following.current = true;
    if (focus !== null) {
      // Asked to show an offset (the lost records): a quarter in from the left, once.
      following.current = false;
      el.scrollLeft = Math.max(0, offsetX(m, g, focus) - el.clientWidth / 4);
      store.getState().focusLogOffset(null);
    } else if (following.current) el.scrollLeft = el.scrollWidth;
    else if (before) {
      // Keep the record at the left edge in place while the window slides.
      // The blocks left of the cells (deleted, remote, earlier records) do not slide: a view
      // of them stays as it is.
      if (el.scrollLeft >= before.g.cellsLeftPx)
        el.scrollLeft = offsetX(m, g, offsetAtX(before.m, before.g, el.scrollLeft));
    }
    previous.current = { m, g };
  }, [m, g, focus, store]);
  useLayoutEffect(() => {
    // The detail box opening or the window resizing narrows the tape: stay on the newest.
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (following.current) el.scrollLeft = el.scrollWidth;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const onScroll = () => {
    const el = scroller.current;
    if (el)
      following.current = el.scrollLeft + el.clientWidth >= el.scrollWidth - CELL_WIDTH_PX / 2;
  };
  return { scroller, onScroll };
}

export function Tape({
  m,
  selected,
  onSelect,
}: {
  m: LogViewModel;
  selected: number | null;
  onSelect: (offset: number) => void;
}) {
  const g = useMemo(() => tapeGeometry(m), [m]);
  const { scroller, onScroll } = useFollowNewest(m, g);
  // The segment row's label stacks a key per bar under the segment names (page cache, and
  // compaction and remote storage when the log has them): the row grows to hold them.
  const keys = 1 + (m.compaction ? 1 : 0) + (m.remote ? 1 : 0);
  const style = { '--lv-seg-h': `${26 + 16 * (keys - 1)}px` } as CSSProperties;
  return (
    <div className="lv-tape" style={style}>
      <div className="lv-labels">
        <div className="lv-label lv-row-seg lv-label-head">
          segments
          <span className="lv-keys">
            <RemoteKey m={m} />
            <CompactionKey m={m} />
            <PageCacheKey m={m} />
          </span>
        </div>
        <div className="lv-label lv-row-cells lv-label-head">
          <span>
            offset
            <br />
            key
          </span>
        </div>
        <PointerLabels m={m} />
      </div>
      <div className="lv-scroll" ref={scroller} onScroll={onScroll} data-testid="log-tape">
        <div className="lv-track" style={{ width: g.widthPx }}>
          <Blocks m={m} g={g} />
          <Lines m={m} g={g} />
          <SegmentRow m={m} g={g} />
          <CellsRow m={m} g={g} selected={selected} onSelect={onSelect} />
          <LostBands m={m} g={g} />
          <PointerRows m={m} g={g} />
        </div>
      </div>
    </div>
  );
}
