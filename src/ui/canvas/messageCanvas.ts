/**
 * Draws a message scene (messageScene.ts) on a 2D canvas that covers the React Flow pane.
 *
 * Why a canvas and not SVG elements: at 1× the large preset has a few hundred messages in
 * flight and most live for a frame or two. As SVG, each frame paid React for reconciling the
 * glyph elements, then Chromium for SVG layout and paint of the whole layer (measured with
 * `npm run bench:ui`: about half of every frame's work on large). On a canvas a frame is one
 * clear and a few hundred strokes of cached paths.
 *
 * The canvas is in screen pixels (crisp at any zoom); the view (React Flow's pan and zoom)
 * becomes the drawing transform. What was drawn is returned, with each message's place on the
 * canvas, so tests and screenshot scripts can find messages without reading pixels.
 */
import type { MessageGlyph, MessageScene } from './messageScene.ts';
import { batchDots, type Stroke } from './messageShapes.ts';

/** React Flow's viewport (pan x, y and zoom), the canvas's CSS size and the device pixel ratio. */
export interface CanvasView {
  x: number;
  y: number;
  zoom: number;
  widthPx: number;
  heightPx: number;
  dpr: number;
}

/** One message as drawn: where its centre is, in CSS pixels from the canvas's top-left corner. */
export interface DrawnMessage {
  id: string;
  kind: string;
  link: string;
  progress: number;
  /** Whether it carries an error (drawn red). */
  error: boolean;
  x: number;
  y: number;
  /** False when it lies outside the canvas and was skipped. */
  visible: boolean;
}

/** Turns a scene colour (a plain colour, or `var(--name, fallback)`) into a canvas colour. */
export type ColourResolver = (colour: string) => string;

/** Paths parsed once: glyph strokes keep their object while the message flies. */
const strokePaths = new WeakMap<Stroke, Path2D>();
/**
 * And by path data, bounded: stream strokes are new each frame but follow their link's path,
 * and most messages on `large` fly for a frame or two with the same shape as many others (a
 * quiet dot, one capsule). Measured on `large` at 1× in headless Chromium: by stroke alone the
 * canvas parsed about 70 paths a frame (0.4 ms); by data too, about one.
 */
const pathsByData = new Map<string, Path2D>();
const MAX_PATHS_BY_DATA = 2000;

function pathOf(s: Stroke): Path2D {
  let p = strokePaths.get(s);
  if (p) return p;
  p = pathsByData.get(s.d);
  if (!p) {
    if (pathsByData.size >= MAX_PATHS_BY_DATA) pathsByData.clear();
    p = new Path2D(s.d);
    pathsByData.set(s.d, p);
  }
  strokePaths.set(s, p);
  return p;
}

/** The dash pattern of a stream stroke as canvas numbers ("12 30" → [12, 30]). */
export function dashNumbers(array: string): number[] {
  return array
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number)
    .filter((n) => Number.isFinite(n) && n >= 0);
}

function drawStroke(ctx: CanvasRenderingContext2D, s: Stroke, colour: ColourResolver): void {
  ctx.strokeStyle = colour(s.colour);
  ctx.lineWidth = s.widthPx;
  ctx.globalAlpha = s.opacity;
  ctx.lineCap = s.cap;
  if (s.dash) {
    ctx.setLineDash(dashNumbers(s.dash.array));
    ctx.lineDashOffset = s.dash.offset;
  }
  ctx.stroke(pathOf(s));
  if (s.dash) ctx.setLineDash([]);
}

/** How far outside the canvas a message centre may be and still reach into it. */
const CULL_MARGIN_PX = 160;

/**
 * Clears the canvas and draws `scene` as seen through `view`: streams under glyphs, glyphs by
 * layer (quiet under data, errors on top), or dots when the scene is simplified. Returns the
 * messages drawn one by one, in scene order.
 */
export function drawMessageScene(
  ctx: CanvasRenderingContext2D,
  scene: MessageScene,
  view: CanvasView,
  colour: ColourResolver,
): DrawnMessage[] {
  const { dpr, zoom } = view;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  const k = dpr * zoom;
  const toFlow = () => ctx.setTransform(k, 0, 0, k, dpr * view.x, dpr * view.y);
  toFlow();
  for (const stream of scene.streams) for (const s of stream.strokes) drawStroke(ctx, s, colour);

  const drawn: DrawnMessage[] = new Array<DrawnMessage>(scene.glyphs.length);
  const visible: MessageGlyph[] = [];
  scene.glyphs.forEach((g, i) => {
    const x = view.x + g.x * zoom;
    const y = view.y + g.y * zoom;
    const inside =
      x > -CULL_MARGIN_PX &&
      y > -CULL_MARGIN_PX &&
      x < view.widthPx + CULL_MARGIN_PX &&
      y < view.heightPx + CULL_MARGIN_PX;
    drawn[i] = {
      id: g.id,
      kind: g.kind,
      link: g.link,
      progress: g.progress,
      error: g.error,
      x,
      y,
      visible: inside,
    };
    if (inside) visible.push(g);
  });

  if (scene.simplified) {
    for (const batch of batchDots(visible)) {
      ctx.globalAlpha = batch.opacity;
      ctx.fillStyle = colour(batch.colour);
      ctx.beginPath();
      for (const c of batch.circles) {
        ctx.moveTo(c.x + c.r, c.y);
        ctx.arc(c.x, c.y, c.r, 0, 2 * Math.PI);
      }
      ctx.fill();
    }
  } else {
    // Stable sort: within a layer, scene order.
    visible.sort((a, b) => a.layer - b.layer);
    for (const g of visible) {
      const a = (g.angleDeg * Math.PI) / 180;
      const cos = Math.cos(a) * k;
      const sin = Math.sin(a) * k;
      ctx.setTransform(
        cos,
        sin,
        -sin,
        cos,
        dpr * (view.x + g.x * zoom),
        dpr * (view.y + g.y * zoom),
      );
      drawStroke(ctx, g.shape.outline, colour);
      for (const f of g.shape.fills) drawStroke(ctx, f, colour);
    }
  }
  ctx.globalAlpha = 1;
  return drawn;
}

/**
 * A resolver for `var(--name, fallback)` colours against computed styles (read once per theme
 * by the caller); plain colours pass through.
 */
export function cssVarResolver(read: (name: string) => string): ColourResolver {
  const cache = new Map<string, string>();
  return (c) => {
    if (!c.startsWith('var(')) return c;
    let out = cache.get(c);
    if (out === undefined) {
      const m = /^var\(\s*(--[\w-]+)\s*(?:,\s*(.+))?\)$/.exec(c);
      out = (m && read(m[1] as string).trim()) || m?.[2]?.trim() || '#000';
      cache.set(c, out);
    }
    return out;
  };
}
