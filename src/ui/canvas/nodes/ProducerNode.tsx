import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { formatCount, formatTenths } from '../../format.ts';
import { useSim } from '../../StoreContext.tsx';
import { useNodeData } from '../nodeData.ts';
import type { ProducerNode as ProducerNodeType } from '../selectNodes.ts';
import type { ProducerView } from '../views.ts';

function Stat({
  label,
  value,
  testId,
  tone,
}: {
  label: string;
  value: number;
  testId: string;
  tone?: string;
}) {
  return (
    <div className={`stat${tone ? ` stat-${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{formatCount(value)}</dd>
    </div>
  );
}

/** The external system a Kafka Connect source task reads: a small box left of the topic arrow. */
function SourceLine({ v }: { v: ProducerView }) {
  const c = v.connect!;
  return (
    <p className="producer-line connect-line">
      <span
        className="connect-system"
        data-testid={`connect-system-${c.name}`}
        title={`The external system this source connector reads: table ${c.table ?? ''} in ${c.system}, ${formatCount(c.ratePerSec ?? 0)} new rows a second, each sent as one record keyed by its primary key`}
      >
        {c.system} · {c.table}
      </span>
      <span>
        → <strong>{v.topic}</strong>
      </span>
    </p>
  );
}

function SourceStats({ v }: { v: ProducerView }) {
  const c = v.connect!;
  return (
    <dl className="stats">
      <Stat label="rows read" value={c.polled} testId={`connect-polled-${c.name}`} />
      <Stat label="acked" value={c.written} testId={`producer-acked-${v.id}`} tone="good" />
      <Stat
        label="committed"
        value={c.committedOffset ?? 0}
        testId={`connect-committed-${c.name}`}
      />
      <Stat
        label="duplicates"
        value={c.duplicates}
        testId={`connect-duplicates-${c.name}`}
        {...(c.duplicates > 0 ? { tone: 'bad' } : {})}
      />
    </dl>
  );
}

export const ProducerNode = memo(function ProducerNode({
  id,
  data: flowData,
}: NodeProps<ProducerNodeType>) {
  const v = useNodeData(id, flowData).view;
  const selected = useSim((s) => s.selected?.kind === 'producer' && s.selected.id === v.id);
  const failed = v.connect?.tasks.some((t) => t.client === v.id && t.state !== 'RUNNING') === true;
  return (
    <div
      className={`node node-producer${v.connect ? ' is-connect' : ''}${failed ? ' is-failed' : ''}${selected ? ' is-selected' : ''}`}
      data-testid={`producer-${v.id}`}
      title="Click to inspect and change its config; right-click for actions"
    >
      <header className="node-header">
        <span className="node-name">
          <span className="node-kind" data-testid={`producer-kind-${v.id}`}>
            {v.connect ? 'Kafka Connect · source' : 'Producer'}
          </span>
          <span className="node-title" title={v.id}>
            {v.connect ? v.connect.name : v.id}
          </span>
        </span>
        {failed && (
          <span
            className="config-chip is-warning"
            data-testid={`connect-task-state-${v.id}`}
            title="The task crashed: Connect marks it FAILED until it is restarted (POST /connectors/<name>/tasks/<n>/restart); rows keep arriving in the table meanwhile"
          >
            FAILED
          </span>
        )}
      </header>
      <div className="node-body">
        {v.connect && <SourceLine v={v} />}
        <p className={`producer-line${v.connect ? ' is-hidden' : ''}`}>
          <span className="producer-topic" title={`Writes to the topic ${v.topic}`}>
            → <strong>{v.topic}</strong>
          </span>
          <span className="producer-rate" data-testid={`producer-rate-${v.id}`}>
            {formatCount(v.ratePerSec)} rec/s
          </span>
        </p>
        {/* Most telling first (a refusal being retried, then acks): a chip that does not fit
            goes, whole (canvas.css). */}
        <p className="producer-config">
          {v.retrying !== null && (
            <span
              className="config-chip is-warning"
              title={`${formatCount(v.retrying.records)} records wait to be sent again: the broker refused their batches${v.retrying.error === null ? '' : ` (last with ${v.retrying.error})`}, an error the producer retries (retry.backoff.ms, growing to retry.backoff.max.ms) until delivery.timeout.ms runs out; only then do they count as failed.`}
              data-testid={`producer-retrying-${v.id}`}
            >
              ↻ {v.retrying.error ?? 'retrying'}
            </span>
          )}
          <span
            className="config-chip"
            title="Producer config acks"
            data-testid={`producer-acks-${v.id}`}
          >
            acks={v.acks}
          </span>
          {v.lost > 0 && (
            <span
              className="config-chip is-warning"
              title={`${formatCount(v.lost)} of the records this producer was told were written (acked) are gone: the partition's leader now does not hold them (acks=1 and a leader that died before its followers copied them, or an unclean election). The producer is never told.`}
              data-testid={`producer-lost-${v.id}`}
            >
              {formatCount(v.lost)} acked lost
            </span>
          )}
          {(v.duplicates > 0 || v.reordered > 0) && (
            <span
              className="config-chip is-warning"
              title={`Without idempotence, retries wrote ${formatCount(v.duplicates)} extra copies of records (a request timed out after the broker had appended it) and ${formatCount(v.reordered)} batches landed behind later ones, so readers meet records again or out of order. The broker cannot tell; with enable.idempotence it would (producer id and sequence numbers).`}
              data-testid={`producer-duplicates-${v.id}`}
            >
              {v.duplicates > 0
                ? `${formatCount(v.duplicates)} extra copies`
                : `${formatCount(v.reordered)} out of order`}
            </span>
          )}
          {v.blocked && (
            <span
              className="config-chip is-warning"
              title="buffer.memory is full: send() blocks the application (up to max.block.ms) until acknowledgements free memory, then it catches up with the records due meanwhile"
              data-testid={`producer-blocked-${v.id}`}
            >
              send() blocked
            </span>
          )}
          {v.waiting !== null && (
            <span
              className="config-chip is-warning"
              title={`Its oldest produce request to broker ${v.waiting.broker} has had no answer for ${formatTenths(v.waiting.forMs)}: the broker is slow or cut off, or waits for its followers (acks=all). The connection is open, so the producer cannot tell which (a crashed broker's connection closes at once, and the request is retried). It waits up to request.timeout.ms (${formatTenths(v.waiting.timeoutMs)}), then retries after a metadata refresh, on whichever broker leads then. Meanwhile its records wait (pending).`}
              data-testid={`producer-waiting-${v.id}`}
            >
              no answer {formatTenths(v.waiting.forMs)}
            </span>
          )}
        </p>
        {v.connect ? (
          <SourceStats v={v} />
        ) : (
          <dl className="stats">
            <Stat label="sent" value={v.sent} testId={`producer-sent-${v.id}`} />
            <Stat label="acked" value={v.acked} testId={`producer-acked-${v.id}`} tone="good" />
            <Stat label="pending" value={v.pending} testId={`producer-pending-${v.id}`} />
            <Stat
              label="failed"
              value={v.failed}
              testId={`producer-failed-${v.id}`}
              {...(v.failed > 0 ? { tone: 'bad' } : {})}
            />
          </dl>
        )}
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});
