/**
 * The log view panel at the bottom of the main area: a bar with a partition picker and the
 * partition's numbers, and, when open, the tape and the detail of the clicked record. A replica
 * tile on the canvas opens it too. It only reads engine state; selection is UI state.
 */
import { lazy, Suspense, useCallback, useState } from 'react';
import type { PartitionRef } from '../../store/simulationStore.ts';
import { useSim } from '../StoreContext.tsx';
import { partitionKey, usePartitionList } from './partitionList.ts';
import './logview.css';

/** The open log (numbers, tape, record detail) loads when the log is first opened. */
const LogOpen = lazy(() => import('./LogOpen.tsx'));

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

export function LogPanel() {
  const selected = useSim((s) => s.selectedPartition);
  const open = useSim((s) => s.logViewOpen);
  const selectPartition = useSim((s) => s.selectPartition);
  const setOpen = useSim((s) => s.setLogViewOpen);
  const partitions = usePartitionList();
  const index = selected
    ? partitions.findIndex((p) => p.topic === selected.topic && p.partition === selected.partition)
    : -1;
  // The clicked record, kept here so that hiding and showing the log keeps it.
  const [record, setRecord] = useState<{ partition: string; offset: number } | null>(null);
  const key = selected ? partitionKey(selected.topic, selected.partition) : null;
  const recordOffset = record !== null && record.partition === key ? record.offset : null;
  const onRecord = useCallback(
    (offset: number | null) =>
      setRecord(offset === null || key === null ? null : { partition: key, offset }),
    [key],
  );
  const [summarySlot, setSummarySlot] = useState<HTMLElement | null>(null);
  const expanded = open && selected !== null && index >= 0;
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
          <span className="lv-summary-slot" ref={setSummarySlot} />
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
        <Suspense fallback={<p className="lv-loading">Loading the log…</p>}>
          <LogOpen
            summarySlot={summarySlot}
            selected={selected}
            recordOffset={recordOffset}
            onRecord={onRecord}
          />
        </Suspense>
      )}
      {chartsOpen && (
        <Suspense fallback={<p className="charts-loading">Loading the charts…</p>}>
          <ChartsBody />
        </Suspense>
      )}
    </section>
  );
}
