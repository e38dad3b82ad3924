/**
 * The track's background and records: the deleted and earlier blocks, segment names and
 * boundaries, the high watermark line, and one cell per record of the window.
 */
import { memo, type ReactNode } from 'react';
import { formatBytes, formatCount } from '../format.ts';
import { offsetRange, removedReason } from './logText.ts';
import type { LogViewModel } from './selectLogView.ts';
import { CELL_WIDTH_PX, offsetX, type TapeGeometry } from './tapeGeometry.ts';

function cellTitle(
  offset: number,
  recordKey: string | null,
  committed: boolean,
  removed: boolean,
  tombstone: boolean,
): string {
  const key = recordKey === null ? 'null' : `“${recordKey}”`;
  if (removed)
    return `Offset ${formatCount(offset)}: the log cleaner removed its record: ${removedReason(recordKey, tombstone)} The offset stays unused: offsets never move.`;
  const what = tombstone
    ? `, a tombstone (null value): it deletes key ${key} when compacted`
    : `, key ${key}`;
  return `offset ${formatCount(offset)}${what}${committed ? '' : ' (above the high watermark: not readable yet)'}`;
}

/** One record. Props are primitives so that memo skips cells that did not change. */
const Cell = memo(function Cell({
  offset,
  recordKey,
  keyHue,
  committed,
  removed,
  tombstone,
  selected,
  onSelect,
}: {
  offset: number;
  recordKey: string | null;
  keyHue: number | null;
  committed: boolean;
  removed: boolean;
  tombstone: boolean;
  selected: boolean;
  onSelect: (offset: number) => void;
}) {
  const hue = removed ? 'lv-key-removed' : keyHue === null ? 'lv-key-null' : `lv-key-${keyHue}`;
  const state = `${committed ? '' : ' is-uncommitted'}${removed ? ' is-removed' : ''}${tombstone ? ' is-tombstone' : ''}${selected ? ' is-selected' : ''}`;
  return (
    <button
      type="button"
      className={`lv-cell ${hue}${state}`}
      data-testid={`log-record-${offset}`}
      aria-pressed={selected}
      title={cellTitle(offset, recordKey, committed, removed, tombstone)}
      onClick={() => onSelect(offset)}
    >
      <span className="lv-cell-offset">{offset}</span>
      <span className="lv-cell-key">
        {removed ? '' : tombstone ? `${recordKey ?? 'null'} ∅` : (recordKey ?? 'null')}
      </span>
    </button>
  );
});

export function Blocks({ m, g }: { m: LogViewModel; g: TapeGeometry }) {
  return (
    <>
      {g.deletedWidthPx > 0 && (
        <div
          className="lv-block lv-block-deleted"
          style={{ left: 0, width: g.deletedWidthPx }}
          data-testid="log-deleted"
          title="Retention deleted these records with their segments: the log starts at the log start offset."
        >
          <span className="lv-block-title">deleted</span>
          <span className="lv-block-text">{offsetRange(0, m.deletedRecords - 1)}</span>
          <span className="lv-block-text">by retention</span>
        </div>
      )}
      {m.remote && m.remoteFromOffset !== null && (
        <div
          className="lv-block lv-block-remote"
          style={{ left: g.deletedWidthPx, width: g.remoteWidthPx }}
          data-testid="log-remote"
          title={`Tiered storage: these records are only in remote storage (an object store outside the cluster). The brokers deleted their local copies after local.retention.*; a fetch of them reads remote storage and waits for it. Remote storage holds ${formatCount(m.remote.segments)} segments, ${formatBytes(m.remote.sizeBytes)}.`}
        >
          <span className="lv-block-title">in remote storage</span>
          <span className="lv-block-text">
            {offsetRange(m.remoteFromOffset, m.logStartOffset - 1)}
          </span>
          <span className="lv-block-text">
            {formatCount(m.remote.segments)} segments · {formatBytes(m.remote.sizeBytes)}
          </span>
        </div>
      )}
      {m.earlier && (
        <div
          className="lv-block lv-block-earlier"
          style={{ left: g.deletedWidthPx + g.remoteWidthPx, width: g.earlierWidthPx }}
          data-testid="log-earlier"
          title={`Still in the log, not drawn one by one: the tape shows the newest ${formatCount(m.records.length)} records.`}
        >
          <span className="lv-block-title">{formatCount(m.earlier.records)} earlier records</span>
          <span className="lv-block-text">{offsetRange(m.logStartOffset, m.windowStart - 1)}</span>
        </div>
      )}
    </>
  );
}

const PAGE_CACHE_TITLE =
  "The broker machine's OS page cache (simulated, not Kafka's): Kafka writes to it and serves recent records from memory, straight from the cache to the socket (zero-copy); older records come from disk, and a fetch of them waits for it.";

const READ_BACK_TITLE =
  'Read from disk by a fetch, and kept in the page cache: the next reader of these records (another group replaying them, a follower catching up) gets them from memory, until the kernel needs the room (least recently used pages go first). Simplified: one such range per log.';

/** The key to the page cache bar, beside the row's name: where the cache starts. */
export function PageCacheKey({ m }: { m: LogViewModel }) {
  const rb = m.readBack;
  const tail = m.cachedFromOffset < m.logEndOffset;
  // Two ranges do not fit the key's room: it says so, and the tooltip and the bars say where.
  const where =
    m.logEndOffset === m.logStartOffset
      ? ': empty log'
      : rb && tail
        ? ': 2 ranges'
        : m.cachedFromOffset <= m.logStartOffset
          ? ': all'
          : !tail
            ? rb
              ? ': read back'
              : ': none'
            : ` ≥ ${formatCount(m.cachedFromOffset)}`;
  const ranges = [
    ...(tail ? [`${offsetRange(m.cachedFromOffset, m.logEndOffset - 1)} (the newest)`] : []),
    ...(rb ? [`${offsetRange(rb.from, rb.to - 1)} (read back from disk)`] : []),
  ];
  return (
    <span
      className="lv-cache-key"
      data-testid="log-page-cache"
      title={`${PAGE_CACHE_TITLE} Broker ${m.sourceBroker ?? '-'} holds ${formatBytes(m.cachedBytes)} of this log in memory${ranges.length > 0 ? `: ${ranges.join(' and ')}` : ''}.${rb ? ` ${READ_BACK_TITLE}` : ''}`}
    >
      page cache{where}
    </span>
  );
}

/** Bars under the segment names over the records the broker machine holds in memory. */
function PageCacheBar({ m, g }: { m: LogViewModel; g: TapeGeometry }) {
  const tail = m.cachedFromOffset < m.logEndOffset;
  if (!tail && m.readBack === null) return null;
  const left = offsetX(m, g, m.cachedFromOffset);
  const rb = m.readBack;
  const rbLeft = rb ? offsetX(m, g, rb.from) : 0;
  return (
    <>
      {tail && (
        <div
          className="lv-cache"
          style={{ left, width: offsetX(m, g, m.logEndOffset) - left }}
          data-testid="log-page-cache-bar"
          title={`In the page cache (memory) of broker ${m.sourceBroker ?? '-'}: ${offsetRange(m.cachedFromOffset, m.logEndOffset - 1)}. Fetches of these records are served from memory; older records come from disk, and their fetch answers wait for it.`}
        />
      )}
      {rb && (
        <div
          className="lv-cache lv-cache-read-back"
          style={{ left: rbLeft, width: Math.max(2, offsetX(m, g, rb.to) - rbLeft) }}
          data-testid="log-page-cache-read-back"
          title={`In the page cache of broker ${m.sourceBroker ?? '-'}, read back from disk: ${offsetRange(rb.from, rb.to - 1)}, ${formatBytes(rb.bytes)}. ${READ_BACK_TITLE}`}
        />
      )}
    </>
  );
}

const REMOTE_TITLE =
  'Tiered storage (KIP-405): the leader copies closed, committed segments to remote storage every remote.log.manager.task.interval.ms; each broker keeps a copied segment on its own disk for local.retention.*, then deletes it there.';

/** The key to the remote storage bar, beside the row's name: how far the copies reach. */
/** A compacted log: the records it still holds, and where the cleaner stopped (in the title). */
export function CompactionKey({ m }: { m: LogViewModel }) {
  const c = m.compaction;
  if (c === null) return null;
  const cleaned =
    c.checkpoint === null
      ? 'Nothing is cleaned yet: the cleaner only touches closed segments below the high watermark, once their dirty share is above min.cleanable.dirty.ratio.'
      : `The log cleaner compacted it below offset ${formatCount(c.checkpoint)} (the double line); the records above are not cleaned yet.`;
  return (
    <span
      className="lv-compaction-key"
      data-testid="log-compaction"
      title={`cleanup.policy=${c.policy}: the log cleaner keeps the newest record of each key. The log holds ${formatCount(c.records)} records in its ${formatCount(m.logEndOffset - m.logStartOffset)} offsets. ${cleaned}`}
    >
      compacted: {formatCount(c.records)} rec
    </span>
  );
}

export function RemoteKey({ m }: { m: LogViewModel }) {
  if (m.remote === null) return null;
  const copied = m.remote.segments === 0 ? 'none' : `< ${formatCount(m.remote.logEndOffset)}`;
  return (
    <span
      className="lv-remote-key"
      data-testid="log-remote-key"
      title={`${REMOTE_TITLE} It holds ${formatCount(m.remote.segments)} segments (${formatBytes(m.remote.sizeBytes)}) of this partition.`}
    >
      remote {copied}
    </span>
  );
}

/** A bar over the top of the segment row over the offsets copied to remote storage. */
function RemoteBar({ m, g }: { m: LogViewModel; g: TapeGeometry }) {
  if (m.remote === null || m.remote.segments === 0) return null;
  const left = offsetX(m, g, m.remote.logStartOffset);
  return (
    <div
      className="lv-remote"
      style={{ left, width: Math.max(2, offsetX(m, g, m.remote.logEndOffset) - left) }}
      data-testid="log-remote-bar"
      title={`In remote storage: ${offsetRange(m.remote.logStartOffset, m.remote.logEndOffset - 1)}, ${formatCount(m.remote.segments)} segments, ${formatBytes(m.remote.sizeBytes)}. ${REMOTE_TITLE}`}
    />
  );
}

export function SegmentRow({ m, g }: { m: LogViewModel; g: TapeGeometry }) {
  return (
    <div className="lv-row-seg" style={{ width: g.widthPx }}>
      <RemoteBar m={m} g={g} />
      <PageCacheBar m={m} g={g} />
      {m.segments.map((s) => {
        const left = offsetX(m, g, s.drawnAtOffset);
        const right = s.active ? g.widthPx : offsetX(m, g, s.nextOffset);
        const continued = s.baseOffset < m.windowStart;
        return (
          <div
            key={s.baseOffset}
            className={`lv-seg${s.active ? ' is-active' : ''}`}
            style={{ left, width: Math.max(CELL_WIDTH_PX, right - left) }}
            title={`Segment with base offset ${formatCount(s.baseOffset)}: ${offsetRange(s.baseOffset, Math.max(s.baseOffset, s.nextOffset - 1))}, ${formatBytes(s.sizeBytes)}${s.active ? '. The active segment: appends go here, and retention never deletes it.' : ''}`}
            data-testid={`log-segment-${s.baseOffset}`}
          >
            {/* Sticky: the name stays in view while any part of the segment is. */}
            <span className="lv-seg-label">
              {continued ? '… ' : ''}segment {formatCount(s.baseOffset)}
              {s.active ? ' · active' : ''}
            </span>
          </div>
        );
      })}
    </div>
  );
}

/** Vertical lines through every row: segment boundaries and the high watermark. */
export function Lines({ m, g }: { m: LogViewModel; g: TapeGeometry }) {
  return (
    <>
      {m.segments
        .filter((s) => s.baseOffset >= m.windowStart)
        .map((s) => (
          <div
            key={s.baseOffset}
            className="lv-line lv-line-segment"
            style={{ left: offsetX(m, g, s.baseOffset) }}
          />
        ))}
      <div
        className="lv-line lv-line-hw"
        style={{ left: offsetX(m, g, m.highWatermark) }}
        data-testid="log-hw-line"
      />
      {m.compaction?.checkpoint != null && m.compaction.checkpoint >= m.windowStart && (
        <div
          className="lv-line lv-line-cleaned"
          style={{ left: offsetX(m, g, m.compaction.checkpoint) }}
          data-testid="log-cleaner-line"
          title={`Cleaner checkpoint: the log cleaner compacted the records below offset ${formatCount(m.compaction.checkpoint)}; those above are the dirty part, not cleaned yet.`}
        >
          <span className="lv-cleaned-tag">◂ cleaned · dirty ▸</span>
        </div>
      )}
    </>
  );
}

export function CellsRow({
  m,
  g,
  selected,
  onSelect,
}: {
  m: LogViewModel;
  g: TapeGeometry;
  selected: number | null;
  onSelect: (offset: number) => void;
}) {
  const empty: ReactNode[] = [];
  for (let o = m.logEndOffset; o <= m.endOffset; o++) {
    const next = o === m.logEndOffset;
    empty.push(
      <div
        // Keyed by place, not offset: the "next" slot stays the same element as the log grows.
        key={o - m.logEndOffset}
        className={`lv-cell lv-cell-empty${next ? ' is-next' : ''}`}
        style={{ left: offsetX(m, g, o) }}
        {...(next ? { 'data-testid': 'log-next' } : {})}
        title={
          next
            ? `The next record appended gets offset ${formatCount(o)} (the log end offset).`
            : `Offset ${formatCount(o)} is not in this log.`
        }
      >
        <span className="lv-cell-offset">{o}</span>
        <span className="lv-cell-key">{next ? 'next' : ''}</span>
      </div>,
    );
  }
  return (
    <div className="lv-row-cells" style={{ width: g.widthPx }}>
      <div className="lv-cells" style={{ left: g.cellsLeftPx }}>
        {m.records.map((r) => (
          <Cell
            key={r.offset}
            offset={r.offset}
            recordKey={r.key}
            keyHue={r.keyHue}
            committed={r.committed}
            removed={r.removed}
            tombstone={r.tombstone}
            selected={r.offset === selected}
            onSelect={onSelect}
          />
        ))}
      </div>
      {empty}
    </div>
  );
}

/**
 * Offsets whose acknowledged records were lost: a red band over their cells (or their share of
 * the "earlier" block), with a tag. The offsets now hold the new leader's records, so the cells
 * show other keys: that is the loss.
 */
export function LostBands({ m, g }: { m: LogViewModel; g: TapeGeometry }) {
  return (
    <>
      {m.lost.map((r) => {
        const left = offsetX(m, g, r.from);
        const width = Math.max(4, offsetX(m, g, r.to + 1) - left);
        const count = r.to - r.from + 1;
        return (
          <div
            key={`${r.from}:${r.reason}`}
            className="lv-lost"
            style={{ left, width }}
            data-testid={`log-lost-${r.from}`}
            title={`${formatCount(count)} acknowledged ${count === 1 ? 'record' : 'records'} lost: ${offsetRange(r.from, r.to)} (${r.reason}). The producer was told they were written. The partition's leader now holds other records at these offsets, written after it took over: no consumer will ever read the lost ones.`}
          >
            <span className="lv-lost-tag">
              acked, lost: {offsetRange(r.from, r.to).replace(/^offsets? /, '')}
            </span>
          </div>
        );
      })}
    </>
  );
}
