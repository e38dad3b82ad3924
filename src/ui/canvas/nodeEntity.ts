/** The entity a canvas node stands for, to select it or open its menu. */
import type { EntityRef } from '../../store/entities.ts';

interface AnyNode {
  type?: string | undefined;
  data: unknown;
}

function viewId(data: unknown): unknown {
  if (typeof data !== 'object' || data === null || !('view' in data)) return undefined;
  const view = (data as { view: unknown }).view;
  return typeof view === 'object' && view !== null && 'id' in view
    ? (view as { id: unknown }).id
    : undefined;
}

export function entityOfNode(node: AnyNode): EntityRef | null {
  const id = viewId(node.data);
  switch (node.type) {
    case 'broker':
      return typeof id === 'number' ? { kind: 'broker', id } : null;
    case 'producer':
      return typeof id === 'string' ? { kind: 'producer', id } : null;
    case 'consumer':
    case 'member':
      return typeof id === 'string' ? { kind: 'consumer', id } : null;
    case 'consumerGroup':
      return typeof id === 'string' ? { kind: 'group', id } : null;
    default:
      return null;
  }
}
