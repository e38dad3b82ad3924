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

/** A count and its noun, singular for one: "1 record", "2,119 records". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** Items as a sentence lists them: "4", "4 and 5", "1, 2 and 3". */
export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "broker 4", "brokers 4 and 5". */
export function brokersText(ids: readonly number[]): string {
  return `${ids.length === 1 ? 'broker' : 'brokers'} ${andList(ids.map(String))}`;
}

/** "offset 753", "offsets 753–760": a range given with its end exclusive, as events carry it. */
export function offsetRange(from: number, toExclusive: number): string {
  const last = toExclusive - 1;
  return last <= from
    ? `offset ${formatCount(from)}`
    : `offsets ${formatCount(from)}–${formatCount(last)}`;
}

/**
 * The engine's reasons carry plain numbers ("no heartbeat for 9000 ms"); group their thousands
 * as the rest of the page does. A number that is part of a name (billing-1000, a.b.1000) stays.
 */
export function readableNumbers(text: string): string {
  return text.replace(/(?<![\w.@#-])\d{4,}(?!\w|[.-]\w)/g, (d) => formatCount(Number(d)));
}

/**
 * An engine reason as the event list prints it: numbers grouped, and a list of brokers in
 * prose ("broker 4, 5 did not catch up" → "brokers 4 and 5 did not catch up").
 */
export function readableReason(text: string): string {
  return readableNumbers(text).replace(
    /\bbroker (\d+(?:, \d+)+)\b(?! (?:records?|ms|segments?|bytes)\b)/g,
    (_, ids: string) => brokersText(ids.split(', ').map(Number)),
  );
}

/** Seconds to the tenth, as the canvas's counters show them: "2.3 s", "30.0 s". */
export function formatTenths(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** "PreparingRebalance" cut where it may wrap: between the words of a camelCase name. */
export function camelWrapPoints(text: string): string[] {
  return text.split(/(?<=[a-z])(?=[A-Z])/);
}

/** "12 ms", "1.5 ms", "2.3 s". */
export function formatMs(ms: number): string {
  if (ms >= 10_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms >= 100) return `${Math.round(ms)} ms`;
  return `${Math.round(ms * 10) / 10} ms`;
}

/** Bytes for people: "512 B", "12.3 KB", "4.0 MB" (powers of 1024, as Kafka sizes are). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 * 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `${(n / (1024 * 1024 * 1024)).toFixed(1)} GB`;
}

/**
 * Where a long Kafka name may wrap: `text` cut after each `.`, `=` or `_` that is followed by a
 * letter (`auto.offset.reset=latest`, `__consumer_offsets`), so a narrow column wraps a config
 * name between its words instead of at any letter. Numbers (`21.111`, `1,173`) stay whole.
 * The pieces joined give `text` back; the page puts a <wbr> between them (BreakableText).
 */
export function wrapPoints(text: string): string[] {
  return text.split(/(?<=[A-Za-z0-9][.=_])(?=[A-Za-z])/);
}
