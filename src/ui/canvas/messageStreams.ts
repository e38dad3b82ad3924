/**
 * A busy link drawn as one flowing stream instead of one glyph per message: dashes in the
 * colours of the partitions it carries (each colour as long as its share of the records), as
 * wide as the traffic, moving at the messages' own speed. The dash offset is a function of
 * simulated time alone, so a paused stream stands still and a step moves it exactly.
 */
import type { MessageState } from '../../engine/model.ts';
import { round1, type LinkPath } from './messageGeometry.ts';
import type { Stroke } from './messageShapes.ts';
import { ERROR_COLOUR, messageLook, QUIET_COLOURS, type MessageCategory } from './messageStyle.ts';

export interface MessageStream {
  /** `${fromNodeId}>${toNodeId}`. */
  link: string;
  /** Messages on the link, and how many of them carry records or errors. */
  count: number;
  withRecords: number;
  errors: number;
  /** The path the stream follows. */
  d: string;
  strokes: Stroke[];
}

/** Width of a stream part carrying `count` messages: grows with traffic, within bounds. */
export function streamWidthPx(count: number, quiet: boolean): number {
  if (quiet) return Math.min(10, Math.max(2.5, 1.5 + 0.6 * Math.sqrt(count)));
  return Math.min(24, Math.max(4, 4 + 1.2 * Math.sqrt(count)));
}

/**
 * Dashes in the given colours (each as long as its weight's share), shifted `travelPx` along
 * the path: one stroke per colour, their dashes following each other.
 */
export function dashedStrokes(
  d: string,
  colours: { colour: string; weight: number }[],
  widthPx: number,
  travelPx: number,
  opacity: number,
): Stroke[] {
  const total = colours.reduce((n, c) => n + c.weight, 0) || 1;
  const gap = Math.max(5, widthPx * 0.7);
  const dashes = colours.map((c) => Math.max(8, Math.min(60, (60 * c.weight) / total)));
  const period = dashes.reduce((n, x) => n + x + gap, 0);
  let start = 0;
  return colours.map((c, i) => {
    const dash = dashes[i] ?? 8;
    const offset = -((((start + travelPx) % period) + period) % period);
    start += dash + gap;
    return {
      d,
      colour: c.colour,
      widthPx,
      opacity,
      cap: 'butt',
      dash: { array: `${round1(dash)} ${round1(period - dash)}`, offset: round1(offset) },
    };
  });
}

interface Tally {
  withRecords: number;
  errors: number;
  /** Records per partition colour. */
  weights: Map<string, number>;
  /** Messages without records per category. */
  quiet: Map<MessageCategory, number>;
  minTravelMs: number;
}

function tally(messages: readonly MessageState[]): Tally {
  const t: Tally = {
    withRecords: 0,
    errors: 0,
    weights: new Map(),
    quiet: new Map(),
    minTravelMs: Infinity,
  };
  for (const msg of messages) {
    t.minTravelMs = Math.min(t.minTravelMs, msg.arrivesAtMs - msg.sentAtMs);
    const look = messageLook(msg);
    if (look.error !== null) t.errors++;
    else if (look.segments.length > 0) {
      t.withRecords++;
      for (const s of look.segments)
        t.weights.set(s.colour, (t.weights.get(s.colour) ?? 0) + s.records);
    } else t.quiet.set(look.category, (t.quiet.get(look.category) ?? 0) + 1);
  }
  return t;
}

/**
 * The stream for the messages of one link at `nowMs`. `flowing` false (reduced motion) keeps
 * the dashes still; `scale` widens them like glyphs on a zoomed-out canvas.
 */
export function messageStream(
  link: string,
  path: LinkPath,
  messages: readonly MessageState[],
  nowMs: number,
  options: { flowing: boolean; scale: number },
): MessageStream {
  const t = tally(messages);
  // The pattern moves as fast as the messages do: the link's length per (fastest) trip.
  const speedPxPerMs = path.lengthPx / Math.max(1, t.minTravelMs);
  const travelPx = options.flowing ? nowMs * speedPxPerMs : 0;
  const width = (count: number, quiet: boolean) => streamWidthPx(count, quiet) * options.scale;
  const strokes: Stroke[] = [];
  const quietCount = [...t.quiet.values()].reduce((a, b) => a + b, 0);
  if (quietCount > 0) {
    const [category] = [...t.quiet.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['control'];
    const colours = [{ colour: QUIET_COLOURS[category], weight: 1 }];
    strokes.push(...dashedStrokes(path.d, colours, width(quietCount, true), travelPx, 0.8));
  }
  if (t.withRecords > 0) {
    const colours = [...t.weights.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([colour, weight]) => ({ colour, weight }));
    strokes.push(...dashedStrokes(path.d, colours, width(t.withRecords, false), travelPx, 0.9));
  }
  if (t.errors > 0) {
    const colours = [{ colour: ERROR_COLOUR, weight: 1 }];
    strokes.push(...dashedStrokes(path.d, colours, width(t.errors, true) + 1, travelPx, 1));
  }
  const { withRecords, errors } = t;
  return { link, count: messages.length, withRecords, errors, d: path.d, strokes };
}
