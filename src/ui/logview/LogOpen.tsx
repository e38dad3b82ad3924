/**
 * The open log: the partition's numbers in the panel's bar (through a portal into the slot the
 * bar keeps for them), the tape, and the detail of the clicked record. Its code, and the
 * selectors it draws from, load when the log is first opened, not with the page.
 */
import { lazy, Suspense, useCallback } from 'react';
import { createPortal } from 'react-dom';
import { formatBytes, formatCount } from '../format.ts';
import type { LogViewModel } from './selectLogView.ts';
import { Tape } from './Tape.tsx';
import { useLogView, useRecordDetail } from './useLogView.ts';
import type { PartitionRef } from '../../store/simulationStore.ts';

/** The record detail's code loads when a record is first clicked. */
const RecordDetailBox = lazy(() =>
  import('./RecordDetailBox.tsx').then((m) => ({ default: m.RecordDetailBox })),
);

function Summary({ m }: { m: LogViewModel }) {
  return (
    <dl className="lv-summary" data-testid="log-summary">
      <div title="The broker that leads this partition: producers write to it, consumers read from it">
        <dt>leader</dt>
        <dd>{m.leader === null ? 'none (offline)' : `broker ${m.leader}`}</dd>
      </div>
      <div title="Log start offset: older records were deleted by retention">
        <dt>log start</dt>
        <dd>
          <span data-testid="log-start">{formatCount(m.partitionStartOffset)}</span>
          {m.remote && (
            <span
              className="lv-local-start"
              data-testid="log-local-start"
              title="Tiered storage: the leader keeps the records from here on its disk; older ones are read from remote storage"
            >
              {' '}
              · local {formatCount(m.logStartOffset)}
            </span>
          )}
        </dd>
      </div>
      <div title="Log end offset: the offset the next record will get">
        <dt>LEO</dt>
        <dd data-testid="log-end">{formatCount(m.logEndOffset)}</dd>
      </div>
      <div title="High watermark: replicated to every in-sync replica; consumers read below it">
        <dt>HW</dt>
        <dd data-testid="log-hw">{formatCount(m.highWatermark)}</dd>
      </div>
      <div title="Segments (files) of the log on the leader's disk; retention deletes whole closed segments">
        <dt>segments</dt>
        <dd>
          {formatCount(m.segmentCount)} · {formatBytes(m.sizeBytes)}
        </dd>
      </div>
      {m.remote && (
        <div title="Segments in remote storage (tiered storage), copied by the leader">
          <dt>remote</dt>
          <dd data-testid="log-remote-summary">
            {formatCount(m.remote.segments)} · {formatBytes(m.remote.sizeBytes)}
          </dd>
        </div>
      )}
    </dl>
  );
}

export interface LogOpenProps {
  /** The bar's place for the partition's numbers; null until the bar has rendered. */
  summarySlot: HTMLElement | null;
  selected: PartitionRef;
  /** The offset of the clicked record of this partition, or null. */
  recordOffset: number | null;
  onRecord: (offset: number | null) => void;
}

export default function LogOpen({ summarySlot, selected, recordOffset, onRecord }: LogOpenProps) {
  const m = useLogView();
  const lookup = useRecordDetail(selected, recordOffset);
  const onSelect = useCallback(
    (offset: number) => onRecord(offset === recordOffset ? null : offset),
    [onRecord, recordOffset],
  );
  if (m === null) return null;
  return (
    <>
      {summarySlot && createPortal(<Summary m={m} />, summarySlot)}
      <div className="lv-body">
        <Tape m={m} selected={recordOffset} onSelect={onSelect} />
        {lookup !== null && recordOffset !== null && (
          <Suspense fallback={null}>
            <RecordDetailBox lookup={lookup} offset={recordOffset} onClose={() => onRecord(null)} />
          </Suspense>
        )}
      </div>
    </>
  );
}
