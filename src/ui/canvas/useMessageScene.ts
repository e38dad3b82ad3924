/**
 * What the message layer needs from React Flow and the store: the node rectangles (React
 * Flow's measured nodes) and the scene of in-flight messages at the engine's current time,
 * recomputed only when the engine moved or a node moved or changed size.
 */
import { useStore, type ReactFlowState } from '@xyflow/react';
import { useState, useSyncExternalStore } from 'react';
import type { SimState } from '../../engine/model.ts';
import { brokerSettings } from '../../engine/config.ts';
import { inFlightMessages } from '../../engine/network.ts';
import { useSim } from '../StoreContext.tsx';
import type { Rect } from './messageGeometry.ts';
import {
  EMPTY_SCENE,
  replicaConnections,
  scaleForZoom,
  selectMessageScene,
  type MessageScene,
  type NodeRects,
  type SceneOptions,
} from './messageScene.ts';

function selectRects(s: ReactFlowState): Map<string, Rect> {
  const out = new Map<string, Rect>();
  for (const [id, node] of s.nodeLookup) {
    const width = node.measured.width ?? 0;
    const height = node.measured.height ?? 0;
    // Not measured yet: it has no size to attach messages to.
    if (width <= 0 || height <= 0) continue;
    const { x, y } = node.internals.positionAbsolute;
    out.set(id, { x, y, width, height });
  }
  return out;
}

export function sameRects(a: NodeRects, b: NodeRects): boolean {
  if (a.size !== b.size) return false;
  for (const [id, r] of a) {
    const o = b.get(id);
    if (!o || o.x !== r.x || o.y !== r.y || o.width !== r.width || o.height !== r.height)
      return false;
  }
  return true;
}

/** Measured node rectangles by node id; the same Map object until one of them changes. */
export function useNodeRects(): NodeRects {
  return useStore(selectRects, sameRects);
}

const REDUCED_MOTION = '(prefers-reduced-motion: reduce)';

/**
 * The one media query list, made on first use: the message layer reads it on every frame, and
 * matchMedia builds a new list (parsing the query) on every call.
 */
let reducedMotionQuery: MediaQueryList | null | undefined;
function reducedMotion(): MediaQueryList | null {
  if (reducedMotionQuery === undefined)
    reducedMotionQuery = globalThis.matchMedia?.(REDUCED_MOTION) ?? null;
  return reducedMotionQuery;
}

function subscribeReducedMotion(onChange: () => void): () => void {
  const query = reducedMotion();
  query?.addEventListener('change', onChange);
  return () => query?.removeEventListener('change', onChange);
}

export function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(
    subscribeReducedMotion,
    () => reducedMotion()?.matches ?? false,
    () => false,
  );
}

type SceneSelector = (
  state: SimState | null,
  version: number,
  rects: NodeRects,
  options: SceneOptions,
) => MessageScene;

/** A memoising wrapper around selectMessageScene: same inputs, same scene object. */
export function createMessageSceneSelector(): SceneSelector {
  let last: {
    state: SimState | null;
    version: number;
    rects: NodeRects;
    options: SceneOptions;
    scene: MessageScene;
  } | null = null;
  return (state, version, rects, options) => {
    if (
      last &&
      last.state === state &&
      last.version === version &&
      last.rects === rects &&
      last.options.flowing === options.flowing &&
      last.options.scale === options.scale
    )
      return last.scene;
    const scene = state
      ? selectMessageScene(inFlightMessages(state), rects, state.nowMs, {
          ...options,
          connections: replicaConnections(
            state,
            brokerSettings(state.cluster.brokerConfig).remoteLogStorageSystem,
          ),
        })
      : EMPTY_SCENE;
    last = { state, version, rects, options, scene };
    return scene;
  };
}

/** The in-flight messages to draw now. The engine state is mutated in place: `version` says when. */
export function useMessageScene(rects: NodeRects): MessageScene {
  const [select] = useState(createMessageSceneSelector);
  const state = useSim((s) => s.simulation?.state ?? null);
  const version = useSim((s) => s.version);
  const flowing = !usePrefersReducedMotion();
  // Only the zoom matters (panning moves the whole layer), and only in steps of the scale.
  const scale = useStore((s) => scaleForZoom(s.transform[2]));
  return select(state, version, rects, { flowing, scale });
}
