/**
 * The shape of one in-flight message, independent of where it is: a train of capsules along
 * the direction of travel (one per partition it carries, coloured by partition, as long as its
 * record count), a small quiet dot when it carries no records, red when it carries an error.
 * Shapes are drawn at the origin travelling along +x; the scene places and turns them. A
 * message's shape does not change while it flies, so it is worked out once per message.
 *
 * When thousands of messages are on screen, each is drawn as one filled dot instead (sized by
 * records, coloured by its main partition), and all dots of one colour share one path.
 * Strokes carry SVG path data: the canvas parses it once into a Path2D (messageCanvas.ts).
 */
import type { MessageState } from '../../engine/model.ts';
import { round1 } from './messageGeometry.ts';
import {
  ERROR_COLOUR,
  messageLook,
  NOTICE_COLOUR,
  QUIET_COLOURS,
  type MessageLook,
} from './messageStyle.ts';

/** Capsule thickness (px, at scale 1) by what the message is. */
export const THICKNESS_PX = {
  data: 22,
  replication: 18,
  error: 20,
  quiet: 12,
  control: 9,
  notice: 12,
} as const;
/** The rim around each message, in the canvas surface colour, so it reads over edges and labels. */
const OUTLINE_PX = 4;
export const OUTLINE_COLOUR = 'var(--surface, #fff)';
/** Space between the capsules of one train. */
const CAPSULE_GAP_PX = 2;
/** The longest capsule core (without its round ends). */
const CAPSULE_CORE_MAX_PX = 56;

/** One stroked path (SVG path data): the rim or one capsule of a glyph, or a stream's dashes. */
export interface Stroke {
  d: string;
  colour: string;
  widthPx: number;
  opacity: number;
  cap: 'round' | 'butt';
  /** Dashed streams: the SVG stroke-dasharray and stroke-dashoffset. */
  dash: { array: string; offset: number } | null;
}

/** Drawing order: control under quiet data, records above, errors on top. */
export type GlyphLayer = 0 | 1 | 2 | 3;

export interface GlyphStyle {
  thicknessPx: number;
  layer: GlyphLayer;
  opacity: number;
  capsules: { colour: string; corePx: number }[];
}

/** A message drawn at the origin, travelling along +x: its rim, then its coloured capsules. */
export interface GlyphShape {
  outline: Stroke;
  fills: Stroke[];
}

/** The simplified drawing used when messages are many. */
export interface MessageDot {
  colour: string;
  radiusPx: number;
  opacity: number;
  layer: GlyphLayer;
}

/** The length of a capsule's straight core for this many records (0 records: a dot). */
export function capsuleCorePx(records: number): number {
  if (records <= 0) return 0.5;
  return Math.min(CAPSULE_CORE_MAX_PX, Math.max(0.5, 4 * Math.sqrt(records) - 3));
}

function naturalStyle(look: MessageLook): GlyphStyle {
  if (look.error !== null) {
    const capsules =
      look.segments.length > 0
        ? look.segments.map((s) => ({ colour: ERROR_COLOUR, corePx: capsuleCorePx(s.records) }))
        : [{ colour: ERROR_COLOUR, corePx: 0.5 }];
    return { thicknessPx: THICKNESS_PX.error, layer: 3, opacity: 1, capsules };
  }
  if (look.segments.length > 0) {
    const replication = look.category === 'replication';
    return {
      thicknessPx: replication ? THICKNESS_PX.replication : THICKNESS_PX.data,
      layer: 2,
      opacity: 1,
      capsules: look.segments.map((s) => ({ colour: s.colour, corePx: capsuleCorePx(s.records) })),
    };
  }
  if (look.notice !== null)
    return {
      thicknessPx: THICKNESS_PX.notice,
      layer: 1,
      opacity: 0.95,
      capsules: [{ colour: NOTICE_COLOUR, corePx: 0.5 }],
    };
  const control = look.category === 'control';
  return {
    thicknessPx: control ? THICKNESS_PX.control : THICKNESS_PX.quiet,
    layer: control ? 0 : 1,
    opacity: control ? 0.7 : 0.9,
    capsules: [{ colour: QUIET_COLOURS[look.category], corePx: 0.5 }],
  };
}

/** How a message looks, `scale` times its natural size (see scaleForZoom). */
export function glyphStyle(look: MessageLook, scale: number): GlyphStyle {
  const style = naturalStyle(look);
  if (scale === 1) return style;
  return {
    ...style,
    thicknessPx: style.thicknessPx * scale,
    capsules: style.capsules.map((c) => ({ ...c, corePx: c.corePx * scale })),
  };
}

interface Along {
  x: number;
  y: number;
  dx: number;
  dy: number;
}

/**
 * Capsules laid along the direction of travel, centred on `at`: one line per capsule (round
 * caps make the ends). When the train would not fit in `maxPx`, cores shrink first, then the
 * capsules overlap like beads, each still showing at least 40% of itself.
 */
export function trainLines(
  at: Along,
  capsules: { colour: string; corePx: number }[],
  thicknessPx: number,
  maxPx: number,
): { colour: string; d: string }[] {
  const n = capsules.length;
  let cores = capsules.map((c) => c.corePx);
  let gap = CAPSULE_GAP_PX;
  const coreSum = cores.reduce((a, b) => a + b, 0);
  if (coreSum + n * thicknessPx + (n - 1) * gap > maxPx) {
    const room = maxPx - n * thicknessPx - (n - 1) * gap;
    if (room > 0) cores = cores.map((c) => (c * room) / coreSum);
    else {
      cores = cores.map(() => 0.5);
      gap = n > 1 ? Math.max(-0.6 * thicknessPx, (maxPx - n * thicknessPx) / (n - 1)) : 0;
    }
  }
  const total = cores.reduce((a, b) => a + b, 0) + n * thicknessPx + (n - 1) * gap;
  let cursor = -total / 2 + thicknessPx / 2;
  return capsules.map((c, i) => {
    const core = cores[i] ?? 0;
    const a = `${round1(at.x + at.dx * cursor)} ${round1(at.y + at.dy * cursor)}`;
    const end = cursor + core;
    const b = `${round1(at.x + at.dx * end)} ${round1(at.y + at.dy * end)}`;
    cursor += core + thicknessPx + gap;
    return { colour: c.colour, d: `M${a}L${b}` };
  });
}

function stroke(d: string, colour: string, widthPx: number, opacity: number): Stroke {
  return { d, colour, widthPx, opacity, cap: 'round', dash: null };
}

const ORIGIN: Along = { x: 0, y: 0, dx: 1, dy: 0 };

/** The message's shape at the origin along +x, fitting in `maxPx` of its link. */
export function glyphShape(style: GlyphStyle, maxPx: number, scale: number): GlyphShape {
  const lines = trainLines(ORIGIN, style.capsules, style.thicknessPx, maxPx);
  const rim = style.thicknessPx + OUTLINE_PX * scale;
  return {
    outline: stroke(lines.map((l) => l.d).join(''), OUTLINE_COLOUR, rim, style.opacity),
    fills: lines.map((l) => stroke(l.d, l.colour, style.thicknessPx, style.opacity)),
  };
}

/** One dot for a message: its main partition's colour, larger for more records. */
export function messageDot(style: GlyphStyle, look: MessageLook): MessageDot {
  let colour = style.capsules[0]?.colour ?? QUIET_COLOURS.control;
  if (look.error === null && look.segments.length > 1) {
    const main = look.segments.reduce((a, b) => (b.records > a.records ? b : a));
    colour = main.colour;
  }
  const grow = Math.min(1.6, 1 + Math.sqrt(look.records) / 25);
  return {
    colour,
    radiusPx: round1((style.thicknessPx / 2) * grow),
    opacity: style.opacity,
    layer: style.layer,
  };
}

export interface MessageDrawing {
  look: MessageLook;
  style: GlyphStyle;
  shape: GlyphShape;
  dot: MessageDot;
}

/** Drawings by message, valid for one (scale, room) pair: a message keeps its drawing in flight. */
const drawings = new WeakMap<MessageState, { key: string; drawing: MessageDrawing }>();

/** The key of a (scale, room) pair for messageDrawing: build it once per link, not per message. */
export function drawingKey(scale: number, maxPx: number): string {
  return `${scale}|${round1(maxPx)}`;
}

/** The drawing of a message at `scale`, fitting `maxPx`; the same object while those hold. */
export function messageDrawing(
  msg: MessageState,
  scale: number,
  maxPx: number,
  key = drawingKey(scale, maxPx),
): MessageDrawing {
  const cached = drawings.get(msg);
  if (cached?.key === key) return cached.drawing;
  const look = messageLook(msg);
  const alike = `${key}|${lookKey(look)}`;
  let shared = sharedDrawings.get(alike);
  if (shared === undefined) {
    const style = glyphStyle(look, scale);
    shared = { look, style, shape: glyphShape(style, maxPx, scale), dot: messageDot(style, look) };
    if (sharedDrawings.size >= SHARED_DRAWINGS_MAX) sharedDrawings.clear();
    sharedDrawings.set(alike, shared);
  }
  // The style, shape and dot are shared; the look is the message's own (its topics).
  const drawing = shared.look === look ? shared : { ...shared, look };
  drawings.set(msg, { key, drawing });
  return drawing;
}

/**
 * Drawings shared by messages that look alike: on `large` thousands of messages a second are
 * sent, most of them fetches and responses carrying the same few shapes, and each one built
 * its own style, shape and path text. Bounded: emptied when it reaches SHARED_DRAWINGS_MAX.
 */
const sharedDrawings = new Map<string, MessageDrawing>();
const SHARED_DRAWINGS_MAX = 2048;

/**
 * Everything of a look its drawing depends on (naturalStyle, messageDot, and what a glyph
 * reads of the look: its category, records and whether it is an error).
 */
function lookKey(look: MessageLook): string {
  let key = `${look.category}|${look.error === null ? '' : 'e'}|${look.notice === null ? '' : 'n'}|${look.records}`;
  for (const s of look.segments) key += `|${s.colour}:${s.records}`;
  return key;
}

/** Filled dots of one colour and opacity, drawn as one path. */
export interface DotBatch {
  colour: string;
  opacity: number;
  circles: { x: number; y: number; r: number }[];
}

/**
 * Dots grouped by (layer, colour, opacity), layer by layer: thousands of messages become as
 * many filled paths as there are colours.
 */
export function batchDots(dots: readonly { x: number; y: number; dot: MessageDot }[]): DotBatch[] {
  const groups = new Map<string, DotBatch & { layer: number }>();
  for (const { x, y, dot } of dots) {
    const key = `${dot.layer}|${dot.colour}|${dot.opacity}`;
    let group = groups.get(key);
    if (!group) {
      group = { layer: dot.layer, colour: dot.colour, opacity: dot.opacity, circles: [] };
      groups.set(key, group);
    }
    group.circles.push({ x, y, r: dot.radiusPx });
  }
  return [...groups.values()]
    .sort((a, b) => a.layer - b.layer)
    .map(({ colour, opacity, circles }) => ({ colour, opacity, circles }));
}
