/**
 * The canvas as a pure function of engine state: React Flow nodes and edges. Nothing here
 * keeps state of its own, so the same engine state always draws the same picture, and
 * tests can check the picture without a browser.
 */
import type { Edge, Node } from '@xyflow/react';
import type { SimState } from '../../engine/model.ts';
import { LEADER_TILE_HEIGHT, layout, TILE_HEIGHT } from './layout.ts';
import {
  brokerView,
  consumerView,
  producerView,
  type BrokerView,
  type ConsumerView,
  type ProducerView,
} from './views.ts';

export type BrokerNode = Node<{ view: BrokerView }, 'broker'>;
export type ProducerNode = Node<{ view: ProducerView }, 'producer'>;
export type ConsumerNode = Node<{ view: ConsumerView }, 'consumer'>;
export type SimNode = BrokerNode | ProducerNode | ConsumerNode;

export const brokerNodeId = (id: number): string => `broker:${id}`;
export const producerNodeId = (id: string): string => `producer:${id}`;
export const consumerNodeId = (id: string): string => `consumer:${id}`;

/** The static part every node shares: the canvas is read, not edited, for now. */
const FIXED = { draggable: false, connectable: false, selectable: false } as const;

/** The height of each row a broker node lists, as canvas.css draws them. */
function brokerTileHeights(b: BrokerView): number[] {
  const rows = b.replicas.map((r) => (r.role === 'leader' ? LEADER_TILE_HEIGHT : TILE_HEIGHT));
  return b.hiddenReplicas > 0 ? [...rows, TILE_HEIGHT] : rows;
}

export function selectNodes(state: SimState): SimNode[] {
  const brokers = state.brokers.map((b) => brokerView(state, b));
  const producers = state.producers.map(producerView);
  const consumers = state.consumers.map(consumerView);
  // A "+N more" line takes the room of one more row.
  const at = layout(
    brokers.map(brokerTileHeights),
    producers.length,
    consumers.map((c) => c.partitions.length + (c.hiddenPartitions > 0 ? 1 : 0)),
  );
  const nodes: SimNode[] = [];
  producers.forEach((view, i) => {
    const position = at.producers[i] ?? { x: 0, y: 0 };
    nodes.push({
      id: producerNodeId(view.id),
      type: 'producer',
      position,
      data: { view },
      ...FIXED,
    });
  });
  brokers.forEach((view, i) => {
    const position = at.brokers[i] ?? { x: 0, y: 0 };
    nodes.push({ id: brokerNodeId(view.id), type: 'broker', position, data: { view }, ...FIXED });
  });
  consumers.forEach((view, i) => {
    const position = at.consumers[i] ?? { x: 0, y: 0 };
    nodes.push({
      id: consumerNodeId(view.id),
      type: 'consumer',
      position,
      data: { view },
      ...FIXED,
    });
  });
  return nodes;
}

/** Partition keys ("orders-0") grouped by the broker that leads them, brokers in id order. */
function byLeader(
  state: SimState,
  partitions: { topic: string; partition: number }[],
): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const { topic, partition } of partitions) {
    const leader = state.topics.find((t) => t.name === topic)?.partitions[partition]?.leader;
    if (leader === null || leader === undefined) continue;
    out.set(leader, [...(out.get(leader) ?? []), `${topic}-${partition}`]);
  }
  return new Map([...out.entries()].sort(([a], [b]) => a - b));
}

/**
 * Edges are straight lines between the facing handles: the same lines messages travel along
 * (messageGeometry.ts), one lane each way.
 */
const EDGE_TYPE = 'straight';

/**
 * Who talks to whom: a producer sends each partition's batches to that partition's leader,
 * a consumer fetches each assigned partition from its leader. An offline partition has no
 * leader, so no edge.
 */
/** Above this many edges their partition labels overlap more than they help. */
export const MAX_LABELLED_EDGES = 8;

export function selectEdges(state: SimState): Edge[] {
  const edges: Edge[] = [];
  for (const p of state.producers) {
    const topic = state.topics.find((t) => t.name === p.topic);
    const partitions = (topic?.partitions ?? []).map((x) => ({
      topic: x.topic,
      partition: x.partition,
    }));
    for (const [broker, keys] of byLeader(state, partitions)) {
      edges.push({
        id: `produce:${p.id}->${broker}`,
        source: producerNodeId(p.id),
        target: brokerNodeId(broker),
        label: keys.join(', '),
        className: 'edge-produce',
        type: EDGE_TYPE,
      });
    }
  }
  for (const c of state.consumers) {
    for (const [broker, keys] of byLeader(state, c.assignment)) {
      edges.push({
        id: `fetch:${broker}->${c.id}`,
        source: brokerNodeId(broker),
        target: consumerNodeId(c.id),
        label: keys.join(', '),
        className: 'edge-fetch',
        type: EDGE_TYPE,
      });
    }
  }
  if (edges.length > MAX_LABELLED_EDGES) for (const e of edges) delete e.label;
  return edges;
}

/**
 * Keeps the previous object for every node or edge whose content did not change, so React
 * Flow redraws only what moved (most frames change a few numbers on a few nodes).
 */
export function reuseUnchanged<T extends { id: string }>(previous: readonly T[], next: T[]): T[] {
  const before = new Map(previous.map((item) => [item.id, item]));
  let changed = previous.length !== next.length;
  const out = next.map((item, i) => {
    const old = before.get(item.id);
    if (old !== undefined && JSON.stringify(old) === JSON.stringify(item)) {
      if (previous[i] !== old) changed = true;
      return old;
    }
    changed = true;
    return item;
  });
  return changed ? out : (previous as T[]);
}
