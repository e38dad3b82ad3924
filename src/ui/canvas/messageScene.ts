/**
 * The messages on the network as things to draw: a pure function of the in-flight messages,
 * the node rectangles and the simulated time. A message is drawn at
 * (now − sentAt) / (arrivesAt − sentAt) along its link, so pausing freezes it and stepping
 * moves it exactly, with no timer or animation state of its own (RaftScope's rule).
 *
 * How each message looks is in messageShapes.ts; a link with more than STREAM_THRESHOLD
 * messages is drawn as one flowing stream instead (messageStreams.ts).
 */
import type { Endpoint, MessageState } from '../../engine/model.ts';
import { linkPath, messageProgress, pointAt, type LinkPath, type Rect } from './messageGeometry.ts';
import {
  drawingKey,
  messageDrawing,
  type GlyphLayer,
  type GlyphShape,
  type MessageDot,
} from './messageShapes.ts';
import { messageStream, type MessageStream } from './messageStreams.ts';
import { STREAM_THRESHOLD, type MessageCategory } from './messageStyle.ts';
import {
  brokerNodeId,
  consumerNodeId,
  producerNodeId,
  REMOTE_STORAGE_NODE_ID,
} from './selectNodes.ts';

/** Node rectangles by React Flow node id, in flow coordinates. */
export type NodeRects = ReadonlyMap<string, Rect>;

// Defined with the messages' looks (the help's key reads it there, without this module).
export { STREAM_THRESHOLD };

/**
 * Above this many glyphs on the canvas, each message is drawn as one plain dot and the dots
 * share paths (see batchDots): trains with rims cost too much to draw by the thousand.
 */
export const MAX_SHAPED_GLYPHS = 150;
/** A train never takes more than this share of its link, nor more than TRAIN_MAX_PX. */
const TRAIN_SHARE = 0.6;
const TRAIN_MAX_PX = 120;

export interface MessageGlyph {
  id: string;
  kind: string;
  category: MessageCategory;
  /** The link it travels on: `${fromNodeId}>${toNodeId}`. */
  link: string;
  progress: number;
  /** The centre of the message on its path, and its direction of travel there. */
  x: number;
  y: number;
  angleDeg: number;
  records: number;
  error: boolean;
  layer: GlyphLayer;
  /** Its drawing at the origin along +x: the same object for as long as it flies. */
  shape: GlyphShape;
  /** Its drawing as a plain dot, when messages are many. */
  dot: MessageDot;
}

export type { MessageStream };

/** The path of a link that has no React Flow edge (broker to broker), while it carries messages. */
export interface LinkGuide {
  link: string;
  d: string;
}

export interface MessageScene {
  glyphs: MessageGlyph[];
  streams: MessageStream[];
  /** Paths under the messages of links no edge shows, so a dot is seen to go somewhere. */
  guides: LinkGuide[];
  /** True when there are more than MAX_SHAPED_GLYPHS glyphs: draw `dot`s, not `shape`s. */
  simplified: boolean;
  /** Messages the engine has on the network. */
  inFlight: number;
  /** Messages drawn one by one, and as part of a stream. */
  drawn: number;
  streamed: number;
  /** Messages whose sender or receiver has no node on the canvas (yet). */
  offCanvas: number;
}

export interface SceneOptions {
  /** False under prefers-reduced-motion: streams keep still; messages still sit where they are. */
  flowing: boolean;
  /**
   * How much larger than their natural size to draw messages (1 or more): a zoomed-out canvas
   * (a large cluster fitted to the screen) would otherwise shrink them to specks.
   */
  scale: number;
  /**
   * Broker-to-broker links with a standing connection (replicaConnections): their guides are
   * drawn whether or not a message is on them at this instant, so they do not flicker on and
   * off with every fetch (each change re-rasters the canvas along the whole link).
   */
  connections?: readonly string[];
}

/**
 * The links of every replica fetcher between two live, connected brokers, both ways (its fetch
 * requests and the leader's responses): `broker:follower>broker:leader` and back. A follower
 * keeps its fetcher while it follows the leader, so these are as steady as the leadership.
 */
export function replicaConnections(
  state: {
    brokers: readonly {
      id: number;
      alive: boolean;
      isolated: boolean;
      fetchers: readonly { leader: number }[];
    }[];
  },
  remoteStorage = false,
): string[] {
  const up = new Set(state.brokers.filter((b) => b.alive && !b.isolated).map((b) => b.id));
  const out: string[] = [];
  // With tiered storage every live broker has a link to remote storage (uploads, reads).
  if (remoteStorage)
    for (const b of state.brokers)
      if (b.alive) out.push(`${brokerNodeId(b.id)}>${REMOTE_STORAGE_NODE_ID}`);
  for (const b of state.brokers) {
    if (!up.has(b.id)) continue;
    for (const f of b.fetchers) {
      if (!up.has(f.leader) || f.leader === b.id) continue;
      const follower = brokerNodeId(b.id);
      const leader = brokerNodeId(f.leader);
      out.push(`${follower}>${leader}`, `${leader}>${follower}`);
    }
  }
  return out;
}

/** The message scale for a React Flow zoom: natural size from zoom 0.5 up, at most doubled. */
export function scaleForZoom(zoom: number): number {
  if (!(zoom > 0)) return 1;
  // In steps of 0.05, so zooming re-draws the messages a few times, not every frame.
  return Math.round(Math.min(2, Math.max(1, 0.5 / zoom)) * 20) / 20;
}

export const EMPTY_SCENE: MessageScene = {
  glyphs: [],
  streams: [],
  guides: [],
  simplified: false,
  inFlight: 0,
  drawn: 0,
  streamed: 0,
  offCanvas: 0,
};

/**
 * The canvas node a message endpoint is drawn at. A client id may name a producer or a
 * consumer; the payload says which (`producer` / `consumer` fields), else whichever exists.
 */
export function endpointNodeId(e: Endpoint, msg: MessageState, rects: NodeRects): string | null {
  if (e.kind === 'broker') return brokerNodeId(e.id);
  if (e.kind === 'remote') return REMOTE_STORAGE_NODE_ID;
  const payload = msg.payload as object;
  const producer = producerNodeId(e.id);
  const consumer = consumerNodeId(e.id);
  if ('producer' in payload && !('consumer' in payload)) return producer;
  if ('consumer' in payload && !('producer' in payload)) return consumer;
  if (rects.has(consumer)) return consumer;
  if (rects.has(producer)) return producer;
  return null;
}

/** The x the picture is centred on: same-column curves bow away from it. */
function pictureCentreX(rects: NodeRects): number {
  let min = Infinity;
  let max = -Infinity;
  for (const r of rects.values()) {
    min = Math.min(min, r.x);
    max = Math.max(max, r.x + r.width);
  }
  return min <= max ? (min + max) / 2 : 0;
}

interface Link {
  key: string;
  path: LinkPath;
  /** Room for one message's train along this link. */
  maxTrainPx: number;
  /** Brokers talk to each other (and to remote storage) along links no React Flow edge draws. */
  betweenBrokers: boolean;
  messages: MessageState[];
}

/** Groups messages by the link they travel on, in order of each link's first message. */
/**
 * Link keys of messages whose endpoints the payload names (brokers, producers, consumers):
 * those do not depend on the canvas, so each message's key is built once, not every frame.
 */
const fixedLinkKeys = new WeakMap<MessageState, { from: string; to: string; key: string }>();

function linkEnds(
  msg: MessageState,
  rects: NodeRects,
): { from: string | null; to: string | null; key: string } {
  const fixed = fixedLinkKeys.get(msg);
  if (fixed) return fixed;
  const from = endpointNodeId(msg.from, msg, rects);
  const to = endpointNodeId(msg.to, msg, rects);
  const ends = { from, to, key: `${from}>${to}` };
  const payload = msg.payload as object;
  const named = (e: Endpoint) =>
    e.kind !== 'client' || 'producer' in payload || 'consumer' in payload;
  if (from !== null && to !== null && named(msg.from) && named(msg.to))
    fixedLinkKeys.set(msg, { from, to, key: ends.key });
  return ends;
}

/**
 * The path between two nodes, per set of node rectangles: it moves only with a node, and was
 * computed again (with its SVG path text) for every link on every frame.
 */
const linkPaths = new WeakMap<
  NodeRects,
  { outwardX: number; paths: Map<string, LinkPath | null> }
>();

function pathBetween(
  key: string,
  rects: NodeRects,
  ends?: { from: string | null; to: string | null },
): LinkPath | null {
  let known = linkPaths.get(rects);
  if (!known) {
    known = { outwardX: pictureCentreX(rects), paths: new Map() };
    linkPaths.set(rects, known);
  }
  let path = known.paths.get(key);
  if (path === undefined) {
    const { from, to } = ends ?? endsOfKey(key);
    const a = from === null ? undefined : rects.get(from);
    const b = to === null ? undefined : rects.get(to);
    path = a && b && from !== to ? linkPath(a, b, known.outwardX) : null;
    known.paths.set(key, path);
  }
  return path;
}

function groupByLink(
  messages: readonly MessageState[],
  rects: NodeRects,
): { links: Link[]; offCanvas: number } {
  const links = new Map<string, Link | null>();
  let offCanvas = 0;
  for (const msg of messages) {
    const ends = linkEnds(msg, rects);
    const { key } = ends;
    let link = links.get(key);
    if (link === undefined) {
      const path = pathBetween(key, rects, ends);
      const maxTrainPx = path ? Math.min(TRAIN_MAX_PX, path.lengthPx * TRAIN_SHARE) : 0;
      const betweenBrokers = msg.from.kind !== 'client' && msg.to.kind !== 'client';
      link = path ? { key, path, maxTrainPx, betweenBrokers, messages: [] } : null;
      links.set(key, link);
    }
    if (link) link.messages.push(msg);
    else offCanvas++;
  }
  return { links: [...links.values()].filter((l): l is Link => l !== null), offCanvas };
}

function glyphOf(
  msg: MessageState,
  link: Link,
  nowMs: number,
  scale: number,
  drawKey: string,
): MessageGlyph {
  const drawing = messageDrawing(msg, scale, link.maxTrainPx, drawKey);
  const progress = messageProgress(msg.sentAtMs, msg.arrivesAtMs, nowMs);
  const at = pointAt(link.path, progress);
  return {
    id: msg.id,
    kind: String(msg.kind),
    category: drawing.look.category,
    link: link.key,
    progress,
    x: at.x,
    y: at.y,
    angleDeg: Math.round((Math.atan2(at.dy, at.dx) * 1800) / Math.PI) / 10,
    records: drawing.look.records,
    error: drawing.look.error !== null,
    layer: drawing.style.layer,
    shape: drawing.shape,
    dot: drawing.dot,
  };
}

/** A link key's two node ids ("broker:1>broker:2"). */
function endsOfKey(key: string): { from: string; to: string } {
  const [from = '', to = ''] = key.split('>');
  return { from, to };
}

/** The guide drawn along a path: one object per path, the same from frame to frame. */
const guideByPath = new WeakMap<LinkPath, LinkGuide>();

function guideOf(key: string, path: LinkPath): LinkGuide {
  let guide = guideByPath.get(path);
  if (guide === undefined) {
    guide = { link: key, d: path.d };
    guideByPath.set(path, guide);
  }
  return guide;
}

/** The guide of a standing connection (a replica fetcher's link), or null off the canvas. */
function connectionGuide(key: string, rects: NodeRects): LinkGuide | null {
  const path = pathBetween(key, rects);
  return path ? guideOf(key, path) : null;
}

/**
 * Everything the message layer draws at `nowMs`: one glyph per message on a quiet link, one
 * stream per busy link. `messages` are the engine's in-flight messages (inFlightMessages).
 */
export function selectMessageScene(
  messages: readonly MessageState[],
  rects: NodeRects,
  nowMs: number,
  options: SceneOptions = { flowing: true, scale: 1 },
): MessageScene {
  const { links, offCanvas } = groupByLink(messages, rects);
  const glyphs: MessageGlyph[] = [];
  const streams: MessageStream[] = [];
  const guides = new Map<string, LinkGuide>();
  let streamed = 0;
  for (const link of links) {
    if (link.betweenBrokers) guides.set(link.key, guideOf(link.key, link.path));
    if (link.messages.length > STREAM_THRESHOLD) {
      streams.push(messageStream(link.key, link.path, link.messages, nowMs, options));
      streamed += link.messages.length;
    } else {
      const drawKey = drawingKey(options.scale, link.maxTrainPx);
      for (const msg of link.messages)
        glyphs.push(glyphOf(msg, link, nowMs, options.scale, drawKey));
    }
  }
  for (const key of options.connections ?? []) {
    if (guides.has(key)) continue;
    const guide = connectionGuide(key, rects);
    if (guide) guides.set(key, guide);
  }
  return {
    glyphs,
    streams,
    // In a fixed order, so a guide keeps its place in the drawing from frame to frame.
    guides: [...guides.values()].sort((x, y) => (x.link < y.link ? -1 : x.link > y.link ? 1 : 0)),
    simplified: glyphs.length > MAX_SHAPED_GLYPHS,
    inFlight: messages.length,
    drawn: glyphs.length,
    streamed,
    offCanvas,
  };
}
