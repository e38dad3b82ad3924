/**
 * Where each edge's label sits along its line. React Flow puts a label at the middle of its
 * edge, so two edges that cross at their middles (a consumer reading from the broker facing
 * the other consumer, which reads from the first one's broker) wrote their labels on top of
 * each other. Here each label takes the first place along its line, from the middle outwards,
 * where it covers neither a label already placed nor a node. Pure: node rectangles in, a
 * fraction of the line per edge out.
 */
import type { Edge } from '@xyflow/react';
import { PLACED_EDGE_TYPE, reuseUnchanged } from './selectNodes.ts';
import type { Rect } from './messageGeometry.ts';
import type { NodeRects } from './messageScene.ts';

/** Places tried along the line, from source (0) to target (1): the middle first. */
const LABEL_TS = [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78] as const;

/**
 * The label's box: React Flow's edge text (13 px monospace, canvas.css) with its background's
 * padding (2 px left and right, 4 px above and below), plus a little air between neighbours.
 */
const CHAR_PX = 7.9;
const LABEL_PAD_X_PX = 12;
const LABEL_HEIGHT_PX = 28;

/** The fraction of its line an edge's label sits at; the middle unless placed elsewhere. */
export function labelT(edge: Pick<Edge, 'data'>): number {
  const t = edge.data?.['labelT'];
  return typeof t === 'number' ? t : 0.5;
}

/** The coordinator line ends at the group's header (canvas.css, `.group-handle`). */
const GROUP_HANDLE_TOP_PX = 26;

/**
 * Where the handles are: the middle of the source's right side and of the target's left, but
 * for the coordinator line, which ends at the group's header.
 */
function handlePoints(edge: Edge, from: Rect, to: Rect) {
  const coordinator = edge.className?.includes('edge-coordinator') === true;
  return {
    x1: from.x + from.width,
    y1: from.y + from.height / 2,
    x2: to.x,
    y2: to.y + (coordinator ? GROUP_HANDLE_TOP_PX : to.height / 2),
  };
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * `edges` with `data.labelT` set where the middle was taken; the same edge objects where it was
 * free, and the same array when no label moved. Only lines from left to right without handles
 * of their own move (produce, fetch and coordinator lines; not Kafka Streams members' produce
 * lines): the others keep the middle but still count as taken.
 */
export function placeEdgeLabels(edges: readonly Edge[], rects: NodeRects): Edge[] {
  const taken: Rect[] = [];
  const nodes = [...rects.values()];
  let changed = false;
  const out = edges.map((edge) => {
    const from = rects.get(edge.source);
    const to = rects.get(edge.target);
    if (typeof edge.label !== 'string' || !from || !to) return edge;
    const { x1, y1, x2, y2 } = handlePoints(edge, from, to);
    const width = edge.label.length * CHAR_PX + LABEL_PAD_X_PX;
    const box = (t: number): Rect => ({
      x: x1 + (x2 - x1) * t - width / 2,
      y: y1 + (y2 - y1) * t - LABEL_HEIGHT_PX / 2,
      width,
      height: LABEL_HEIGHT_PX,
    });
    const movable =
      edge.type === PLACED_EDGE_TYPE &&
      edge.sourceHandle == null &&
      edge.targetHandle == null &&
      x2 > x1;
    const free = (b: Rect) =>
      !taken.some((o) => overlaps(o, b)) && !nodes.some((n) => overlaps(n, b));
    const t = movable ? (LABEL_TS.find((c) => free(box(c))) ?? 0.5) : 0.5;
    taken.push(box(t));
    if (t === labelT(edge)) return edge;
    changed = true;
    return { ...edge, data: { ...edge.data, labelT: t } };
  });
  return changed ? out : (edges as Edge[]);
}

/**
 * placeEdgeLabels for the canvas, which asks again whenever an edge or a node's box changed:
 * edges whose placement did not change keep their previous objects (a moved label is a new
 * object each time it is placed), and the array is the previous one when nothing changed, so
 * React Flow is not handed every edge again.
 */
export function createLabelPlacer(): (edges: readonly Edge[], rects: NodeRects) => Edge[] {
  let previous: Edge[] = [];
  return (edges, rects) => {
    previous = reuseUnchanged(previous, placeEdgeLabels(edges, rects));
    return previous;
  };
}
