/**
 * Nodes and edges for the current engine state, recomputed only when the engine moved
 * (`version`) or React Flow measured a node, with unchanged nodes kept as the same objects so
 * React Flow skips them, and measured sizes carried along (see measured.ts). While playing,
 * nodes whose numbers alone changed are redrawn within a budget per frame (see pacing.ts).
 * Nodes whose content alone changed reach their components beside React Flow (nodeData.ts).
 */
import type { Edge } from '@xyflow/react';
import { useState } from 'react';
import type { SimState } from '../../engine/model.ts';
import { useSim } from '../StoreContext.tsx';
import { createEdgeMemo } from './edgeInputs.ts';
import { TARGET_ASPECT } from './layout.ts';
import { withMeasured, type Sizes } from './measured.ts';
import { flowNodes } from './nodeData.ts';
import { createNodePacer } from './pacing.ts';
import { reuseUnchanged, selectEdges, selectNodes, type SimNode } from './selectNodes.ts';

export interface CanvasModel {
  /** What each node shows this frame. */
  nodes: SimNode[];
  /**
   * The node objects React Flow gets: a node whose data alone changed keeps its previous
   * object, and its component gets the new data from the node data channel (nodeData.ts).
   */
  flowNodes: SimNode[];
  edges: Edge[];
}

const EMPTY: CanvasModel = { nodes: [], flowNodes: [], edges: [] };

const NO_SIZES: Sizes = new Map();

/**
 * A memoising wrapper around the pure selectors: same (state, version, sizes, playing, aspect),
 * same result. `playing` lets number-only changes be paced (pacing.ts); when it is false, and on the
 * first result after a command, every change is in the result.
 */
export function createCanvasSelector(): (
  state: SimState | null,
  version: number,
  sizes?: Sizes,
  playing?: boolean,
  aspect?: number,
) => CanvasModel {
  let last: {
    state: SimState | null;
    version: number;
    sizes: Sizes;
    playing: boolean;
    aspect: number;
    commands: number;
    model: CanvasModel;
  } | null = null;
  const pacer = createNodePacer();
  // The edges change a few times a run: built again only when what they are drawn from changed.
  const edgesOf = createEdgeMemo(selectEdges);
  let reused: { from: Edge[]; out: Edge[] } | null = null;
  /** The previous frame's edges while the memo returned the same ones, else reuseUnchanged's. */
  const reuseEdges = (previous: Edge[], next: Edge[]): Edge[] => {
    if (reused && reused.from === next && reused.out === previous) return previous;
    reused = { from: next, out: reuseUnchanged(previous, next) };
    return reused.out;
  };
  return (state, version, sizes = NO_SIZES, playing = false, aspect = TARGET_ASPECT) => {
    if (
      last &&
      last.state === state &&
      last.version === version &&
      last.sizes === sizes &&
      last.playing === playing &&
      last.aspect === aspect
    )
      return last.model;
    const commands = state?.commandLog.length ?? 0;
    // A new arrangement moves nodes: drawn at once, not paced.
    const exact =
      !playing || last?.state !== state || last.commands !== commands || last.aspect !== aspect;
    const previous = last?.model.nodes ?? [];
    let model = EMPTY;
    if (state) {
      const nodes = pacer.pace(
        previous,
        reuseUnchanged(previous, withMeasured(selectNodes(state, aspect), sizes)),
        exact,
      );
      model = {
        nodes,
        flowNodes: flowNodes(last?.model.flowNodes ?? [], nodes),
        edges: reuseEdges(last?.model.edges ?? [], edgesOf(state)),
      };
    }
    last = { state, version, sizes, playing, aspect, commands, model };
    return model;
  };
}

/**
 * `sizes`: the node sizes React Flow measured (Canvas collects them from onNodesChange);
 * `aspect`: the canvas's shape, which the layout arranges the nodes for (layout.ts).
 */
export function useCanvas(sizes: Sizes = NO_SIZES, aspect = TARGET_ASPECT): CanvasModel {
  const [select] = useState(createCanvasSelector);
  const state = useSim((s) => s.simulation?.state ?? null);
  const version = useSim((s) => s.version);
  const playing = useSim((s) => s.playing);
  return select(state, version, sizes, playing, aspect);
}
