import { describe, expect, it } from 'vitest';
import {
  batchDots,
  capsuleCorePx,
  glyphShape,
  glyphStyle,
  messageDot,
  THICKNESS_PX,
  trainLines,
} from '../../src/ui/canvas/messageShapes.ts';
import { ERROR_COLOUR, messageLook, partitionColour } from '../../src/ui/canvas/messageStyle.ts';
import { produce, produceResponse } from './messages.ts';

/** The x coordinates of every line end in some `M x yL x y` path data. */
const xs = (d: string) => [...d.matchAll(/[ML](-?[\d.]+) /g)].map((m) => Number(m[1]));

describe('capsuleCorePx', () => {
  it('grows with the record count, less than linearly, up to a bound', () => {
    expect(capsuleCorePx(1)).toBeLessThan(capsuleCorePx(10));
    expect(capsuleCorePx(10)).toBeLessThan(capsuleCorePx(100));
    expect(capsuleCorePx(100) / capsuleCorePx(10)).toBeLessThan(10);
    expect(capsuleCorePx(1_000_000)).toBe(capsuleCorePx(10_000_000));
  });
});

describe('trainLines', () => {
  const at = { x: 0, y: 0, dx: 1, dy: 0 };

  it('lays capsules one after the other, centred on the message’s position', () => {
    const lines = trainLines(
      at,
      [
        { colour: 'a', corePx: 10 },
        { colour: 'b', corePx: 20 },
      ],
      10,
      500,
    );
    expect(lines.map((l) => l.colour)).toEqual(['a', 'b']);
    const ends = lines.flatMap((l) => xs(l.d));
    // Round caps add half the thickness at each end: the whole train spans ±(30 + 2·10 + 2) / 2.
    expect(Math.min(...ends) - 5).toBeCloseTo(-26);
    expect(Math.max(...ends) + 5).toBeCloseTo(26);
  });

  it('keeps a long train within the room it is given', () => {
    const capsules = Array.from({ length: 8 }, () => ({ colour: '#000', corePx: 30 }));
    const ends = trainLines(at, capsules, 10, 100).flatMap((l) => xs(l.d));
    expect(Math.max(...ends) - Math.min(...ends) + 10).toBeLessThanOrEqual(100 + 0.2);
    expect(Math.max(...ends) + Math.min(...ends)).toBeCloseTo(0, 0);
  });

  it('follows the direction of travel', () => {
    const [line] = trainLines({ x: 5, y: 5, dx: 0, dy: 1 }, [{ colour: 'a', corePx: 10 }], 10, 100);
    expect(line!.d).toBe('M5 0L5 10');
  });
});

describe('glyphShape', () => {
  it('puts a rim under the capsules, wider than they are', () => {
    const style = glyphStyle(messageLook(produce('p', 1, [[4, 9]])), 1);
    const shape = glyphShape(style, 100, 1);
    expect(shape.fills.map((f) => f.colour)).toEqual([partitionColour(4)]);
    expect(shape.outline.widthPx).toBeGreaterThan(shape.fills[0]!.widthPx);
    expect(shape.outline.d).toBe(shape.fills[0]!.d);
  });
});

describe('messageDot', () => {
  it('takes the colour of the partition with most records, and grows with records', () => {
    const small = messageLook(produce('p', 1, [[1, 1]]));
    const mixed = messageLook(
      produce('p', 1, [
        [1, 2],
        [3, 200],
      ]),
    );
    const a = messageDot(glyphStyle(small, 1), small);
    const b = messageDot(glyphStyle(mixed, 1), mixed);
    expect(b.colour).toBe(partitionColour(3));
    expect(b.radiusPx).toBeGreaterThan(a.radiusPx);
    expect(a.radiusPx).toBeGreaterThanOrEqual(THICKNESS_PX.data / 2);
  });

  it('is red for an error', () => {
    const look = messageLook(produceResponse('p', 1, 'REQUEST_TIMED_OUT'));
    expect(messageDot(glyphStyle(look, 1), look).colour).toBe(ERROR_COLOUR);
  });
});

describe('batchDots', () => {
  it('groups the dots into one batch per colour, layer by layer', () => {
    const dot = (colour: string, layer: 0 | 1 | 2 | 3) => ({
      colour,
      radiusPx: 2,
      opacity: 1,
      layer,
    });
    const batches = batchDots([
      { x: 10, y: 10, dot: dot('red', 3) },
      { x: 20, y: 10, dot: dot('blue', 2) },
      { x: 30, y: 10, dot: dot('red', 3) },
    ]);
    expect(batches.map((b) => b.colour)).toEqual(['blue', 'red']);
    expect(batches[1]!.circles).toEqual([
      { x: 10, y: 10, r: 2 },
      { x: 30, y: 10, r: 2 },
    ]);
  });
});
