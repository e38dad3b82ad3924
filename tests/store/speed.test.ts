import { describe, expect, it } from 'vitest';
import {
  clampSpeed,
  formatSpeed,
  SLIDER_MAX,
  sliderToSpeed,
  SPEED_MAX,
  SPEED_MIN,
  speedToSlider,
} from '../../src/store/speed.ts';

describe('playback speed on a log scale', () => {
  it('spans 0.01× to 100× across the slider, with 1× in the middle', () => {
    expect(sliderToSpeed(0)).toBe(SPEED_MIN);
    expect(sliderToSpeed(SLIDER_MAX)).toBe(SPEED_MAX);
    expect(sliderToSpeed(SLIDER_MAX / 2)).toBe(1);
  });

  it('gives each decade the same slider travel', () => {
    expect(speedToSlider(0.1) - speedToSlider(0.01)).toBe(speedToSlider(100) - speedToSlider(10));
  });

  it('maps speeds back to the slider position they came from', () => {
    for (const position of [0, 37, 100, 200, 263, 300, SLIDER_MAX]) {
      expect(Math.abs(speedToSlider(sliderToSpeed(position)) - position)).toBeLessThanOrEqual(1);
    }
  });

  it('keeps speeds inside the range and replaces nonsense by 1×', () => {
    expect(clampSpeed(1_000)).toBe(SPEED_MAX);
    expect(clampSpeed(0)).toBe(SPEED_MIN);
    expect(clampSpeed(Number.NaN)).toBe(1);
  });

  it('labels speeds with two significant digits', () => {
    expect(formatSpeed(2.5118864315)).toBe('2.5×');
    expect(formatSpeed(0.01)).toBe('0.01×');
    expect(formatSpeed(100)).toBe('100×');
  });
});
