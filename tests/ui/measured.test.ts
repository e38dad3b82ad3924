import type { NodeChange } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { applySizeChanges, withMeasured, type Sizes } from '../../src/ui/canvas/measured.ts';
import { createCanvasSelector } from '../../src/ui/canvas/useCanvas.ts';
import { sim } from '../engine/helpers.ts';

const dimensions = (id: string, width: number, height: number): NodeChange => ({
  id,
  type: 'dimensions',
  dimensions: { width, height },
});

describe('applySizeChanges', () => {
  it('records the sizes React Flow measured, and forgets removed nodes', () => {
    const a = applySizeChanges(new Map(), [dimensions('broker:1', 360, 200)]);
    expect(a.get('broker:1')).toEqual({ width: 360, height: 200 });
    const b = applySizeChanges(a, [{ id: 'broker:1', type: 'remove' }]);
    expect(b.has('broker:1')).toBe(false);
  });

  it('returns the same map when nothing changed, so React skips the update', () => {
    const sizes: Sizes = new Map([['broker:1', { width: 360, height: 200 }]]);
    expect(applySizeChanges(sizes, [dimensions('broker:1', 360, 200)])).toBe(sizes);
    expect(applySizeChanges(sizes, [{ id: 'broker:1', type: 'select', selected: true }])).toBe(
      sizes,
    );
  });
});

describe('withMeasured', () => {
  it('carries each measured size on its node, so React Flow keeps it across updates', () => {
    const nodes = [{ id: 'broker:1' }, { id: 'broker:2' }];
    const sizes = new Map([['broker:1', { width: 360, height: 200 }]]);
    expect(withMeasured(nodes, sizes)).toEqual([
      { id: 'broker:1', measured: { width: 360, height: 200 } },
      { id: 'broker:2' },
    ]);
  });
});

describe('createCanvasSelector with sizes', () => {
  it('puts the measured sizes on the nodes and recomputes when they change', () => {
    const s = sim({ topics: [{ name: 'orders', partitions: 1, replicationFactor: 1 }] });
    const select = createCanvasSelector();
    const none = select(s.state, 1);
    expect(none.nodes.every((n) => !('measured' in n))).toBe(true);
    const sizes = new Map([['broker:1', { width: 360, height: 150 }]]);
    const measured = select(s.state, 1, sizes);
    expect(measured).not.toBe(none);
    expect(measured.nodes.find((n) => n.id === 'broker:1')?.measured).toEqual({
      width: 360,
      height: 150,
    });
    expect(select(s.state, 1, sizes)).toBe(measured);
  });
});
