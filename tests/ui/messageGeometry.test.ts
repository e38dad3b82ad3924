import { describe, expect, it } from 'vitest';
import {
  LANE_OFFSET_PX,
  linkPath,
  messageProgress,
  pointAt,
  type LinkPath,
  type Rect,
} from '../../src/ui/canvas/messageGeometry.ts';

const left: Rect = { x: 0, y: 0, width: 200, height: 100 };
const right: Rect = { x: 400, y: 200, width: 200, height: 300 };

function mustLink(from: Rect, to: Rect, outwardX = 300): LinkPath {
  const path = linkPath(from, to, outwardX);
  if (!path) throw new Error('no path');
  return path;
}

describe('linkPath', () => {
  it('runs straight between the facing sides’ centres, where the handles are', () => {
    const p = mustLink(left, right);
    expect(p.control).toBeNull();
    // Left to right: the sender's right side, the receiver's left side.
    const dx = 400 - 200;
    const dy = 350 - 50;
    const len = Math.hypot(dx, dy);
    const lane = { x: (-dy / len) * LANE_OFFSET_PX, y: (dx / len) * LANE_OFFSET_PX };
    expect(p.start.x).toBeCloseTo(200 + lane.x);
    expect(p.start.y).toBeCloseTo(50 + lane.y);
    expect(p.end.x).toBeCloseTo(400 + lane.x);
    expect(p.end.y).toBeCloseTo(350 + lane.y);
    expect(p.lengthPx).toBeCloseTo(len);
  });

  it('gives each direction its own lane, on the right of the direction of travel', () => {
    const a: Rect = { x: 0, y: 0, width: 100, height: 100 };
    const b: Rect = { x: 300, y: 0, width: 100, height: 100 };
    const there = mustLink(a, b);
    const back = mustLink(b, a);
    // Both centre lines are y = 50; eastbound runs below it (screen y grows down), westbound above.
    expect(there.start.y).toBeCloseTo(50 + LANE_OFFSET_PX);
    expect(back.start.y).toBeCloseTo(50 - LANE_OFFSET_PX);
    expect(back.start.x).toBeCloseTo(300);
    expect(back.end.x).toBeCloseTo(100);
  });

  it('bows out of a column, away from the middle of the picture', () => {
    const top: Rect = { x: 1000, y: 0, width: 200, height: 100 };
    const bottom: Rect = { x: 1000, y: 400, width: 200, height: 100 };
    const outRight = mustLink(top, bottom, 500);
    expect(outRight.control).not.toBeNull();
    expect(outRight.control!.x).toBeGreaterThan(1200);
    const outLeft = mustLink(top, bottom, 5000);
    expect(outLeft.control!.x).toBeLessThan(1000);
    expect(outLeft.lengthPx).toBeGreaterThan(400);
  });

  it('has no path between a node and itself or overlapping nodes', () => {
    expect(linkPath(left, left, 0)).toBeNull();
    expect(linkPath(left, { x: 50, y: 50, width: 100, height: 100 }, 0)).toBeNull();
  });

  it('writes SVG path data with one decimal', () => {
    const p = mustLink(
      { x: 0, y: 0, width: 10, height: 10 },
      { x: 100, y: 0, width: 10, height: 10 },
    );
    expect(p.d).toBe('M10 12L100 12');
  });
});

describe('pointAt', () => {
  it('is the start at 0, the end at 1 and the middle at one half of a straight path', () => {
    const p = mustLink(left, right);
    expect(pointAt(p, 0)).toMatchObject({ x: p.start.x, y: p.start.y });
    expect(pointAt(p, 1).x).toBeCloseTo(p.end.x);
    expect(pointAt(p, 1).y).toBeCloseTo(p.end.y);
    const mid = pointAt(p, 0.5);
    expect(mid.x).toBeCloseTo((p.start.x + p.end.x) / 2);
    expect(mid.y).toBeCloseTo((p.start.y + p.end.y) / 2);
  });

  it('gives a unit direction of travel, also along a curve', () => {
    const top: Rect = { x: 0, y: 0, width: 100, height: 100 };
    const bottom: Rect = { x: 0, y: 300, width: 100, height: 100 };
    const curve = mustLink(top, bottom, -100);
    for (const t of [0, 0.25, 0.5, 0.75, 1]) {
      const q = pointAt(curve, t);
      expect(Math.hypot(q.dx, q.dy)).toBeCloseTo(1);
    }
    // Halfway down the curve it travels straight down.
    expect(pointAt(curve, 0.5).dy).toBeCloseTo(1);
  });
});

describe('messageProgress', () => {
  it('is (now − sentAt) / (arrivesAt − sentAt)', () => {
    expect(messageProgress(100, 104, 100)).toBe(0);
    expect(messageProgress(100, 104, 101)).toBe(0.25);
    expect(messageProgress(100, 104, 103)).toBe(0.75);
  });

  it('stays within [0, 1], and a message that takes no time has arrived', () => {
    expect(messageProgress(100, 104, 90)).toBe(0);
    expect(messageProgress(100, 104, 200)).toBe(1);
    expect(messageProgress(100, 100, 100)).toBe(1);
  });
});
