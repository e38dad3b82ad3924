/**
 * Where nodes sit: producers on the left, brokers in the middle, consumers on the right.
 * Positions depend only on the order of things and how many replicas a broker holds, so they
 * stay put while records flow. The sizes match canvas.css; keep the two in step.
 */

export const PRODUCER_WIDTH = 260;
export const BROKER_WIDTH = 380;
export const CONSUMER_WIDTH = 300;
/** Horizontal space between columns, room for the edges. */
export const COLUMN_GAP = 150;
/** Vertical space between nodes of one column. */
export const ROW_GAP = 28;
/** Brokers per column before a new broker column starts. */
export const BROKERS_PER_COLUMN = 3;

/** Heights (px) of the parts of a node, as canvas.css draws them. */
export const NODE_HEADER_HEIGHT = 52;
export const NODE_PADDING = 12;
export const TILE_HEIGHT = 56;
export const TILE_GAP = 8;
export const PRODUCER_HEIGHT = 196;
export const CONSUMER_ROW_HEIGHT = 34;
export const CONSUMER_FOOTER_HEIGHT = 40;

export interface Point {
  x: number;
  y: number;
}

export function brokerHeight(replicas: number): number {
  const body = replicas === 0 ? TILE_HEIGHT : replicas * TILE_HEIGHT + (replicas - 1) * TILE_GAP;
  return NODE_HEADER_HEIGHT + 2 * NODE_PADDING + body;
}

export function consumerHeight(partitions: number): number {
  return (
    NODE_HEADER_HEIGHT +
    2 * NODE_PADDING +
    CONSUMER_ROW_HEIGHT * (partitions + 1) +
    CONSUMER_FOOTER_HEIGHT
  );
}

/** Top-left corners of items stacked in a column centred on `centerY`. */
export function stack(x: number, heights: number[], centerY: number): Point[] {
  const total = heights.reduce((sum, h) => sum + h, 0) + ROW_GAP * Math.max(0, heights.length - 1);
  let y = centerY - total / 2;
  return heights.map((h) => {
    const at = { x, y: Math.round(y) };
    y += h + ROW_GAP;
    return at;
  });
}

export interface ColumnLayout {
  brokers: Point[];
  producers: Point[];
  consumers: Point[];
}

/**
 * Brokers fill columns of BROKERS_PER_COLUMN from the top; every row is as tall as its
 * tallest broker so that rows line up. Clients are centred on the brokers' block.
 */
export function layout(
  brokerReplicaCounts: number[],
  producerCount: number,
  consumerPartitionCounts: number[],
): ColumnLayout {
  const rows = Math.min(BROKERS_PER_COLUMN, Math.max(1, brokerReplicaCounts.length));
  const columns = Math.max(1, Math.ceil(brokerReplicaCounts.length / BROKERS_PER_COLUMN));
  const rowHeights = Array.from({ length: rows }, () => 0);
  brokerReplicaCounts.forEach((n, i) => {
    const row = i % BROKERS_PER_COLUMN;
    rowHeights[row] = Math.max(rowHeights[row] ?? 0, brokerHeight(n));
  });
  const rowTops: number[] = [];
  let y = 0;
  for (const h of rowHeights) {
    rowTops.push(y);
    y += h + ROW_GAP;
  }
  const blockHeight = Math.max(0, y - ROW_GAP);
  const brokerX = PRODUCER_WIDTH + COLUMN_GAP;
  const brokers = brokerReplicaCounts.map((_, i) => ({
    x: brokerX + Math.floor(i / BROKERS_PER_COLUMN) * (BROKER_WIDTH + ROW_GAP),
    y: rowTops[i % BROKERS_PER_COLUMN] ?? 0,
  }));
  const consumerX = brokerX + columns * BROKER_WIDTH + (columns - 1) * ROW_GAP + COLUMN_GAP;
  const centerY = blockHeight / 2;
  return {
    brokers,
    producers: stack(0, Array.from({ length: producerCount }, () => PRODUCER_HEIGHT), centerY),
    consumers: stack(consumerX, consumerPartitionCounts.map(consumerHeight), centerY),
  };
}
