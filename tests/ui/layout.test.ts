import { describe, expect, it } from 'vitest';
import {
  GROUP_WIDTH,
  layout,
  RIGHT_COLUMN_GAP,
  splitColumns,
  TILE_HEIGHT,
} from '../../src/ui/canvas/layout.ts';

describe('the right side of the canvas', () => {
  it('splits nodes in order into columns of about equal height', () => {
    expect(splitColumns([100, 100, 100, 100], 2)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(splitColumns([500, 100, 100], 2)).toEqual([[0], [1, 2]]);
    expect(splitColumns([100], 3)).toEqual([[0]]);
  });

  it('keeps one consumer in one column', () => {
    const at = layout([[TILE_HEIGHT], [TILE_HEIGHT]], 1, [200]);
    expect(at.consumers).toHaveLength(1);
  });

  it('puts two tall groups side by side instead of shrinking the picture', () => {
    const brokers = [[TILE_HEIGHT], [TILE_HEIGHT], [TILE_HEIGHT]];
    const at = layout(brokers, 1, [900, 900], GROUP_WIDTH);
    const [a, b] = at.consumers;
    expect(a!.y).toBe(b!.y);
    expect(b!.x - a!.x).toBe(GROUP_WIDTH + RIGHT_COLUMN_GAP);
  });
});
