/**
 * The messages on the network, drawn inside React Flow's viewport (between the edges and the
 * nodes), so panning and zooming keep them on their links. Everything drawn comes from
 * messageScene.ts; this component only turns it into SVG.
 *
 * Up to MAX_SHAPED_GLYPHS messages are drawn one element each, with data attributes for tests:
 * a shape worked out once per message, placed by a transform. Beyond that, each message is a
 * dot and all dots of one colour share one path.
 */
import { EdgeLabelRenderer } from '@xyflow/react';
import { memo } from 'react';
import { batchDots, type GlyphShape, type Stroke } from './messageShapes.ts';
import type { MessageGlyph } from './messageScene.ts';
import { useMessageScene, useNodeRects } from './useMessageScene.ts';

function StrokePath({ s }: { s: Stroke }) {
  // CSS variables (the rim's surface colour) work in style only; plain colours stay attributes,
  // which are cheaper to update than inline styles.
  const colour = s.colour.startsWith('var(')
    ? { style: { stroke: s.colour } }
    : { stroke: s.colour };
  return (
    <path
      d={s.d}
      fill="none"
      {...colour}
      strokeWidth={s.widthPx}
      strokeOpacity={s.opacity}
      strokeLinecap={s.cap}
      {...(s.dash ? { strokeDasharray: s.dash.array, strokeDashoffset: s.dash.offset } : {})}
    />
  );
}

const Shape = memo(function Shape({ shape }: { shape: GlyphShape }) {
  return (
    <>
      <StrokePath s={shape.outline} />
      {shape.fills.map((f, i) => (
        <StrokePath key={i} s={f} />
      ))}
    </>
  );
});

function Glyph({ g }: { g: MessageGlyph }) {
  return (
    <g
      data-testid="message"
      data-id={g.id}
      data-kind={g.kind}
      data-link={g.link}
      data-progress={g.progress}
      transform={`translate(${Math.round(g.x * 10) / 10} ${Math.round(g.y * 10) / 10}) rotate(${g.angleDeg})`}
    >
      <Shape shape={g.shape} />
    </g>
  );
}

function Dots({ glyphs }: { glyphs: MessageGlyph[] }) {
  return (
    <g data-testid="messages-batched">
      {batchDots(glyphs).map((b, i) => (
        <path key={i} d={b.d} fill={b.colour} fillOpacity={b.opacity} />
      ))}
    </g>
  );
}

function Glyphs({ glyphs }: { glyphs: MessageGlyph[] }) {
  // Quiet messages under data, errors on top.
  const ordered = [...glyphs].sort((a, b) => a.layer - b.layer);
  // Keyed by slot, not by message: at 1× most messages live for a frame or two, and reusing
  // the elements (new attributes) is much cheaper than creating and removing them each frame.
  return ordered.map((g, slot) => <Glyph key={slot} g={g} />);
}

export function MessageLayer() {
  const rects = useNodeRects();
  const scene = useMessageScene(rects);
  return (
    <EdgeLabelRenderer>
      {/* The guides in a drawing of their own, outside the message layer's compositor layer:
          they stay put while messages move, so moving messages do not redraw their dashes. */}
      <svg className="message-guides" aria-hidden="true">
        {scene.guides.map((g) => (
          <path key={g.link} className="message-guide" d={g.d} data-testid="message-guide" />
        ))}
      </svg>
      <svg
        className="message-layer"
        data-testid="messages"
        data-in-flight={scene.inFlight}
        data-count={scene.drawn + scene.streamed}
        data-drawn={scene.drawn}
        data-streamed={scene.streamed}
        data-streams={scene.streams.length}
        data-off-canvas={scene.offCanvas}
        data-simplified={scene.simplified}
        aria-hidden="true"
      >
        {scene.streams.map((s) => (
          <g key={s.link} data-testid="stream" data-link={s.link} data-count={s.count}>
            {s.strokes.map((st, i) => (
              <StrokePath key={i} s={st} />
            ))}
          </g>
        ))}
        {scene.simplified ? <Dots glyphs={scene.glyphs} /> : <Glyphs glyphs={scene.glyphs} />}
      </svg>
    </EdgeLabelRenderer>
  );
}
