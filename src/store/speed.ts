/**
 * Playback speed on a log scale from 0.01× to 100×: a slider that is linear in speed would
 * spend almost all of its travel above 10× and make slow motion impossible to pick.
 */

export const SPEED_MIN = 0.01;
export const SPEED_MAX = 100;
/** Slider positions per decade; the slider runs from 0 (0.01×) to 4 × this (100×). */
export const SLIDER_STEPS_PER_DECADE = 100;
export const SLIDER_MAX = 4 * SLIDER_STEPS_PER_DECADE;

export function clampSpeed(speed: number): number {
  if (!Number.isFinite(speed)) return 1;
  return Math.min(SPEED_MAX, Math.max(SPEED_MIN, speed));
}

/** Rounds to two significant digits so the label reads "2.5×", not "2.5118864315×". */
export function roundSpeed(speed: number): number {
  return clampSpeed(Number(clampSpeed(speed).toPrecision(2)));
}

export function sliderToSpeed(position: number): number {
  const decades = position / SLIDER_STEPS_PER_DECADE - 2;
  return roundSpeed(10 ** decades);
}

export function speedToSlider(speed: number): number {
  return Math.round((Math.log10(clampSpeed(speed)) + 2) * SLIDER_STEPS_PER_DECADE);
}

export function formatSpeed(speed: number): string {
  return `${roundSpeed(speed)}×`;
}
