/**
 * Nodes and edges for the current engine state, recomputed only when the engine moved
 * (`version`) or React Flow measured a node, with unchanged nodes kept as the same objects so
 * React Flow skips them, and measured sizes carried along (see measured.ts).
 */
import type { Edge } from '@xyflow/react';
import { useState } from 'react';
import type { SimState } from '../../engine/model.ts';
import { useSim } from '../StoreContext.tsx';
import { withMeasured, type Sizes } from './measured.ts';
import { reuseUnchanged, selectEdges, selectNodes, type SimNode } from './selectNodes.ts';

export interface CanvasModel {
  nodes: SimNode[];
  edges: Edge[];
}

const EMPTY: CanvasModel = { nodes: [], edges: [] };

const NO_SIZES: Sizes = new Map();

/** A memoising wrapper around the pure selectors: same (state, version, sizes), same result. */
export function createCanvasSelector(): (
  state: SimState | null,
  version: number,
  sizes?: Sizes,
) => CanvasModel {
  let last: { state: SimState | null; version: number; sizes: Sizes; model: CanvasModel } | null =
    null;
  return (state, version, sizes = NO_SIZES) => {
    if (last && last.state === state && last.version === version && last.sizes === sizes)
      return last.model;
    const model = state
      ? {
          nodes: reuseUnchanged(last?.model.nodes ?? [], withMeasured(selectNodes(state), sizes)),
          edges: reuseUnchanged(last?.model.edges ?? [], selectEdges(state)),
        }
      : EMPTY;
    last = { state, version, sizes, model };
    return model;
  };
}

/** `sizes`: the node sizes React Flow measured (Canvas collects them from onNodesChange). */
export function useCanvas(sizes: Sizes = NO_SIZES): CanvasModel {
  const [select] = useState(createCanvasSelector);
  const state = useSim((s) => s.simulation?.state ?? null);
  const version = useSim((s) => s.version);
  return select(state, version, sizes);
}
