/**
 * Where nodes sit: producers on the left, brokers in the middle, consumers on the right.
 * Positions depend only on the order of things and how many replicas a broker holds, so they
 * stay put while records flow. The sizes match canvas.css; keep the two in step.
 */

export const PRODUCER_WIDTH = 240;
export const BROKER_WIDTH = 360;
export const CONSUMER_WIDTH = 280;
/** Horizontal space between columns, room for the edges. */
export const COLUMN_GAP = 120;
/** Vertical space between nodes of one column. */
export const ROW_GAP = 28;
/** Space between broker columns: room for the messages brokers send each other. */
export const BROKER_COLUMN_GAP = 72;

/** Heights (px) of the parts of a node, as canvas.css draws them. */
export const NODE_HEADER_HEIGHT = 52;
/** The coloured top border (5 px) and the bottom border (1.5 px), rounded up. */
export const NODE_BORDER = 7;
export const NODE_PADDING = 12;
/** A leader's tile shows its offsets on two lines; other rows (followers, "+N more") are short. */
export const LEADER_TILE_HEIGHT = 56;
export const TILE_HEIGHT = 44;
export const TILE_GAP = 8;
/** The producer node has a fixed height (canvas.css `.node-producer`). */
export const PRODUCER_HEIGHT = 236;
export const CONSUMER_ROW_HEIGHT = 34;
export const CONSUMER_FOOTER_HEIGHT = 40;

export interface Point {
  x: number;
  y: number;
}

/** A broker node's height from the heights of the rows it lists (none: one "no replicas"). */
export function brokerHeight(tileHeights: number[]): number {
  const tiles = tileHeights.length === 0 ? [TILE_HEIGHT] : tileHeights;
  const body = tiles.reduce((sum, h) => sum + h, 0) + (tiles.length - 1) * TILE_GAP;
  return NODE_BORDER + NODE_HEADER_HEIGHT + 2 * NODE_PADDING + body;
}

export function consumerHeight(partitions: number): number {
  return (
    NODE_BORDER +
    NODE_HEADER_HEIGHT +
    2 * NODE_PADDING +
    CONSUMER_ROW_HEIGHT * (partitions + 1) +
    CONSUMER_FOOTER_HEIGHT
  );
}

/** Top-left corners of items stacked in a column centred on `centerY`. */
export function stack(x: number, heights: number[], centerY: number): Point[] {
  let y = centerY - stackHeight(heights) / 2;
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

/** The shape of the canvas area the layout aims for (width / height, a 16:9 page less bars). */
export const TARGET_ASPECT = 1.5;

interface BrokerGrid {
  columns: number;
  rows: number;
  /** Height of each row: its tallest broker. */
  rowHeights: number[];
  width: number;
  height: number;
}

function brokerGrid(heights: number[], columns: number): BrokerGrid {
  const rows = Math.max(1, Math.ceil(heights.length / columns));
  const rowHeights = Array.from({ length: rows }, () => 0);
  // Column-major: broker ids read down the first column, then the next.
  heights.forEach((h, i) => {
    const row = i % rows;
    rowHeights[row] = Math.max(rowHeights[row] ?? 0, h);
  });
  const height = rowHeights.reduce((sum, h) => sum + h, 0) + ROW_GAP * (rows - 1);
  const width = columns * BROKER_WIDTH + (columns - 1) * BROKER_COLUMN_GAP;
  return { columns, rows, rowHeights, width, height };
}

/**
 * As many broker columns as make the whole picture largest on a TARGET_ASPECT screen: one
 * column for a few small brokers, a grid when brokers are many or tall.
 */
export function chooseBrokerGrid(heights: number[], clientsHeight: number): BrokerGrid {
  let best = brokerGrid(heights, 1);
  let bestScale = 0;
  for (let columns = 1; columns <= Math.max(1, heights.length); columns++) {
    const grid = brokerGrid(heights, columns);
    const width = PRODUCER_WIDTH + CONSUMER_WIDTH + 2 * COLUMN_GAP + grid.width;
    const height = Math.max(grid.height, clientsHeight);
    const scale = Math.min(TARGET_ASPECT / width, 1 / height);
    if (scale > bestScale) {
      best = grid;
      bestScale = scale;
    }
  }
  return best;
}

function stackHeight(heights: number[]): number {
  return heights.reduce((sum, h) => sum + h, 0) + ROW_GAP * Math.max(0, heights.length - 1);
}

/**
 * Producers left, brokers in a grid in the middle, consumers right; clients centred on the
 * brokers. `brokerTiles` holds each broker's row heights, `consumerRows` each consumer's
 * number of partition rows.
 */
export function layout(
  brokerTiles: number[][],
  producerCount: number,
  consumerRows: number[],
): ColumnLayout {
  const producerHeights = Array.from({ length: producerCount }, () => PRODUCER_HEIGHT);
  const consumerHeights = consumerRows.map(consumerHeight);
  const clientsHeight = Math.max(stackHeight(producerHeights), stackHeight(consumerHeights));
  const grid = chooseBrokerGrid(brokerTiles.map(brokerHeight), clientsHeight);
  const rowTops: number[] = [];
  let y = 0;
  for (const h of grid.rowHeights) {
    rowTops.push(y);
    y += h + ROW_GAP;
  }
  const brokerX = PRODUCER_WIDTH + COLUMN_GAP;
  const brokers = brokerTiles.map((_, i) => ({
    x: brokerX + Math.floor(i / grid.rows) * (BROKER_WIDTH + BROKER_COLUMN_GAP),
    y: rowTops[i % grid.rows] ?? 0,
  }));
  const consumerX = brokerX + grid.width + COLUMN_GAP;
  const centerY = grid.height / 2;
  return {
    brokers,
    producers: stack(0, producerHeights, centerY),
    consumers: stack(consumerX, consumerHeights, centerY),
  };
}
