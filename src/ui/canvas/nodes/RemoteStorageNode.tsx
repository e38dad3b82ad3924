/**
 * Remote storage (tiered storage, KIP-405): the object store outside the cluster that the
 * leaders copy closed segments to and that brokers read old records back from. It sits under
 * the brokers; the uploads and reads travel to and from it as messages (messageScene.ts).
 */
import type { NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { formatBytes, formatCount } from '../../format.ts';
import { useNodeData } from '../nodeData.ts';
import type { RemoteStorageNode as RemoteStorageNodeType } from '../selectNodes.ts';

const TITLE =
  'Tiered storage (KIP-405): an object store outside the cluster (S3 and the like). Leaders copy closed, committed segments here every remote.log.manager.task.interval.ms; brokers keep only local.retention.* on their own disks and read older records from here. Its latency is the scenario’s cluster.remoteStorage.latencyMs (not a Kafka config).';

export const RemoteStorageNode = memo(function RemoteStorageNode({
  id,
  data: flowData,
}: NodeProps<RemoteStorageNodeType>) {
  const data = useNodeData(id, flowData);
  const v = data.view;
  const uploading = v.topics.reduce((n, t) => n + t.uploading, 0);
  return (
    <div
      className="node node-remote"
      data-testid="remote-storage"
      style={{ width: data.width, height: data.height }}
      title={TITLE}
    >
      <header className="node-header">
        <span className="node-name">
          <span className="node-kind">Tiered storage · outside the cluster</span>
          <span className="node-title">Remote storage</span>
        </span>
        {uploading > 0 && (
          <span
            className="status status-remote"
            data-testid="remote-uploading"
            title="Leaders uploading segments to remote storage now (one at a time per partition)"
          >
            copying {formatCount(uploading)}
          </span>
        )}
        {v.readingBrokers.length > 0 && (
          <span
            className="status status-remote"
            data-testid="remote-reading"
            title="Brokers waiting for old records from remote storage for a consumer fetch"
          >
            read by {v.readingBrokers.map((b) => `broker ${b}`).join(', ')}
          </span>
        )}
      </header>
      <ul className="node-body remote-topics">
        {v.topics.length === 0 && (
          <li className="remote-empty">No topic has remote.storage.enable=true.</li>
        )}
        {v.topics.map((t) => (
          <li key={t.topic} className="remote-topic" data-testid={`remote-topic-${t.topic}`}>
            <span className="remote-topic-name">{t.topic}</span>
            <span className="remote-topic-figures">
              {formatCount(t.segments)} segments · {formatBytes(t.sizeBytes)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
});
