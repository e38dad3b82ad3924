/**
 * How an in-flight message looks, from the message alone: its category (data, replication,
 * control), the partitions whose records it carries, and whether it carries an error. Pure;
 * the canvas decides where to draw it (messageScene.ts).
 *
 * The engine grows new message kinds (replica fetches, heartbeats, metadata, …). A kind this
 * file does not list still gets a category from its name and its endpoints, so a new kind is
 * drawn sensibly (quietly, unless it carries records) before anyone updates this table.
 */
import { messageSummary } from '../../engine/network.ts';
import type { MessageState, MessageSummary } from '../../engine/model.ts';

/**
 * - `data`: the record path between clients and brokers (produce, fetch and their answers).
 * - `replication`: between brokers, moving records from leaders to followers.
 * - `control`: everything else (offsets lookups, heartbeats, joins, commits, metadata); drawn
 *   quietly.
 */
export type MessageCategory = 'data' | 'replication' | 'control';

/** Categories of the kinds known so far; broker ↔ broker fetches are `replication`. */
const KIND_CATEGORY: Readonly<Record<string, MessageCategory>> = {
  produce: 'data',
  produceResponse: 'data',
  fetch: 'data',
  fetchResponse: 'data',
  replicaFetch: 'replication',
  replicaFetchResponse: 'replication',
  listOffsets: 'control',
  listOffsetsResponse: 'control',
  offsetsForLeaderEpoch: 'control',
  offsetsForLeaderEpochResponse: 'control',
  metadata: 'control',
  metadataResponse: 'control',
  metadataUpdate: 'control',
  brokerHeartbeat: 'control',
  brokerHeartbeatResponse: 'control',
  alterPartition: 'control',
  alterPartitionResponse: 'control',
  // The group protocol: members and their coordinator. Quiet, like the rest of the chatter.
  findCoordinator: 'control',
  findCoordinatorResponse: 'control',
  joinGroup: 'control',
  joinGroupResponse: 'control',
  syncGroup: 'control',
  syncGroupResponse: 'control',
  heartbeat: 'control',
  heartbeatResponse: 'control',
  leaveGroup: 'control',
  leaveGroupResponse: 'control',
  offsetCommit: 'control',
  offsetCommitResponse: 'control',
  offsetFetch: 'control',
  offsetFetchResponse: 'control',
  // Tiered storage: segments uploaded to remote storage and old records read back move data
  // between the tiers, drawn like replication; the requests and acknowledgements are quiet.
  remoteCopy: 'replication',
  remoteFetchResponse: 'replication',
  remoteFetch: 'control',
  remoteCopyResponse: 'control',
};

/**
 * Error codes that are steps of the group protocol, not failures: a heartbeat answered
 * REBALANCE_IN_PROGRESS tells the member to rejoin, MEMBER_ID_REQUIRED hands a new member its
 * id (KIP-394). They are drawn as notices (amber, small), not as errors (red, large).
 */
export const PROTOCOL_SIGNALS: ReadonlySet<string> = new Set([
  'REBALANCE_IN_PROGRESS',
  'MEMBER_ID_REQUIRED',
]);

export const NOTICE_COLOUR = '#d97706';

const REPLICATION_NAME = /replica|fetch|isr|follower/i;

/** The category of any kind, known or not: a safe default for kinds added later. */
export function messageCategory(
  kind: string,
  brokerToBroker: boolean,
  records: number,
): MessageCategory {
  if (brokerToBroker && REPLICATION_NAME.test(kind)) return 'replication';
  const known = Object.hasOwn(KIND_CATEGORY, kind) ? KIND_CATEGORY[kind] : undefined;
  if (known !== undefined) return known;
  // An unknown kind that carries records moves data; anything else is cluster chatter.
  if (records > 0) return brokerToBroker ? 'replication' : 'data';
  return 'control';
}

/**
 * Partition colours: a stable palette by partition number (orders-1 and payments-1 share a
 * colour). Eight strong colours that read on a projector and stay apart from the error red,
 * the quiet greys and the brokers' teal (replication).
 */
export const PARTITION_COLOURS: readonly string[] = [
  '#2563eb', // blue
  '#f59e0b', // amber
  '#16a34a', // green
  '#7c3aed', // violet
  '#06b6d4', // cyan
  '#db2777', // pink
  '#a16207', // brown
  '#84cc16', // lime
];

export const ERROR_COLOUR = '#dc2626';

/** Above this many messages on one link, the link is drawn as a stream (messageScene.ts). */
export const STREAM_THRESHOLD = 24;

/** Colours of messages without records, by category: quiet, and quieter for control. */
export const QUIET_COLOURS: Readonly<Record<MessageCategory, string>> = {
  data: '#64748b',
  replication: '#0f766e',
  control: '#94a3b8',
};

export function partitionColour(partition: number): string {
  const n = PARTITION_COLOURS.length;
  const i = ((Math.trunc(partition) % n) + n) % n;
  return PARTITION_COLOURS[i] ?? PARTITION_COLOURS[0]!;
}

export interface MessageSegment {
  topic: string;
  partition: number;
  records: number;
  colour: string;
}

export interface MessageLook {
  category: MessageCategory;
  /** One segment per partition whose records the message carries, in payload order. */
  segments: MessageSegment[];
  records: number;
  /** The first error the message carries (a failed produce, a fetch error), or null. */
  error: string | null;
  /** A protocol signal it carries instead of an error (PROTOCOL_SIGNALS), or null. */
  notice: string | null;
}

const EMPTY_SUMMARY: MessageSummary = { partitions: [], records: 0, error: null };

/**
 * messageSummary, but never throwing or returning nothing for a kind it does not know yet:
 * a message the canvas cannot read is drawn as an empty control message, not a crash.
 */
function safeSummary(msg: MessageState): MessageSummary {
  try {
    const s = messageSummary(msg) as MessageSummary | undefined;
    return s && Array.isArray(s.partitions) ? s : EMPTY_SUMMARY;
  } catch {
    return EMPTY_SUMMARY;
  }
}

function computeLook(msg: MessageState): MessageLook {
  const summary = safeSummary(msg);
  const segments = summary.partitions
    .filter((p) => p.records > 0)
    .map((p) => ({ ...p, colour: partitionColour(p.partition) }));
  const records = segments.reduce((n, s) => n + s.records, 0);
  const brokerToBroker = msg.from.kind === 'broker' && msg.to.kind === 'broker';
  const category = messageCategory(String(msg.kind), brokerToBroker, records);
  const error = summary.error ?? null;
  const signal = error !== null && category === 'control' && PROTOCOL_SIGNALS.has(error);
  return {
    category,
    segments,
    records,
    error: signal ? null : error,
    notice: signal ? error : null,
  };
}

/** A message does not change while it is in flight, so its look is worked out once. */
const looks = new WeakMap<MessageState, MessageLook>();

export function messageLook(msg: MessageState): MessageLook {
  let look = looks.get(msg);
  if (look === undefined) {
    look = computeLook(msg);
    looks.set(msg, look);
  }
  return look;
}
