/**
 * The log view panel at the bottom of the main area: a bar with a partition picker and the
 * partition's numbers, and, when open, the tape and the detail of the clicked record. A replica
 * tile on the canvas opens it too. It only reads engine state; selection is UI state.
 */
import { lazy, Suspense, useCallback, useState } from 'react';
import type { PartitionRef } from '../../store/simulationStore.ts';
import { formatCount } from '../format.ts';
import { useSim } from '../StoreContext.tsx';
import { formatBytes } from './logText.ts';
import { partitionKey, type LogViewModel } from './selectLogView.ts';
import { useLogView, usePartitionList, useRecordDetail } from './useLogView.ts';
import './logview.css';

/** The tape's code loads when the log is first opened, not with the page. */
const Tape = lazy(() => import('./Tape.tsx').then((m) => ({ default: m.Tape })));

/** The record detail's code loads when a record is first clicked, not with the page. */
const RecordDetailBox = lazy(() =>
  import('./RecordDetailBox.tsx').then((m) => ({ default: m.RecordDetailBox })),
);

/** The charts and uPlot load when the charts are first opened, not with the page. */
const ChartsBody = lazy(() => import('../charts/ChartsBody.tsx'));

/** Opens the charts over simulated time; they share this panel with the log. */
function ChartsToggle() {
  const open = useSim((s) => s.chartsOpen);
  const setOpen = useSim((s) => s.setChartsOpen);
  return (
    <button
      type="button"
      className="lv-toggle lv-charts-toggle"
      aria-expanded={open}
      onClick={() => setOpen(!open)}
      data-testid="charts-toggle"
      title={
        open
          ? 'Hide the charts'
          : 'Charts over simulated time: throughput, produce latency, lag, under-replicated and unowned partitions'
      }
    >
      <span aria-hidden="true" className="lv-toggle-icon">
        {open ? '▾' : '▸'}
      </span>
      Charts
    </button>
  );
}

function PartitionPicker({
  partitions,
  index,
  onPick,
}: {
  partitions: PartitionRef[];
  /** The selected partition's index in `partitions`, or -1. */
  index: number;
  onPick: (ref: PartitionRef) => void;
}) {
  return (
    <label className="lv-picker" title="The partition whose log is shown">
      <span className="lv-sr">Partition</span>
      <select
        data-testid="log-partition"
        value={index}
        onChange={(e) => {
          const ref = partitions[Number(e.currentTarget.value)];
          if (ref) onPick(ref);
        }}
      >
        {index < 0 && <option value={-1}>choose a partition…</option>}
        {partitions.map((p, i) => (
          <option key={partitionKey(p.topic, p.partition)} value={i}>
            {partitionKey(p.topic, p.partition)}
          </option>
        ))}
      </select>
    </label>
  );
}

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

export function LogPanel() {
  const selected = useSim((s) => s.selectedPartition);
  const open = useSim((s) => s.logViewOpen);
  const selectPartition = useSim((s) => s.selectPartition);
  const setOpen = useSim((s) => s.setLogViewOpen);
  const m = useLogView();
  const partitions = usePartitionList();
  const index = selected
    ? partitions.findIndex((p) => p.topic === selected.topic && p.partition === selected.partition)
    : -1;
  const [record, setRecord] = useState<{ partition: string; offset: number } | null>(null);
  const key = selected ? partitionKey(selected.topic, selected.partition) : null;
  const recordOffset = record !== null && record.partition === key ? record.offset : null;
  const lookup = useRecordDetail(selected, recordOffset);
  const onSelect = useCallback(
    (offset: number) => {
      if (key !== null)
        setRecord((r) => (r?.offset === offset ? null : { partition: key, offset }));
    },
    [key],
  );
  const expanded = open && m !== null;
  const chartsOpen = useSim((s) => s.chartsOpen);
  return (
    <section
      className={`logview${expanded || chartsOpen ? ' is-open' : ''}`}
      aria-label="Log view"
      data-testid="log-view"
      data-open={expanded}
    >
      <header className="lv-bar">
        <button
          type="button"
          className="lv-toggle"
          aria-expanded={expanded}
          disabled={index < 0}
          onClick={() => setOpen(!open)}
          data-testid="log-toggle"
          title={expanded ? 'Hide the log' : 'Show the log'}
        >
          <span aria-hidden="true" className="lv-toggle-icon">
            {expanded ? '▾' : '▸'}
          </span>
          Log
        </button>
        <PartitionPicker partitions={partitions} index={index} onPick={selectPartition} />
        {expanded ? (
          <Summary m={m} />
        ) : (
          <span className="lv-hint">
            {chartsOpen
              ? 'Charts: one sample per simulated second, the last ten minutes.'
              : index < 0
                ? 'Click a replica on a broker to see its partition’s log.'
                : 'Hidden: open it to see the records, segments and offsets.'}
          </span>
        )}
        <ChartsToggle />
      </header>
      {expanded && (
        <div className="lv-body">
          <Suspense fallback={<p className="lv-loading">Loading the log…</p>}>
            <Tape m={m} selected={recordOffset} onSelect={onSelect} />
          </Suspense>
          {lookup !== null && recordOffset !== null && (
            <Suspense fallback={null}>
              <RecordDetailBox
                lookup={lookup}
                offset={recordOffset}
                onClose={() => setRecord(null)}
              />
            </Suspense>
          )}
        </div>
      )}
      {chartsOpen && (
        <Suspense fallback={<p className="charts-loading">Loading the charts…</p>}>
          <ChartsBody />
        </Suspense>
      )}
    </section>
  );
}
