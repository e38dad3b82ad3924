/** Number and time formats shared by the UI. */

/** Whole simulated milliseconds as seconds with three decimals: "12.345". */
export function formatSeconds(ms: number): string {
  const whole = Math.max(0, Math.floor(ms));
  return `${Math.floor(whole / 1000)}.${String(whole % 1000).padStart(3, '0')}`;
}

/** The simulated clock as the top bar shows it: "t = 12.345 s". */
export function formatClock(ms: number): string {
  return `t = ${formatSeconds(ms)} s`;
}

const COUNT = new Intl.NumberFormat('en-US');

/** Counts with thousands separators, readable from the back of a room: "12,345". */
export function formatCount(n: number): string {
  return COUNT.format(n);
}

/** An average such as records per request: one decimal below 10 ("2.8"), whole above ("97"). */
export function formatAverage(n: number): string {
  return n < 10 ? n.toFixed(1) : COUNT.format(Math.round(n));
}
