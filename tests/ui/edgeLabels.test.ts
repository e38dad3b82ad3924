import { describe, expect, it } from 'vitest';
import type { Edge } from '@xyflow/react';
import { createLabelPlacer, labelT, placeEdgeLabels } from '../../src/ui/canvas/edgeLabels.ts';
import { PLACED_EDGE_TYPE } from '../../src/ui/canvas/selectNodes.ts';
import type { Rect } from '../../src/ui/canvas/messageGeometry.ts';

const rect = (x: number, y: number, width = 200, height = 100): Rect => ({ x, y, width, height });
const edge = (source: string, target: string, label = 'orders 0'): Edge => ({
  id: `${source}->${target}`,
  source,
  target,
  label,
  type: PLACED_EDGE_TYPE,
});

// Two brokers facing two consumers; each consumer reads from the broker facing the other.
const rects = new Map<string, Rect>([
  ['b1', rect(0, 0)],
  ['b2', rect(0, 300)],
  ['c1', rect(400, 0)],
  ['c2', rect(400, 300)],
]);

describe('placeEdgeLabels', () => {
  it('keeps a lone label at the middle of its line, and the same objects', () => {
    const edges = [edge('b1', 'c1')];
    expect(placeEdgeLabels(edges, rects)).toBe(edges);
    expect(labelT(edges[0]!)).toBe(0.5);
  });

  it('moves the second of two labels that would meet where their lines cross', () => {
    const edges = [edge('b1', 'c2', 'orders 0'), edge('b2', 'c1', 'orders 1')];
    const placed = placeEdgeLabels(edges, rects);
    expect(placed[0]).toBe(edges[0]);
    expect(labelT(placed[1]!)).not.toBe(0.5);
    // Along a line from (200, 350) to (400, 50), the moved label is clear of the first one at (300, 200).
    const t = labelT(placed[1]!);
    expect(Math.abs(350 - 300 * t - 200)).toBeGreaterThanOrEqual(22);
  });

  it('leaves edges with their own handles or another type at the middle', () => {
    const edges = [
      edge('b1', 'c2'),
      { ...edge('b2', 'c1'), sourceHandle: 'streams-out' },
      { ...edge('b2', 'c1'), id: 'x', type: 'straight' },
    ];
    const placed = placeEdgeLabels(edges, rects);
    expect(placed.map(labelT)).toEqual([0.5, 0.5, 0.5]);
  });

  it('does not put a label on a node in the gap', () => {
    // A node sits over the middle of the line: the label goes past it.
    const withNode = new Map(rects).set('n', rect(290, 20, 20, 40));
    const placed = placeEdgeLabels([edge('b1', 'c1')], withNode);
    expect(labelT(placed[0]!)).not.toBe(0.5);
  });

  it('places nothing for an edge whose nodes are not measured yet', () => {
    const edges = [edge('b1', 'missing')];
    expect(placeEdgeLabels(edges, rects)).toBe(edges);
  });
});

describe('createLabelPlacer', () => {
  it('hands back the same edges, moved labels too, while their places do not change', () => {
    const place = createLabelPlacer();
    const edges = [edge('b1', 'c2', 'orders 0'), edge('b2', 'c1', 'orders 1')];
    const first = place(edges, rects);
    expect(labelT(first[1]!)).not.toBe(0.5);
    // The same boxes in a new map (React Flow measured again): nothing new for React Flow.
    expect(place(edges, new Map(rects))).toBe(first);
  });
});
