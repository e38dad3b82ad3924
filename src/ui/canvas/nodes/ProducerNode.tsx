import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { formatCount } from '../../format.ts';
import { useSim } from '../../StoreContext.tsx';
import { useNodeData } from '../nodeData.ts';
import type { ProducerNode as ProducerNodeType } from '../selectNodes.ts';

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

export const ProducerNode = memo(function ProducerNode({
  id,
  data: flowData,
}: NodeProps<ProducerNodeType>) {
  const v = useNodeData(id, flowData).view;
  const selected = useSim((s) => s.selected?.kind === 'producer' && s.selected.id === v.id);
  return (
    <div
      className={`node node-producer${selected ? ' is-selected' : ''}`}
      data-testid={`producer-${v.id}`}
      title="Click to inspect and change its config; right-click for actions"
    >
      <header className="node-header">
        <span className="node-name">
          <span className="node-kind">Producer</span>
          <span className="node-title">{v.id}</span>
        </span>
      </header>
      <div className="node-body">
        <p className="producer-line">
          <span>
            → <strong>{v.topic}</strong>
          </span>
          <span data-testid={`producer-rate-${v.id}`}>{formatCount(v.ratePerSec)} rec/s</span>
        </p>
        <p className="producer-config">
          <span
            className="config-chip"
            title="Producer config acks"
            data-testid={`producer-acks-${v.id}`}
          >
            acks={v.acks}
          </span>
          {v.blocked && (
            <span
              className="config-chip is-blocked"
              title="buffer.memory is full: send() blocks the application (up to max.block.ms) until acknowledgements free memory, then it catches up with the records due meanwhile"
              data-testid={`producer-blocked-${v.id}`}
            >
              send() blocked
            </span>
          )}
        </p>
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
      </div>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
});
