/**
 * The canvas as a pure function of engine state: React Flow nodes and edges. Nothing here
 * keeps state of its own, so the same engine state always draws the same picture, and
 * tests can check the picture without a browser.
 */
import type { Edge, Node } from '@xyflow/react';
import type { SimState } from '../../engine/model.ts';
import { lostOfProducer } from '../../engine/durability.ts';
import {
  groupIds,
  groupViews,
  isGroupMember,
  type GroupView,
  type MemberView,
} from './groupView.ts';
import {
  BROKER_WIDTH,
  brokerHeight,
  consumerHeight,
  CONSUMER_WIDTH,
  GROUP_PADDING,
  GROUP_WIDTH,
  groupChipLayout,
  groupHeight,
  groupMembersTop,
  INTERNAL_ROW_HEIGHT,
  LEADER_TILE_HEIGHT,
  layout,
  MEMBER_GAP,
  MEMBER_WIDTH,
  PRODUCER_HEIGHT,
  PRODUCER_WIDTH,
  remoteStorageHeight,
  TARGET_ASPECT,
  TILE_HEIGHT,
} from './layout.ts';
import {
  connectView,
  sourceConnectorView,
  stoppedSourceTasks,
  type ConnectView,
} from './connectView.ts';
import {
  isEmbeddedProducer,
  STREAMS_IN_HANDLE,
  STREAMS_OUT_HANDLE,
  streamsProducers,
} from './streamsView.ts';
import {
  brokerView,
  consumerView,
  producerView,
  remoteStorageView,
  type BrokerView,
  type ConsumerView,
  type ProducerView,
  type RemoteStorageView,
} from './views.ts';

export type BrokerNode = Node<{ view: BrokerView }, 'broker'>;
export type ProducerNode = Node<{ view: ProducerView }, 'producer'>;
export type ConsumerNode = Node<{ view: ConsumerView }, 'consumer'>;
/** A consumer group: a container whose members are `member` nodes placed inside it. */
export type GroupNode = Node<
  { view: GroupView; pausedRows: number; width: number; height: number; chipMotion: boolean },
  'consumerGroup'
>;
export type MemberNode = Node<
  { view: MemberView; chipRows: number; width: number; height: number; chipMotion: boolean },
  'member'
>;
/** Remote storage (tiered storage): the object store outside the cluster, under the brokers. */
export type RemoteStorageNode = Node<
  { view: RemoteStorageView; width: number; height: number },
  'remoteStorage'
>;
export type SimNode =
  BrokerNode | ProducerNode | ConsumerNode | GroupNode | MemberNode | RemoteStorageNode;

export const brokerNodeId = (id: number): string => `broker:${id}`;
export const producerNodeId = (id: string): string => `producer:${id}`;
/** Standalone consumers and group members alike: messages find a consumer by its name. */
export const consumerNodeId = (id: string): string => `consumer:${id}`;
export const groupNodeId = (id: string): string => `group:${id}`;
export const REMOTE_STORAGE_NODE_ID = 'remote-storage';

/** The static part every node shares: the canvas is read, not edited, for now. */
const FIXED = { draggable: false, connectable: false, selectable: false } as const;

/** The height of each row a broker node lists, as canvas.css draws them. */
function brokerTileHeights(b: BrokerView): number[] {
  const rows = b.replicas.map((r) => (r.role === 'leader' ? LEADER_TILE_HEIGHT : TILE_HEIGHT));
  const internal = b.internalTopics.map(() => INTERNAL_ROW_HEIGHT);
  return b.hiddenReplicas > 0 ? [...rows, TILE_HEIGHT, ...internal] : [...rows, ...internal];
}

/**
 * The size a node is drawn at (canvas.css and the heights in layout.ts), for checks that
 * nodes do not overlap; group and member nodes carry theirs in their data.
 */
const brokerSizes = new WeakMap<BrokerView, { width: number; height: number }>();

export function nodeSize(n: SimNode): { width: number; height: number } {
  switch (n.type) {
    case 'producer':
      return { width: PRODUCER_WIDTH, height: PRODUCER_HEIGHT };
    case 'broker': {
      // Asked several times a frame for each broker (pacing, the node data channel).
      const view = n.data.view;
      let size = brokerSizes.get(view);
      if (size === undefined) {
        size = { width: BROKER_WIDTH, height: brokerHeight(brokerTileHeights(view)) };
        brokerSizes.set(view, size);
      }
      return size;
    }
    case 'consumer': {
      const v = n.data.view;
      const rows = v.partitions.length + (v.hiddenPartitions > 0 ? 1 : 0);
      return { width: CONSUMER_WIDTH, height: consumerHeight(rows) };
    }
    case 'consumerGroup':
    case 'member':
    case 'remoteStorage':
      return { width: n.data.width, height: n.data.height };
  }
}

/**
 * How many partitions' chips may fly from member to member in a rebalance; the chips of the
 * groups beyond it jump to their new places. Groups take from it smallest first, so a small
 * teaching group keeps its animation whatever large group is added beside it. `large` (three
 * groups, 96 partitions) completing its first rebalance spent about 15 frames of more than
 * 25 ms on the layout animations when every chip flew (framer-motion measures and moves each
 * one), still 9–17 with 48 flying, 8–11 with 24 and 7–10 with none (10 s bench:ui runs on a
 * shared machine); nobody follows a swarm of chips a few pixels wide. Every shipped scenario
 * but `large` and `stress` has at most 12 partitions in its groups.
 */
export const FLYING_PARTITIONS = 24;

/** Whether each group's chips fly (FLYING_PARTITIONS), in the order of `groups`. */
export function chipsFly(groups: readonly GroupView[]): boolean[] {
  const bySize = groups
    .map((g, i) => ({ i, n: g.partitionCount }))
    .sort((a, b) => a.n - b.n || a.i - b.i);
  const out = groups.map(() => false);
  let left = FLYING_PARTITIONS;
  for (const { i, n } of bySize) {
    if (n > left) break;
    left -= n;
    out[i] = true;
  }
  return out;
}

interface PlacedGroup {
  view: GroupView;
  chipMotion: boolean;
  pausedRows: number;
  memberRows: number;
  memberHeight: number;
  height: number;
}

function placeGroup(view: GroupView, chipMotion: boolean): PlacedGroup {
  const chips = groupChipLayout(view.shortChips, view.partitionCount);
  return {
    view,
    chipMotion,
    pausedRows: chips.pausedRows,
    memberRows: chips.memberRows,
    memberHeight: chips.memberHeight,
    height: groupHeight(chips.pausedRows, view.members.length, chips.memberHeight),
  };
}

function groupNodes(g: PlacedGroup, position: { x: number; y: number }): SimNode[] {
  const id = groupNodeId(g.view.id);
  const nodes: SimNode[] = [
    {
      id,
      type: 'consumerGroup',
      position,
      data: {
        view: g.view,
        pausedRows: g.pausedRows,
        width: GROUP_WIDTH,
        height: g.height,
        chipMotion: g.chipMotion,
      },
      ...FIXED,
    },
  ];
  const top = groupMembersTop(g.pausedRows);
  g.view.members.forEach((view, i) => {
    nodes.push({
      id: consumerNodeId(view.id),
      type: 'member',
      parentId: id,
      position: { x: GROUP_PADDING, y: top + i * (g.memberHeight + MEMBER_GAP) },
      data: {
        view,
        chipRows: g.memberRows,
        width: MEMBER_WIDTH,
        height: g.memberHeight,
        chipMotion: g.chipMotion,
      },
      ...FIXED,
    });
  });
  return nodes;
}

/** A source task with no producer (crashed): the node stays, with its connector's counts. */
function stoppedSourceTaskView(state: SimState, client: string, connect: ConnectView) {
  return {
    id: client,
    topic: connect.topics[0] ?? '',
    ratePerSec: 0,
    acks: 'all',
    sent: 0,
    acked: 0,
    failed: 0,
    pending: 0,
    blocked: false,
    // What its producer had acknowledged and lost stays counted while the task is down.
    lost: lostOfProducer(state, client),
    // Its duplicates are the connector's (connectView.ts), counted while the task is down too.
    duplicates: 0,
    reordered: 0,
    waiting: null,
    retrying: null,
    connect,
  };
}

/** `aspect`: the shape (width / height) of the canvas the picture is laid out for (layout.ts). */
export function selectNodes(state: SimState, aspect = TARGET_ASPECT): SimNode[] {
  const brokers = state.brokers.map((b) => brokerView(state, b));
  // A Kafka Streams member's embedded producer is drawn with its member, not as a producer.
  const producers = state.producers
    .filter((p) => !isEmbeddedProducer(state, p.id))
    .map((p) => ({ ...producerView(state, p), connect: sourceConnectorView(state, p.id) }));
  // A Kafka Connect source task that is not running keeps its place, drawn as failed.
  for (const { client, connector } of stoppedSourceTasks(state))
    producers.push(stoppedSourceTaskView(state, client, connectView(connector)));
  const groupList = groupViews(state, groupChipLayout);
  const fly = chipsFly(groupList);
  const groups = groupList.map((g, i) => placeGroup(g, fly[i] ?? false));
  const consumers = state.consumers.filter((c) => !isGroupMember(c)).map(consumerView);
  // A "+N more" line takes the room of one more row.
  const rightHeights = [
    ...groups.map((g) => g.height),
    ...consumers.map((c) => consumerHeight(c.partitions.length + (c.hiddenPartitions > 0 ? 1 : 0))),
  ];
  const remote = remoteStorageView(state);
  const remoteHeight = remote ? remoteStorageHeight(remote.topics.length) : 0;
  const at = layout(
    brokers.map(brokerTileHeights),
    producers.length,
    rightHeights,
    groups.length > 0 ? Math.max(GROUP_WIDTH, CONSUMER_WIDTH) : CONSUMER_WIDTH,
    remoteHeight,
    aspect,
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
  if (remote && at.remoteStorage) {
    const { x, y, width } = at.remoteStorage;
    nodes.push({
      id: REMOTE_STORAGE_NODE_ID,
      type: 'remoteStorage',
      position: { x, y },
      data: { view: remote, width, height: remoteHeight },
      ...FIXED,
    });
  }
  groups.forEach((g, i) => nodes.push(...groupNodes(g, at.consumers[i] ?? { x: 0, y: 0 })));
  consumers.forEach((view, i) => {
    const position = at.consumers[groups.length + i] ?? { x: 0, y: 0 };
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

type PartitionRef = { topic: string; partition: number };

/** Partitions grouped by the broker that leads them, brokers in id order. */
function byLeader(state: SimState, partitions: PartitionRef[]): Map<number, PartitionRef[]> {
  const out = new Map<number, PartitionRef[]>();
  for (const ref of partitions) {
    const leader = state.topics.find((t) => t.name === ref.topic)?.partitions[ref.partition]
      ?.leader;
    if (leader === null || leader === undefined) continue;
    out.set(leader, [...(out.get(leader) ?? []), ref]);
  }
  return new Map([...out.entries()].sort(([a], [b]) => a - b));
}

/**
 * An edge's label: each topic once with its partition numbers, "orders 0, 1, 4 · payments 2",
 * short enough to sit in the gap between two columns of nodes ("orders-0, orders-1, orders-4"
 * was hidden under the nodes at either end).
 */
export function partitionsLabel(refs: readonly PartitionRef[]): string {
  const byTopic = new Map<string, number[]>();
  for (const { topic, partition } of refs)
    byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
  return [...byTopic]
    .map(([topic, ps]) => `${topic} ${[...ps].sort((a, b) => a - b).join(', ')}`)
    .join(' · ');
}

/** The edge type whose label follows `data.labelT` (edgeLabels.ts, PlacedEdge.tsx). */
export const PLACED_EDGE_TYPE = 'placed';

/**
 * Edges are straight lines between the facing handles: the same lines messages travel along
 * (messageGeometry.ts), one lane each way. Their labels are placed apart (edgeLabels.ts).
 */
const EDGE_TYPE = PLACED_EDGE_TYPE;

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
    if (isEmbeddedProducer(state, p.id)) continue; // drawn from its member, below
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
        label: partitionsLabel(keys),
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
        label: partitionsLabel(keys),
        className: 'edge-fetch',
        type: EDGE_TYPE,
      });
    }
  }
  edges.push(...streamsEdges(state));
  if (edges.length > MAX_LABELLED_EDGES) for (const e of edges) delete e.label;
  // The group coordinator: a quiet dashed line from the broker to the group it coordinates,
  // the way heartbeats, joins and commits go. Always labelled: it is one line per group.
  const drawn = groupIds(state);
  for (const g of state.groups) {
    if (g.coordinator === null || !drawn.includes(g.groupId)) continue;
    edges.push({
      id: `coordinator:${g.coordinator}->${g.groupId}`,
      source: brokerNodeId(g.coordinator),
      target: groupNodeId(g.groupId),
      label: 'coordinator',
      className: 'edge-coordinator',
      type: EDGE_TYPE,
    });
  }
  return edges;
}

/**
 * A Kafka Streams member writes its outputs through its embedded producer: a produce line from
 * the member (the lower part of its left side, apart from its fetch line) back to each broker
 * leading a partition of the output topic. Messages of the embedded producer travel on it
 * (streamsAnchorRects in useMessageScene.ts).
 */
function streamsEdges(state: SimState): Edge[] {
  const edges: Edge[] = [];
  for (const { consumer, producer } of streamsProducers(state)) {
    const p = state.producers.find((x) => x.id === producer);
    const c = state.consumers.find((x) => x.id === consumer);
    if (!p || !c || !isGroupMember(c)) continue;
    const topic = state.topics.find((t) => t.name === p.topic);
    const partitions = (topic?.partitions ?? []).map((x) => ({
      topic: x.topic,
      partition: x.partition,
    }));
    for (const [broker, keys] of byLeader(state, partitions)) {
      edges.push({
        id: `streams-produce:${consumer}->${broker}`,
        source: consumerNodeId(consumer),
        sourceHandle: STREAMS_OUT_HANDLE,
        target: brokerNodeId(broker),
        targetHandle: STREAMS_IN_HANDLE,
        label: partitionsLabel(keys),
        className: 'edge-produce edge-streams',
        type: EDGE_TYPE,
      });
    }
  }
  return edges;
}

/**
 * Whether two pieces of plain data (objects, arrays, strings, numbers, booleans, null) hold
 * the same content, as their JSON would say: properties whose value is undefined count as
 * absent. With `anyNumbers`, any two numbers count as the same (only the rest must match).
 * Walks both at once and stops at the first difference, without building strings: the canvas
 * compares every node with its previous self on every frame.
 */
export function sameData(a: unknown, b: unknown, anyNumbers = false): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    if (typeof a !== 'number' || typeof b !== 'number') return false;
    // JSON writes NaN and the infinities as null.
    return anyNumbers || (!Number.isFinite(a) && !Number.isFinite(b));
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i], anyNumbers)) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const key in x) {
    if (!Object.hasOwn(x, key) || x[key] === undefined) continue;
    count++;
    if (!sameData(x[key], y[key], anyNumbers)) return false;
  }
  for (const key in y) if (Object.hasOwn(y, key) && y[key] !== undefined) count--;
  return count === 0;
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
    if (old !== undefined && sameData(old, item)) {
      if (previous[i] !== old) changed = true;
      return old;
    }
    changed = true;
    return item;
  });
  return changed ? out : (previous as T[]);
}
