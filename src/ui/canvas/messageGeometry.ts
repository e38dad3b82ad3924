/**
 * Where a message travels: the path from its sender's node to its receiver's, in React Flow
 * coordinates. Nodes face each other across a column gap, so most paths are straight lines
 * between the facing sides' centres (where the node handles and edges are); two nodes in the
 * same column get a gentle curve out to their side. Pure functions of node rectangles.
 *
 * Each direction of a pair of nodes has its own lane, a few pixels to the right of the
 * centre line in the direction of travel, so requests and responses pass each other instead
 * of overlapping.
 */
import type { Point } from './layout.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A straight line (`control` null) or a quadratic curve from `start` to `end`. */
export interface LinkPath {
  start: Point;
  end: Point;
  control: Point | null;
  lengthPx: number;
  /** The SVG path data. */
  d: string;
}

/** How far each direction's lane sits from the centre line between two nodes. */
export const LANE_OFFSET_PX = 7;
/** How far a same-column curve bows out, at most and at least. */
const BOW_MIN_PX = 30;
const BOW_MAX_PX = 120;
/** Straight pieces used to measure a curve's length. */
const CURVE_PIECES = 16;

/** One decimal is far below a pixel at any zoom, and keeps path strings short. */
export function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

const centreY = (r: Rect) => r.y + r.height / 2;

function pathData(start: Point, control: Point | null, end: Point): string {
  const s = `M${round1(start.x)} ${round1(start.y)}`;
  const e = `${round1(end.x)} ${round1(end.y)}`;
  return control ? `${s}Q${round1(control.x)} ${round1(control.y)} ${e}` : `${s}L${e}`;
}

/**
 * The path a message from `from` to `to` follows. `outwardX` is the x the picture is centred
 * on: two nodes in one column connect on the side away from it, so the curve bows into free
 * space. Null when the two rectangles are the same node or overlap.
 */
export function linkPath(from: Rect, to: Rect, outwardX: number): LinkPath | null {
  let start: Point;
  let end: Point;
  let control: Point | null = null;
  if (from.x + from.width <= to.x) {
    start = { x: from.x + from.width, y: centreY(from) };
    end = { x: to.x, y: centreY(to) };
  } else if (to.x + to.width <= from.x) {
    start = { x: from.x, y: centreY(from) };
    end = { x: to.x + to.width, y: centreY(to) };
  } else {
    const dy = centreY(to) - centreY(from);
    const vertical = from.y + from.height <= to.y || to.y + to.height <= from.y;
    if (!vertical) return null;
    const right = from.x + from.width / 2 >= outwardX;
    const sideX = (r: Rect) => (right ? r.x + r.width : r.x);
    start = { x: sideX(from), y: centreY(from) };
    end = { x: sideX(to), y: centreY(to) };
    // The curve's widest point is half the control point's offset.
    const bow = Math.min(BOW_MAX_PX, Math.max(BOW_MIN_PX, Math.abs(dy) * 0.25));
    const x = (right ? Math.max(start.x, end.x) : Math.min(start.x, end.x)) + (right ? bow : -bow);
    control = { x, y: (start.y + end.y) / 2 };
  }
  return laneOf(start, control, end);
}

/** The path moved LANE_OFFSET_PX to the right of its direction of travel. */
function laneOf(start: Point, control: Point | null, end: Point): LinkPath | null {
  const dx = end.x - start.x;
  const dy = end.y - start.y;
  const len = Math.hypot(dx, dy);
  if (len === 0) return null;
  // Screen y points down, so (-dy, dx) is the right-hand side of the direction of travel.
  const nx = (-dy / len) * LANE_OFFSET_PX;
  const ny = (dx / len) * LANE_OFFSET_PX;
  const shift = (p: Point): Point => ({ x: p.x + nx, y: p.y + ny });
  const s = shift(start);
  const e = shift(end);
  const c = control ? shift(control) : null;
  const path = { start: s, end: e, control: c, lengthPx: 0, d: pathData(s, c, e) };
  path.lengthPx = c ? curveLength(path) : len;
  return path;
}

function curveLength(path: LinkPath): number {
  let length = 0;
  let previous = path.start;
  for (let i = 1; i <= CURVE_PIECES; i++) {
    const p = pointAt(path, i / CURVE_PIECES);
    length += Math.hypot(p.x - previous.x, p.y - previous.y);
    previous = p;
  }
  return length;
}

/** A point on the path with the unit direction of travel there. */
export interface PathPoint extends Point {
  dx: number;
  dy: number;
}

/** The point at fraction `t` (0 at the sender, 1 at the receiver) of the path. */
export function pointAt(path: LinkPath, t: number): PathPoint {
  const { start: s, end: e, control: c } = path;
  let x: number;
  let y: number;
  let tx: number;
  let ty: number;
  if (c === null) {
    x = s.x + (e.x - s.x) * t;
    y = s.y + (e.y - s.y) * t;
    tx = e.x - s.x;
    ty = e.y - s.y;
  } else {
    const u = 1 - t;
    x = u * u * s.x + 2 * u * t * c.x + t * t * e.x;
    y = u * u * s.y + 2 * u * t * c.y + t * t * e.y;
    tx = 2 * u * (c.x - s.x) + 2 * t * (e.x - c.x);
    ty = 2 * u * (c.y - s.y) + 2 * t * (e.y - c.y);
  }
  const len = Math.hypot(tx, ty) || 1;
  return { x, y, dx: tx / len, dy: ty / len };
}

/** How far along its trip a message is: 0 when sent, 1 when it arrives. */
export function messageProgress(sentAtMs: number, arrivesAtMs: number, nowMs: number): number {
  const span = arrivesAtMs - sentAtMs;
  if (!(span > 0)) return 1;
  return Math.min(1, Math.max(0, (nowMs - sentAtMs) / span));
}
