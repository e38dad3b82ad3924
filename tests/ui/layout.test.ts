import { describe, expect, it } from 'vitest';
import {
  canvasAspect,
  GROUP_WIDTH,
  groupHeight,
  INTERNAL_ROW_HEIGHT,
  LEADER_TILE_HEIGHT,
  layout,
  RIGHT_COLUMN_GAP,
  splitColumns,
  TARGET_ASPECT,
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

describe('the canvas shape the brokers are arranged for', () => {
  // Classroom's brokers: 2 leaders and 4 followers each, and the __consumer_offsets row.
  const classroomBroker = [
    LEADER_TILE_HEIGHT,
    LEADER_TILE_HEIGHT,
    TILE_HEIGHT,
    TILE_HEIGHT,
    TILE_HEIGHT,
    TILE_HEIGHT,
    INTERNAL_ROW_HEIGHT,
  ];
  const brokers = [classroomBroker, classroomBroker, classroomBroker];
  const columns = (at: { brokers: { x: number }[] }) => new Set(at.brokers.map((b) => b.x)).size;

  it('snaps the measured size to a few shapes, so a small resize keeps the arrangement', () => {
    // 1280×720 less the top bar, the bottom bar and the 300 px side panel: 980×605.
    expect(canvasAspect(980, 605)).toBe(1.8);
    expect(canvasAspect(990, 600)).toBe(1.8);
    // The side panel folded away (focus): the whole 1280 px.
    expect(canvasAspect(1280, 605)).toBe(2.2);
    // The charts open under the canvas: a wide, low strip.
    expect(canvasAspect(980, 370)).toBe(3.3);
    // Not measured yet (0×0, or hidden): the default shape, or the one laid out for now.
    expect(canvasAspect(0, 0)).toBe(TARGET_ASPECT);
    expect(canvasAspect(0, 0, 2.2)).toBe(2.2);
  });

  it('keeps the shape it lays out for until another step is clearly nearer', () => {
    // 934×605 measures 1.62, a little nearer 1.5 than 1.8: from 1.8 it stays, fresh it is 1.5.
    expect(canvasAspect(934, 605)).toBe(1.5);
    expect(canvasAspect(934, 605, 1.8)).toBe(1.8);
    // Clearly past the middle, it moves.
    expect(canvasAspect(860, 605, 1.8)).toBe(1.5);
  });

  it('stacks brokers in a grid on a 3:2 canvas and puts them in one row on a wide, low one', () => {
    const rightHeights = [groupHeight(1, 2, 120)];
    expect(columns(layout(brokers, 2, rightHeights, GROUP_WIDTH, 0, 1.5))).toBe(2);
    expect(columns(layout(brokers, 2, rightHeights, GROUP_WIDTH, 0, 3.3))).toBe(3);
  });

  it('lays out for TARGET_ASPECT when no shape is given', () => {
    expect(layout(brokers, 2, [])).toEqual(layout(brokers, 2, [], undefined, 0, TARGET_ASPECT));
  });
});
