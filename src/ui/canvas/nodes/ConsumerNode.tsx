import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { formatCount } from '../../format.ts';
import { useSim } from '../../StoreContext.tsx';
import { useNodeData } from '../nodeData.ts';
import type { ConsumerNode as ConsumerNodeType } from '../selectNodes.ts';

export const ConsumerNode = memo(function ConsumerNode({
  id,
  data: flowData,
}: NodeProps<ConsumerNodeType>) {
  const v = useNodeData(id, flowData).view;
  const selected = useSim((s) => s.selected?.kind === 'consumer' && s.selected.id === v.id);
  return (
    <div
      className={`node node-consumer${selected ? ' is-selected' : ''}`}
      data-testid={`consumer-${v.id}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <header className="node-header">
        <span className="node-name">
          <span
            className="node-kind"
            title={
              v.groupId === null
                ? 'A standalone consumer: it reads the partitions it was assigned (assign). With no group.id it commits nothing: its position lives only in this client, apart from every other consumer, and a restart starts from auto.offset.reset'
                : `A standalone consumer (assign) with group.id=${v.groupId}: it commits offsets to that group's coordinator but takes no part in its rebalances`
            }
          >
            Consumer{v.groupId !== null && ` · group.id ${v.groupId}`}
          </span>
          <span className="node-title">{v.id}</span>
        </span>
      </header>
      <div className="node-body">
        <table className="assignment">
          <thead>
            <tr>
              <th scope="col">partition</th>
              <th scope="col" title="The offset of the next record this consumer will read">
                position
              </th>
              <th
                scope="col"
                title="records-lag, the consumer's own metric: the high watermark of its last fetch minus its position"
              >
                records-lag
              </th>
            </tr>
          </thead>
          <tbody>
            {v.partitions.map((p) => (
              <tr key={p.key} data-testid={`assigned-${v.id}-${p.key}`}>
                <th scope="row">{p.key}</th>
                <td data-testid={`position-${v.id}-${p.key}`}>
                  {p.position === null ? '–' : formatCount(p.position)}
                </td>
                <td
                  data-testid={`lag-${v.id}-${p.key}`}
                  className={p.lag !== null && p.lag > 0 ? 'lag-behind' : undefined}
                >
                  {p.lag === null ? '–' : formatCount(p.lag)}
                </td>
              </tr>
            ))}
            {v.hiddenPartitions > 0 && (
              <tr className="assignment-more">
                <td colSpan={3}>+ {formatCount(v.hiddenPartitions)} more partitions</td>
              </tr>
            )}
          </tbody>
        </table>
        <p className="node-footer">
          <span data-testid={`consumed-${v.id}`}>{formatCount(v.consumed)}</span> records read
        </p>
        {v.fatalError && (
          <p className="node-error" role="alert">
            Stopped: {v.fatalError}
          </p>
        )}
      </div>
    </div>
  );
});
