/**
 * The messages on the network, drawn inside React Flow's viewport (between the edges and the
 * nodes), so they pass under the nodes they leave and reach. Everything drawn comes from
 * messageScene.ts; this component only puts it on a canvas (messageCanvas.ts).
 *
 * The canvas sits in the viewport (for its place between edges and nodes) but undoes the
 * viewport's pan and zoom on itself, so it always covers the pane exactly, in screen pixels,
 * and the pan and zoom are applied to the drawing instead: messages stay sharp at any zoom and
 * the canvas never grows with the size of the cluster.
 *
 * The element carries the scene's counts as data attributes, and the messages it drew (with
 * their place on the canvas) as its `drawnMessages` property, for tests and screenshots.
 */
import { EdgeLabelRenderer, useStore } from '@xyflow/react';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { useTheme } from '../theme.ts';
import {
  cssVarResolver,
  drawMessageScene,
  type ColourResolver,
  type DrawnMessage,
} from './messageCanvas.ts';
import { useMessageScene, useNodeRects } from './useMessageScene.ts';

/** The canvas element, as tests and the screenshot script read it. */
export interface MessageCanvasElement extends HTMLCanvasElement {
  drawnMessages?: DrawnMessage[];
}

function themeResolver(): ColourResolver {
  const css = getComputedStyle(document.documentElement);
  return cssVarResolver((name) => css.getPropertyValue(name));
}

/** CSS variables resolved for the current theme, again when the theme changes (theme.ts). */
function useColourResolver(): ColourResolver {
  const { theme } = useTheme();
  // The theme is on <html> before anyone hears of it: read its colours again for each.
  return useMemo(themeResolver, [theme]);
}

export function MessageLayer() {
  const rects = useNodeRects();
  const scene = useMessageScene(rects);
  const [x, y, zoom] = useStore((s) => s.transform);
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const colour = useColourResolver();
  const canvas = useRef<MessageCanvasElement>(null);
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;

  useLayoutEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const w = Math.max(1, Math.round(width * dpr));
    const h = Math.max(1, Math.round(height * dpr));
    if (el.width !== w) el.width = w;
    if (el.height !== h) el.height = h;
    const ctx = el.getContext('2d');
    if (!ctx) return; // no 2D canvas (a DOM without one): nothing to draw on
    const view = { x, y, zoom, widthPx: width, heightPx: height, dpr };
    el.drawnMessages = drawMessageScene(ctx, scene, view, colour);
  }, [scene, x, y, zoom, width, height, dpr, colour]);

  const safeZoom = zoom > 0 ? zoom : 1;
  return (
    <EdgeLabelRenderer>
      {/* The guides in a drawing of their own, under the canvas: they stay put while messages
          move, so they are not drawn again every frame. */}
      <svg className="message-guides" aria-hidden="true">
        {scene.guides.map((g) => (
          <path key={g.link} className="message-guide" d={g.d} data-testid="message-guide" />
        ))}
      </svg>
      <canvas
        ref={canvas}
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
        style={{
          width: `${width}px`,
          height: `${height}px`,
          // Undo the viewport's pan and zoom: the canvas covers the pane, pixel for pixel.
          transform: `scale(${1 / safeZoom}) translate(${-x}px, ${-y}px)`,
        }}
      />
    </EdgeLabelRenderer>
  );
}
