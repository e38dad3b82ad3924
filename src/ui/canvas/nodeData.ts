/**
 * Node content delivered to the node components directly, beside React Flow.
 *
 * While playing, the numbers on many nodes change every frame. Handing React Flow new node
 * objects for them makes it adopt the whole node list again, update its own store and render
 * its node renderer and every changed node wrapper in a second pass after ours, each frame. A
 * node whose place, size and flags did not change does not need any of that: React Flow keeps
 * its previous object (flowNodes), and the node's component reads its current content from
 * this channel, which re-renders just that component when its content changes.
 *
 * Not delivered this way (React Flow gets a new node object, as before): anything that moves,
 * resizes or changes the kind of a node.
 */
import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import { nodeSize, sameData, type SimNode } from './selectNodes.ts';

/** Whether `next` can reach its component through the channel: only its data differs. */
export function sameFrame(old: SimNode, next: SimNode): boolean {
  if (old === next) return true;
  if (old.type !== next.type) return false;
  const a = nodeSize(old);
  const b = nodeSize(next);
  if (a.width !== b.width || a.height !== b.height) return false;
  // Everything but the data must be the same: id, position, measured size, flags. Node
  // fields are plain values but for position and measured, compared by their numbers.
  const keys = Object.keys(next) as (keyof SimNode)[];
  if (keys.length !== Object.keys(old).length) return false;
  for (const key of keys) {
    if (key === 'data') continue;
    const x = old[key];
    const y = next[key];
    if (x !== y && !sameData(x, y)) return false;
  }
  return true;
}

/**
 * The nodes to hand React Flow: the previous object of every node whose data alone changed,
 * the new object otherwise; `previous` itself when React Flow has nothing new.
 */
export function flowNodes(previous: readonly SimNode[], shown: SimNode[]): SimNode[] {
  if (previous === shown) return shown;
  const before = new Map(previous.map((n) => [n.id, n]));
  let same = previous.length === shown.length;
  const out = shown.map((n, i) => {
    const old = before.get(n.id);
    const node = old !== undefined && sameFrame(old, n) ? old : n;
    if (node !== previous[i]) same = false;
    return node;
  });
  return same ? (previous as SimNode[]) : out;
}

export interface NodeDataChannel {
  /**
   * Makes `nodes`' data current, drawn from run `run` (the store's count of runs started);
   * re-renders the components whose data changed, and those that depend on the run when it
   * changed.
   */
  publish(nodes: readonly SimNode[], run?: number): void;
  get(id: string): SimNode['data'] | undefined;
  subscribe(id: string, listener: () => void): () => void;
  /** The run the current data were drawn from. */
  run(): number;
  subscribeRun(listener: () => void): () => void;
}

export function createNodeDataChannel(): NodeDataChannel {
  const data = new Map<string, SimNode['data']>();
  const listeners = new Map<string, Set<() => void>>();
  const runListeners = new Set<() => void>();
  let currentRun = 0;
  return {
    publish(nodes, run = currentRun) {
      const runChanged = run !== currentRun;
      currentRun = run;
      const changed: string[] = [];
      const present = new Set<string>();
      for (const n of nodes) {
        present.add(n.id);
        if (data.get(n.id) === n.data) continue;
        data.set(n.id, n.data);
        changed.push(n.id);
      }
      for (const id of data.keys()) if (!present.has(id)) data.delete(id);
      for (const id of changed) listeners.get(id)?.forEach((l) => l());
      if (runChanged) runListeners.forEach((l) => l());
    },
    get: (id) => data.get(id),
    run: () => currentRun,
    subscribeRun(listener) {
      runListeners.add(listener);
      return () => runListeners.delete(listener);
    },
    subscribe(id, listener) {
      let set = listeners.get(id);
      if (!set) listeners.set(id, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(id);
      };
    },
  };
}

export const NodeDataContext = createContext<NodeDataChannel | null>(null);

const NO_SUBSCRIPTION = () => () => {};

/**
 * A node component's current data: the channel's when the canvas provides one (newer than or
 * the same as React Flow's), else the props React Flow passed.
 */
export function useNodeData<D>(id: string, data: D): D {
  const channel = useContext(NodeDataContext);
  const subscribe = useCallback(
    (listener: () => void) => channel?.subscribe(id, listener) ?? (() => {}),
    [channel, id],
  );
  const live = useSyncExternalStore(channel ? subscribe : NO_SUBSCRIPTION, () => channel?.get(id));
  return (live as D | undefined) ?? data;
}

const NO_RUN_SUBSCRIPTION = (): (() => void) => () => {};

/**
 * The run the node data being drawn belong to, published with them: a part that must not
 * carry anything over from one run to the next (a layout id, a flash) reads it here rather
 * than from the store, whose new run would otherwise meet the previous run's data for one
 * render.
 */
export function useNodeRun(): number {
  const channel = useContext(NodeDataContext);
  return useSyncExternalStore(channel ? channel.subscribeRun : NO_RUN_SUBSCRIPTION, () =>
    channel ? channel.run() : 0,
  );
}
