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
/**
 * A leader's tile has three lines (name, role and ISR, offsets: canvas.css `.replica-leader`);
 * other rows (followers, "+N more") are short.
 */
export const LEADER_TILE_HEIGHT = 72;
export const TILE_HEIGHT = 44;
export const TILE_GAP = 8;
/** The producer node has a fixed height (canvas.css `.node-producer`). */
export const PRODUCER_HEIGHT = 236;
export const CONSUMER_ROW_HEIGHT = 34;
export const CONSUMER_FOOTER_HEIGHT = 40;
/** A broker's `__consumer_offsets` summary row (two lines). */
export const INTERNAL_ROW_HEIGHT = 50;

// Consumer groups: a container node with its members stacked inside (canvas.css `.node-group`).
export const GROUP_WIDTH = 344;
export const GROUP_PADDING = 12;
/** The state machine: two rows of states with the arrows between them. */
export const GROUP_MACHINE_HEIGHT = 76;
/** Generation, assignor and protocol; then what the group is doing, in up to two lines. */
export const GROUP_META_HEIGHT = 64;
export const GROUP_PAUSED_LABEL_HEIGHT = 24;
export const MEMBER_GAP = 10;
export const MEMBER_WIDTH = GROUP_WIDTH - 2 * GROUP_PADDING;
export const MEMBER_HEADER_HEIGHT = 42;
export const MEMBER_STATE_HEIGHT = 26;
export const MEMBER_FOOTER_HEIGHT = 36;
/** A row of partition chips: the chip and the gap below it. */
export const CHIP_ROW_HEIGHT = 34;
export const CHIP_GAP = 6;
/** Chip widths: just the partition number (one topic), or "topic-partition". */
export const CHIP_SHORT_WIDTH = 40;
export const CHIP_LONG_WIDTH = 92;
/** Room inside a member card and inside the group for chips (padding and borders taken off). */
export const MEMBER_CHIP_AREA_WIDTH = MEMBER_WIDTH - 2 * 12 - 3;
export const GROUP_CHIP_AREA_WIDTH = GROUP_WIDTH - 2 * GROUP_PADDING - 3;

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

/** Chip rows a member card reserves: enough for every partition, up to a limit, at least one. */
export function memberChipRows(partitionCount: number, perRow: number, maxRows: number): number {
  return Math.min(maxRows, Math.max(1, Math.ceil(partitionCount / perRow)));
}

export function memberHeight(chipRows: number): number {
  return (
    NODE_BORDER +
    MEMBER_HEADER_HEIGHT +
    MEMBER_STATE_HEIGHT +
    chipRows * CHIP_ROW_HEIGHT +
    CHIP_GAP +
    MEMBER_FOOTER_HEIGHT
  );
}

/** The most rows of chips a member card reserves, and of paused chips a group reserves. */
export const MEMBER_CHIP_ROWS_MAX = 3;
export const PAUSED_CHIP_ROWS_MAX = 2;

export interface GroupChipLayout {
  /** Chip rows every member card of the group reserves, and the chips they hold. */
  memberRows: number;
  memberChips: number;
  /** Rows of paused chips the group reserves, and the chips they hold. */
  pausedRows: number;
  pausedChips: number;
  memberHeight: number;
}

/**
 * How a group's chips are laid out. Every member card reserves room for all the group's
 * partitions (up to a limit), so cards keep their size while partitions move between them.
 */
export function groupChipLayout(shortChips: boolean, partitionCount: number): GroupChipLayout {
  const chipPx = shortChips ? CHIP_SHORT_WIDTH : CHIP_LONG_WIDTH;
  const perMemberRow = chipsPerRowFor(MEMBER_CHIP_AREA_WIDTH, chipPx);
  const perGroupRow = chipsPerRowFor(GROUP_CHIP_AREA_WIDTH, chipPx);
  const memberRows = memberChipRows(partitionCount, perMemberRow, MEMBER_CHIP_ROWS_MAX);
  const pausedRows = memberChipRows(partitionCount, perGroupRow, PAUSED_CHIP_ROWS_MAX);
  return {
    memberRows,
    memberChips: memberRows * perMemberRow,
    pausedRows,
    pausedChips: pausedRows * perGroupRow,
    memberHeight: memberHeight(memberRows),
  };
}

function chipsPerRowFor(widthPx: number, chipPx: number): number {
  return Math.max(1, Math.floor((widthPx + CHIP_GAP) / (chipPx + CHIP_GAP)));
}

/** The top of the members inside a group, from the rows of paused chips it reserves. */
export function groupMembersTop(pausedRows: number): number {
  return (
    NODE_BORDER +
    NODE_HEADER_HEIGHT +
    GROUP_MACHINE_HEIGHT +
    GROUP_META_HEIGHT +
    GROUP_PAUSED_LABEL_HEIGHT +
    pausedRows * CHIP_ROW_HEIGHT +
    GROUP_PADDING
  );
}

/** A group's height: its header parts, then its members, each `memberHeightPx` tall. */
export function groupHeight(pausedRows: number, members: number, memberHeightPx: number): number {
  const stackPx = members === 0 ? 0 : members * memberHeightPx + (members - 1) * MEMBER_GAP;
  return groupMembersTop(pausedRows) + stackPx + GROUP_PADDING;
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
  /** Remote storage (tiered storage): under the brokers, as wide as their grid; or null. */
  remoteStorage: (Point & { width: number }) | null;
}

/** Remote storage's node (tiered storage): its height from the tiered topics it lists. */
export const REMOTE_ROW_HEIGHT = 30;
/** Room between the brokers and remote storage: the links between them show there. */
export const REMOTE_GAP = 64;
export function remoteStorageHeight(topics: number): number {
  return (
    NODE_BORDER + NODE_HEADER_HEIGHT + 2 * NODE_PADDING + REMOTE_ROW_HEIGHT * Math.max(1, topics)
  );
}

/**
 * The shape of the canvas area the layout aims for (width / height) when the canvas has not
 * been measured: a 16:9 page less the bars and the side panel. The page passes the canvas's
 * own shape (canvasAspect), which changes when the log or charts open or the side panel folds.
 */
export const TARGET_ASPECT = 1.5;

/** The shapes the layout chooses between: steps of about a fifth, so a resize by a few pixels keeps it. */
const ASPECT_STEPS = [0.8, 1, 1.2, 1.5, 1.8, 2.2, 2.7, 3.3, 4];

/** How much nearer (as a ratio) another step must be before the shape laid out for changes. */
const ASPECT_HYSTERESIS = Math.log(1.05);

/**
 * The shape to lay out for, from the canvas's size in pixels less what the fit keeps free
 * (Canvas.tsx FIT: the tools' row at the top, the buttons' column at the right, a margin
 * around): the nearest step, so the picture is rearranged only when the canvas's shape
 * really changed. `current`, the step laid out for now, is kept unless another is clearly
 * nearer: a size near the middle of two steps does not flip between them.
 */
export function canvasAspect(width: number, height: number, current?: number): number {
  const w = width * 0.97 - 48;
  const h = height * 0.97 - 58;
  if (!(w > 0) || !(h > 0)) return current ?? TARGET_ASPECT;
  const aspect = w / h;
  const distance = (step: number) => Math.abs(Math.log(step / aspect));
  let best = ASPECT_STEPS[0]!;
  for (const step of ASPECT_STEPS) if (distance(step) < distance(best)) best = step;
  if (current !== undefined && distance(current) <= distance(best) + ASPECT_HYSTERESIS)
    return current;
  return best;
}

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
 * As many broker columns as make the whole picture largest on a screen of the given shape: one
 * column for a few small brokers, a grid when brokers are many or tall.
 */
export function chooseBrokerGrid(
  heights: number[],
  clientsHeight: number,
  rightWidth: number = CONSUMER_WIDTH,
  belowBrokers = 0,
  aspect = TARGET_ASPECT,
): BrokerGrid {
  let best = brokerGrid(heights, 1);
  let bestScale = 0;
  for (let columns = 1; columns <= Math.max(1, heights.length); columns++) {
    const grid = brokerGrid(heights, columns);
    const width = PRODUCER_WIDTH + rightWidth + 2 * COLUMN_GAP + grid.width;
    const height = Math.max(grid.height + belowBrokers, clientsHeight);
    const scale = Math.min(aspect / width, 1 / height);
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

/** Space between columns of the right side, when consumers and groups need several. */
export const RIGHT_COLUMN_GAP = 40;
/** The most columns the right side is split into. */
const MAX_RIGHT_COLUMNS = 4;

/**
 * The right side's nodes split in order into `columns` columns of about equal height (a new
 * column starts when the current one would pass its share).
 */
export function splitColumns(heights: number[], columns: number): number[][] {
  const share = stackHeight(heights) / columns;
  const out: number[][] = [[]];
  let used = 0;
  heights.forEach((h, i) => {
    const current = out[out.length - 1]!;
    if (current.length > 0 && used + h / 2 > share && out.length < columns) {
      out.push([i]);
      used = h + ROW_GAP;
    } else {
      current.push(i);
      used += h + ROW_GAP;
    }
  });
  return out;
}

interface Arrangement {
  grid: BrokerGrid;
  columns: number[][];
  scale: number;
}

/**
 * Brokers and the right side together: as many broker columns and right-side columns as make
 * the whole picture largest on a screen of the given shape (two tall groups go side by side).
 */
function arrange(
  brokerHeights: number[],
  producersHeight: number,
  rightHeights: number[],
  rightWidth: number,
  belowBrokers: number,
  aspect: number,
): Arrangement {
  let best: Arrangement | null = null;
  const most = Math.min(MAX_RIGHT_COLUMNS, Math.max(1, rightHeights.length));
  for (let n = 1; n <= most; n++) {
    const columns = splitColumns(rightHeights, n);
    const tallest = Math.max(
      0,
      ...columns.map((c) => stackHeight(c.map((i) => rightHeights[i] ?? 0))),
    );
    const sideWidth = columns.length * rightWidth + (columns.length - 1) * RIGHT_COLUMN_GAP;
    const clientsHeight = Math.max(producersHeight, tallest);
    const grid = chooseBrokerGrid(brokerHeights, clientsHeight, sideWidth, belowBrokers, aspect);
    const width = PRODUCER_WIDTH + sideWidth + 2 * COLUMN_GAP + grid.width;
    const middle = grid.height + belowBrokers;
    const scale = Math.min(aspect / width, 1 / Math.max(middle, clientsHeight));
    // A second column only when it makes the picture clearly larger.
    if (best === null || scale > best.scale * 1.05) best = { grid, columns, scale };
  }
  return best!;
}

/**
 * Producers left, brokers in a grid in the middle, consumers and consumer groups right (in
 * several columns when they are tall); clients centred on the brokers. `brokerTiles` holds
 * each broker's row heights, `rightHeights` the height of each node of the right side
 * (standalone consumers and groups), `rightWidth` the widest of them. `remoteHeight` is the
 * height of remote storage's node under the brokers (tiered storage), 0 without it. `aspect`
 * is the shape (width / height) of the canvas the picture is fitted into.
 */
export function layout(...args: Parameters<typeof computeLayout>): ColumnLayout {
  if (lastLayout && sameArgs(lastLayout.args, args)) return lastLayout.result;
  const result = computeLayout(...args);
  lastLayout = { args, result };
  return result;
}

/**
 * The last layout and what it was computed from: the canvas asks again on every frame while
 * playing, with the same heights nearly always (on `large` the arranging was a quarter of
 * selecting the nodes). Callers only read the result.
 */
let lastLayout: { args: unknown[]; result: ColumnLayout } | null = null;

/** Numbers, and arrays of them (nested), equal element by element. */
function sameArgs(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameArgs(a[i], b[i])) return false;
  return true;
}

function computeLayout(
  brokerTiles: number[][],
  producerCount: number,
  rightHeights: number[],
  rightWidth: number = CONSUMER_WIDTH,
  remoteHeight = 0,
  aspect = TARGET_ASPECT,
): ColumnLayout {
  const producerHeights = Array.from({ length: producerCount }, () => PRODUCER_HEIGHT);
  const { grid, columns } = arrange(
    brokerTiles.map(brokerHeight),
    stackHeight(producerHeights),
    rightHeights,
    rightWidth,
    remoteHeight > 0 ? REMOTE_GAP + remoteHeight : 0,
    aspect,
  );
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
  const consumers: Point[] = [];
  columns.forEach((indices, column) => {
    const x = consumerX + column * (rightWidth + RIGHT_COLUMN_GAP);
    const placed = stack(
      x,
      indices.map((i) => rightHeights[i] ?? 0),
      centerY,
    );
    indices.forEach((i, k) => (consumers[i] = placed[k]!));
  });
  return {
    brokers,
    producers: stack(0, producerHeights, centerY),
    consumers,
    remoteStorage:
      remoteHeight > 0 ? { x: brokerX, y: grid.height + REMOTE_GAP, width: grid.width } : null,
  };
}
