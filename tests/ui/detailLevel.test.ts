import { describe, expect, it } from 'vitest';
import { detailLevel, FAR_BELOW, NEAR_ABOVE } from '../../src/ui/canvas/detailLevel.ts';

describe('semantic zoom (detailLevel)', () => {
  it('is far when the cluster is fitted small, and near at a readable zoom', () => {
    // classroom fitted beside the side panel at 1280×720 is drawn at about 0.51.
    expect(detailLevel(0.51, 'near')).toBe('far');
    expect(detailLevel(1, 'far')).toBe('near');
  });

  it('keeps its level between the two thresholds, so a zoom at the edge does not flicker', () => {
    const between = (FAR_BELOW + NEAR_ABOVE) / 2;
    expect(detailLevel(between, 'far')).toBe('far');
    expect(detailLevel(between, 'near')).toBe('near');
    expect(detailLevel(FAR_BELOW, 'far')).toBe('far');
    expect(detailLevel(NEAR_ABOVE, 'near')).toBe('near');
  });
});
