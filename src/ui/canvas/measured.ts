/**
 * Node sizes as React Flow measured them, kept on our side. The canvas hands React Flow new
 * node objects whenever a node moves, resizes or changes kind (content alone reaches the node
 * components directly, see nodeData.ts); a node object that
 * arrives without `measured` makes React Flow forget its size and handles, hide it and measure
 * it again, and edges and messages lose their anchor until it has. Carrying the measured size
 * on the node keeps it, so only a real change of size is measured again.
 */
import type { NodeChange } from '@xyflow/react';

export interface Size {
  width: number;
  height: number;
}

export type Sizes = ReadonlyMap<string, Size>;

/**
 * The sizes after React Flow's changes: `dimensions` changes set a size, `remove` forgets it.
 * Returns `sizes` itself when nothing changed, so React can skip the update.
 */
export function applySizeChanges(sizes: Sizes, changes: readonly NodeChange[]): Sizes {
  let next: Map<string, Size> | null = null;
  const edit = () => (next ??= new Map(sizes));
  for (const change of changes) {
    if (change.type === 'dimensions' && change.dimensions) {
      const { width, height } = change.dimensions;
      const old = (next ?? sizes).get(change.id);
      if (old?.width !== width || old.height !== height) edit().set(change.id, { width, height });
    } else if (change.type === 'remove' && (next ?? sizes).has(change.id)) {
      edit().delete(change.id);
    }
  }
  return next ?? sizes;
}

/** The nodes with their measured sizes attached (nodes not measured yet stay as they are). */
export function withMeasured<T extends { id: string }>(
  nodes: T[],
  sizes: Sizes,
): (T & { measured?: Size })[] {
  if (sizes.size === 0) return nodes;
  return nodes.map((n) => {
    const measured = sizes.get(n.id);
    return measured ? { ...n, measured } : n;
  });
}
