/** Checks that canvas nodes are laid out without overlapping (shared by the canvas tests). */
import { expect } from 'vitest';
import { nodeSize, type SimNode } from '../../src/ui/canvas/selectNodes.ts';

type Box = { id: string; x: number; y: number; width: number; height: number };

function apart(a: Box, b: Box): boolean {
  return (
    a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y
  );
}

/**
 * Top-level nodes do not overlap each other; nodes inside a group (members) do not overlap
 * each other and stay inside their group.
 */
export function expectNoOverlap(nodes: SimNode[], label: string): void {
  const boxOf = (n: SimNode): Box => ({ id: n.id, ...n.position, ...nodeSize(n) });
  const top = nodes.filter((n) => n.parentId === undefined).map(boxOf);
  for (const [i, a] of top.entries())
    for (const b of top.slice(i + 1))
      expect(apart(a, b), `${label}: ${a.id} overlaps ${b.id}`).toBe(true);
  const parents = new Set(nodes.flatMap((n) => (n.parentId ? [n.parentId] : [])));
  for (const parent of parents) {
    const outer = boxOf(nodes.find((n) => n.id === parent)!);
    const inner = nodes.filter((n) => n.parentId === parent).map(boxOf);
    for (const [i, a] of inner.entries()) {
      expect(a.x >= 0 && a.y >= 0, `${label}: ${a.id} starts outside ${parent}`).toBe(true);
      expect(a.x + a.width <= outer.width, `${label}: ${a.id} sticks out of ${parent}`).toBe(true);
      expect(a.y + a.height <= outer.height, `${label}: ${a.id} sticks out of ${parent}`).toBe(
        true,
      );
      for (const b of inner.slice(i + 1))
        expect(apart(a, b), `${label}: ${a.id} overlaps ${b.id}`).toBe(true);
    }
  }
}
