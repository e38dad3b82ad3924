/**
 * The remote storage node's code loads when a scenario first shows one (tiered storage), not
 * with the page. Until it arrives an empty box of the node's own size stands in, so React Flow
 * measures the same size and nothing moves.
 */
import type { NodeProps } from '@xyflow/react';
import { lazy, Suspense } from 'react';
import type { RemoteStorageNode as RemoteStorageNodeType } from '../selectNodes.ts';

const RemoteStorageNode = lazy(() =>
  import('./RemoteStorageNode.tsx').then((m) => ({ default: m.RemoteStorageNode })),
);

export function LazyRemoteStorageNode(props: NodeProps<RemoteStorageNodeType>) {
  const { width, height } = props.data;
  return (
    <Suspense fallback={<div className="node node-remote" style={{ width, height }} />}>
      <RemoteStorageNode {...props} />
    </Suspense>
  );
}
