/**
 * The message layer's canvas drawing (messageCanvas.ts), against a recording 2D context: what
 * is drawn, in which order, through which transform, and what is reported as drawn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cssVarResolver,
  dashNumbers,
  drawMessageScene,
  type CanvasView,
} from '../../src/ui/canvas/messageCanvas.ts';
import { MAX_SHAPED_GLYPHS, selectMessageScene } from '../../src/ui/canvas/messageScene.ts';
import { OUTLINE_COLOUR } from '../../src/ui/canvas/messageShapes.ts';
import { ERROR_COLOUR } from '../../src/ui/canvas/messageStyle.ts';
import { broker, message, PICTURE, produce, produceResponse } from './messages.ts';

/** Node has no Path2D: a stand-in that keeps the path data it was made from. */
class FakePath2D {
  constructor(readonly d: string) {}
}

type Op =
  | { op: 'clear' }
  | { op: 'stroke'; d: string; colour: string; width: number; alpha: number; dash: number[] }
  | { op: 'fill'; colour: string; alpha: number; arcs: number }
  | { op: 'transform'; m: number[] };

function recorder(width = 1000, height = 600) {
  const ops: Op[] = [];
  let dash: number[] = [];
  let arcs = 0;
  const ctx = {
    canvas: { width, height },
    strokeStyle: '',
    fillStyle: '',
    lineWidth: 1,
    globalAlpha: 1,
    lineCap: 'butt',
    lineDashOffset: 0,
    setTransform: (...m: number[]) => ops.push({ op: 'transform', m }),
    clearRect: () => ops.push({ op: 'clear' }),
    setLineDash: (d: number[]) => (dash = d),
    stroke(p: FakePath2D) {
      ops.push({
        op: 'stroke',
        d: p.d,
        colour: String(this.strokeStyle),
        width: this.lineWidth,
        alpha: this.globalAlpha,
        dash,
      });
    },
    beginPath: () => (arcs = 0),
    moveTo: () => {},
    arc: () => arcs++,
    fill() {
      ops.push({ op: 'fill', colour: String(this.fillStyle), alpha: this.globalAlpha, arcs });
    },
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, ops };
}

const VIEW: CanvasView = { x: 0, y: 0, zoom: 1, widthPx: 1000, heightPx: 600, dpr: 1 };
const plain = (c: string) => c;

beforeAll(() => {
  (globalThis as { Path2D?: unknown }).Path2D = FakePath2D;
});
afterAll(() => {
  delete (globalThis as { Path2D?: unknown }).Path2D;
});

describe('drawMessageScene', () => {
  it('clears, then draws each glyph’s rim and capsules, errors last', () => {
    const ok = produce('p', 1, [[0, 5]], { sentAtMs: 0, arrivesAtMs: 10 });
    const failed = produceResponse('p', 1, 'NOT_LEADER_OR_FOLLOWER');
    const scene = selectMessageScene([failed, ok], PICTURE, 2, { flowing: true, scale: 1 });
    const { ctx, ops } = recorder();
    const drawn = drawMessageScene(ctx, scene, VIEW, plain);
    expect(ops[0]).toEqual({ op: 'transform', m: [1, 0, 0, 1, 0, 0] });
    expect(ops[1]).toEqual({ op: 'clear' });
    const strokes = ops.filter((o) => o.op === 'stroke');
    // Each glyph: its rim in the surface colour, then one capsule per partition.
    expect(strokes.map((s) => s.colour)).toEqual([
      OUTLINE_COLOUR,
      expect.not.stringMatching(ERROR_COLOUR),
      OUTLINE_COLOUR,
      ERROR_COLOUR,
    ]);
    expect(drawn.map((m) => m.id)).toEqual(scene.glyphs.map((g) => g.id));
    expect(drawn.every((m) => m.visible)).toBe(true);
  });

  it('places each glyph through the view: pan, zoom and device pixels', () => {
    const m = produce('p', 1, [[0, 5]], { sentAtMs: 0, arrivesAtMs: 10 });
    const scene = selectMessageScene([m], PICTURE, 5, { flowing: true, scale: 1 });
    const g = scene.glyphs[0]!;
    const view = { ...VIEW, x: 40, y: -20, zoom: 0.5, dpr: 2 };
    const { ctx, ops } = recorder(2000, 1200);
    const [drawn] = drawMessageScene(ctx, scene, view, plain);
    // Reported in CSS pixels of the canvas.
    expect(drawn!.x).toBeCloseTo(40 + g.x * 0.5);
    expect(drawn!.y).toBeCloseTo(-20 + g.y * 0.5);
    // Drawn in device pixels, turned to the direction of travel, at zoom × dpr.
    const last = ops.filter((o) => o.op === 'transform').at(-1) as { m: number[] };
    const [a, b, , , e, f] = last.m;
    expect(Math.hypot(a!, b!)).toBeCloseTo(1);
    expect(Math.atan2(b!, a!)).toBeCloseTo((g.angleDeg * Math.PI) / 180, 2);
    expect(e).toBeCloseTo(2 * drawn!.x);
    expect(f).toBeCloseTo(2 * drawn!.y);
  });

  it('skips glyphs far outside the canvas, and says so', () => {
    const m = produce('p', 1, [[0, 5]], { sentAtMs: 0, arrivesAtMs: 10 });
    const scene = selectMessageScene([m], PICTURE, 5, { flowing: true, scale: 1 });
    const { ctx, ops } = recorder();
    const [drawn] = drawMessageScene(ctx, scene, { ...VIEW, x: -5000 }, plain);
    expect(drawn!.visible).toBe(false);
    expect(ops.some((o) => o.op === 'stroke')).toBe(false);
  });

  it('draws a busy link as dashed strokes under the glyphs', () => {
    const busy = Array.from({ length: 30 }, (_, i) =>
      produce('p', 1, [[i % 3, 2]], { sentAtMs: i, arrivesAtMs: i + 40 }),
    );
    const quiet = message('heartbeat', broker(2), broker(1), {});
    const scene = selectMessageScene([...busy, quiet], PICTURE, 35, { flowing: true, scale: 1 });
    expect(scene.streams).toHaveLength(1);
    const { ctx, ops } = recorder();
    drawMessageScene(ctx, scene, VIEW, plain);
    const strokes = ops.filter((o) => o.op === 'stroke');
    const firstPlain = strokes.findIndex((s) => s.dash.length === 0);
    const dashed = strokes.filter((s) => s.dash.length > 0);
    expect(dashed.length).toBeGreaterThan(0);
    // Streams come first, glyphs after.
    expect(strokes.slice(0, firstPlain).every((s) => s.dash.length > 0)).toBe(true);
    expect(dashed[0]!.d).toBe(scene.streams[0]!.d);
  });

  it(`draws more than ${MAX_SHAPED_GLYPHS} glyphs as dots, one fill per colour`, () => {
    const crowd = Array.from({ length: MAX_SHAPED_GLYPHS + 10 }, (_, i) =>
      message(
        'produce',
        broker(1 + (i % 2)),
        broker(2 - (i % 2)),
        {},
        {
          sentAtMs: 0,
          arrivesAtMs: 10,
        },
      ),
    );
    // Spread over many links so none becomes a stream.
    const rects = new Map(PICTURE);
    const scene = selectMessageScene(crowd.slice(0, 20), rects, 5, { flowing: true, scale: 1 });
    expect(scene.simplified).toBe(false);
    const many = { ...scene, glyphs: crowd.map((_, i) => ({ ...scene.glyphs[i % 20]! })) };
    const { ctx, ops } = recorder();
    drawMessageScene(ctx, { ...many, simplified: true }, VIEW, plain);
    const fills = ops.filter((o) => o.op === 'fill');
    expect(ops.some((o) => o.op === 'stroke')).toBe(false);
    expect(fills.reduce((n, f) => n + f.arcs, 0)).toBe(crowd.length);
  });
});

describe('dashNumbers', () => {
  it('reads an SVG dash array', () => {
    expect(dashNumbers('12 30')).toEqual([12, 30]);
    expect(dashNumbers('4.5,  6')).toEqual([4.5, 6]);
    expect(dashNumbers('')).toEqual([]);
  });
});

describe('cssVarResolver', () => {
  it('reads CSS variables once, with their fallback, and passes plain colours through', () => {
    const reads: string[] = [];
    const vars: Record<string, string> = { '--surface': ' #161c25 ' };
    const resolve = cssVarResolver((name) => {
      reads.push(name);
      return vars[name] ?? '';
    });
    expect(resolve('var(--surface, #fff)')).toBe('#161c25');
    expect(resolve('var(--surface, #fff)')).toBe('#161c25');
    expect(resolve('var(--missing, #abc)')).toBe('#abc');
    expect(resolve('#2563eb')).toBe('#2563eb');
    expect(reads).toEqual(['--surface', '--missing']);
  });
});
