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
import { consumerNodeId, producerNodeId } from './selectNodes.ts';
import { createInputMemo } from './inputMemo.ts';
import { STREAMS_ANCHOR_FRACTION, streamsProducers } from './streamsView.ts';
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

/**
 * Kafka Streams members' embedded producers have no node: their messages leave from the lower
 * part of the member's card, where its produce line starts (STREAMS_ANCHOR_FRACTION), so they
 * travel on that line and not on the member's fetch line. The rectangles of `rects` plus one
 * per embedded producer; `rects` itself when there is none.
 */
export function streamsAnchorRects(state: SimState, rects: NodeRects): NodeRects {
  const members = streamsProducers(state);
  if (members.length === 0) return rects;
  const out = new Map(rects);
  for (const { consumer, producer } of members) {
    const r = rects.get(consumerNodeId(consumer));
    if (!r) continue;
    // A band centred on the anchor: its centre is where the line starts.
    const band = 2 * (1 - STREAMS_ANCHOR_FRACTION) * r.height;
    out.set(producerNodeId(producer), {
      x: r.x,
      y: r.y + r.height - band,
      width: r.width,
      height: band,
    });
  }
  return out;
}

/** streamsAnchorRects, the same Map object while neither the rectangles nor the members change. */
function anchoredRectsCache(): (state: SimState, rects: NodeRects) => NodeRects {
  let last: { rects: NodeRects; key: string; out: NodeRects } | null = null;
  return (state, rects) => {
    if (state.streams.length === 0) return rects;
    const key = streamsProducers(state)
      .map((m) => `${m.consumer}>${m.producer}`)
      .join(',');
    if (last && last.rects === rects && last.key === key) return last.out;
    last = { rects, key, out: streamsAnchorRects(state, rects) };
    return last.out;
  };
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

/** What replicaConnections reads: each broker's state and its fetchers' leaders. */
function writeConnectionInputs(state: SimState, out: unknown[]): number {
  let n = 0;
  out[n++] = brokerSettings(state.cluster.brokerConfig).remoteLogStorageSystem;
  for (const b of state.brokers) {
    out[n++] = b.id;
    out[n++] = b.alive;
    out[n++] = b.isolated;
    out[n++] = b.fetchers.length;
    for (const f of b.fetchers) out[n++] = f.leader;
  }
  return n;
}

/** A memoising wrapper around selectMessageScene: same inputs, same scene object. */
export function createMessageSceneSelector(): SceneSelector {
  let last: {
    state: SimState | null;
    version: number;
    rects: NodeRects;
    options: SceneOptions;
    scene: MessageScene;
  } | null = null;
  const anchored = anchoredRectsCache();
  // The replica fetchers' links change with the leadership, not with every frame.
  const connections = createInputMemo(writeConnectionInputs, (state: SimState) =>
    replicaConnections(state, brokerSettings(state.cluster.brokerConfig).remoteLogStorageSystem),
  );
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
      ? selectMessageScene(inFlightMessages(state), anchored(state, rects), state.nowMs, {
          ...options,
          connections: connections(state),
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
