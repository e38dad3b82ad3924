/**
 * Nodes and edges for the current engine state, recomputed only when the engine moved
 * (`version`), with unchanged nodes kept as the same objects so React Flow skips them.
 */
import type { Edge } from '@xyflow/react';
import { useState } from 'react';
import type { SimState } from '../../engine/model.ts';
import { useSim } from '../StoreContext.tsx';
import { reuseUnchanged, selectEdges, selectNodes, type SimNode } from './selectNodes.ts';

export interface CanvasModel {
  nodes: SimNode[];
  edges: Edge[];
}

const EMPTY: CanvasModel = { nodes: [], edges: [] };

/** A memoising wrapper around the pure selectors: same (state, version), same result. */
export function createCanvasSelector(): (state: SimState | null, version: number) => CanvasModel {
  let last: { state: SimState | null; version: number; model: CanvasModel } | null = null;
  return (state, version) => {
    if (last && last.state === state && last.version === version) return last.model;
    const model = state
      ? {
          nodes: reuseUnchanged(last?.model.nodes ?? [], selectNodes(state)),
          edges: reuseUnchanged(last?.model.edges ?? [], selectEdges(state)),
        }
      : EMPTY;
    last = { state, version, model };
    return model;
  };
}

export function useCanvas(): CanvasModel {
  const [select] = useState(createCanvasSelector);
  const state = useSim((s) => s.simulation?.state ?? null);
  const version = useSim((s) => s.version);
  return select(state, version);
}
