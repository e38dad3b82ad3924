/**
 * The only clock in the app. Each animation frame turns the wall time since the last frame,
 * times the playback speed, into simulated milliseconds and advances the engine to there.
 * The engine itself never reads a clock, so pausing, stepping and speed changes are exact.
 */

/** Where frames come from: requestAnimationFrame in the page, a manual pump in tests. */
export interface FrameScheduler {
  request(callback: (wallTimeMs: number) => void): number;
  cancel(handle: number): void;
}

/**
 * The most wall time one frame may account for: three frames at 60 Hz. A slow frame, a
 * breakpoint or a background tab would otherwise ask the engine for minutes of simulated work
 * at once, making the next frame slower still (a spiral). Beyond this, simulated time simply
 * runs slower than asked: a stall of the page (a garbage collection, a large React commit, a
 * busy machine) pauses the simulated clock instead of making it leap. Measured in headless
 * Chromium on `large` at 1× (10 s runs): with 250 ms, a 117 ms frame was followed by frames
 * advancing 100–124 simulated ms each at the engine's full budget, four or five long frames
 * for one stall; the messages also jumped forward by the stall.
 */
export const MAX_WALL_MS_PER_FRAME = 50;

export function browserFrameScheduler(): FrameScheduler {
  return {
    request: (callback) => globalThis.requestAnimationFrame(callback),
    cancel: (handle) => globalThis.cancelAnimationFrame(handle),
  };
}

export interface PlaybackTarget {
  /** Current playback speed (simulated ms per wall ms). */
  speed(): number;
  /** The simulation's current time. */
  nowMs(): number;
  /** Advance the simulation to this whole simulated millisecond. */
  advanceTo(timeMs: number): void;
  /**
   * The speed playback really reached over the last second of wall time when it is below the
   * one asked for (the engine could not do the work within its share of a frame), or null once
   * it keeps up again. Called only when the answer changes noticeably.
   */
  reachedSpeed?(speed: number | null): void;
  /** The frame's advancing is done (after one or more advanceTo): a moment to publish. */
  frameDone?(): void;
}

/**
 * The most wall time the engine may take per frame. Beyond it the rest of the frame's
 * simulated time is owed to the next frames (up to MAX_OWED_WALL_MS) and then dropped: the
 * page stays responsive and simulated time runs slower than asked, and says so, instead of
 * frames stretching to seconds at high speeds on large clusters.
 */
export const ENGINE_BUDGET_MS_PER_FRAME = 12;

/**
 * A frame's own budget is smaller while the engine's recent frames were light: ENGINE_SPREAD
 * times their average, and at least ENGINE_FLOOR_MS_PER_FRAME. Some stretches of simulated
 * time cost far more than others (a linger expiring on many partitions at once, a rebalance,
 * the catch-up after a slow frame); at 1× on `large` a frame's engine work was 1.4 ms at the
 * median and 10 ms at the 95th percentile, and such a frame missed its vsync. With this the
 * burst is spread over a few frames, simulated time falling behind by a few milliseconds and
 * catching up. Under sustained load (high speeds) the debt soon passes OVERLOADED_WALL_MS and
 * the engine gets the whole ENGINE_BUDGET_MS_PER_FRAME, so the speed reached stays the same.
 */
export const ENGINE_FLOOR_MS_PER_FRAME = 4;
const ENGINE_SPREAD = 2;
const OVERLOADED_WALL_MS = 33;

/**
 * Simulated time owed, at most this many wall milliseconds' worth at the current speed:
 * beyond it, time the engine had no budget for is dropped, not owed (a long overload must not
 * leave a debt that keeps the engine at its full budget long after it ends).
 */
export const MAX_OWED_WALL_MS = 100;

/** Wall time one slice of engine work aims at: the budget is checked between slices. */
const SLICE_WALL_MS = 2;
/** A frame's simulated time goes in at least this many slices (of at least 1 ms each). */
const SLICES_PER_FRAME = 4;

/** Below this share of the asked speed, playback counts as not keeping up. */
const KEEPING_UP = 0.9;

export interface PlaybackLoop {
  start(): void;
  stop(): void;
  readonly running: boolean;
}

/**
 * Simulated time for one frame. The engine works in whole milliseconds; at 0.01× a frame is
 * worth 0.16 ms, so the fraction is carried over to the next frame instead of being lost.
 */
export function framePlan(
  wallDeltaMs: number,
  speed: number,
  carryMs: number,
): { advanceMs: number; carryMs: number } {
  const wallMs = Math.min(Math.max(0, wallDeltaMs), MAX_WALL_MS_PER_FRAME);
  const totalMs = carryMs + wallMs * speed;
  const advanceMs = Math.floor(totalMs);
  return { advanceMs, carryMs: totalMs - advanceMs };
}

/**
 * `clock` measures how long the engine works (performance.now in the page): the UI may read a
 * clock, the engine never does. The simulated time reached stays a pure function of the
 * commands: only how fast it is reached depends on the machine.
 */
export function createPlaybackLoop(
  scheduler: FrameScheduler,
  target: PlaybackTarget,
  clock: () => number = () => globalThis.performance.now(),
): PlaybackLoop {
  let handle: number | null = null;
  let lastWallMs: number | null = null;
  let carryMs = 0;
  // Simulated and wall time over the current window, for the speed really reached.
  let windowWallMs = 0;
  let windowSimMs = 0;
  let reported: number | null = null;

  // Simulated ms the engine recently did per wall ms: sizes the slices, so that one slice is
  // about SLICE_WALL_MS of work however heavy the scenario.
  let engineRate = 1;

  // The engine's recent wall ms per frame (frames that advanced), for the frame's budget.
  let engineAvgMs = 0;

  /** Advances by up to `advanceMs`, in slices, until `budgetMs` of wall time is spent. */
  const advanceWithinBudget = (advanceMs: number, budgetMs: number): number => {
    const startedMs = clock();
    let done = 0;
    while (done < advanceMs && handle !== null) {
      // At least SLICES_PER_FRAME slices, so a burst can stop part way through the frame.
      const rated = Math.min(Math.floor(engineRate * SLICE_WALL_MS), advanceMs / SLICES_PER_FRAME);
      const step = Math.min(advanceMs - done, Math.max(1, Math.ceil(rated)));
      const sliceStartMs = clock();
      target.advanceTo(target.nowMs() + step);
      const endMs = clock();
      done += step;
      const took = endMs - sliceStartMs;
      // Too quick to time (a coarse clock, or an idle stretch): the next slice may be larger.
      engineRate = took > 0.05 ? (engineRate + step / took) / 2 : engineRate * 2;
      if (endMs - startedMs >= budgetMs) break;
    }
    engineAvgMs += (clock() - startedMs - engineAvgMs) * 0.1;
    return done;
  };

  const noteSpeed = (wallMs: number, simMs: number, asked: number): void => {
    windowWallMs += wallMs;
    windowSimMs += simMs;
    if (windowWallMs < 1000) return;
    const reached = windowSimMs / windowWallMs;
    windowWallMs = 0;
    windowSimMs = 0;
    const next = reached < asked * KEEPING_UP ? reached : null;
    // Report a change of state, or a reached speed that moved by more than a tenth.
    if (next === reported) return;
    if (next !== null && reported !== null && Math.abs(next - reported) < reported * 0.1) return;
    reported = next;
    target.reachedSpeed?.(next);
  };

  const frame = (wallTimeMs: number): void => {
    // The first frame after start only sets the reference point: the time before it was
    // spent paused and must not count.
    if (lastWallMs !== null) {
      const asked = target.speed();
      // Owing more than two frames' worth: the engine is overloaded, not in a burst.
      const overloaded = carryMs >= OVERLOADED_WALL_MS * asked;
      const plan = framePlan(wallTimeMs - lastWallMs, asked, carryMs);
      carryMs = plan.carryMs;
      const budgetMs = overloaded
        ? ENGINE_BUDGET_MS_PER_FRAME
        : Math.min(
            ENGINE_BUDGET_MS_PER_FRAME,
            Math.max(ENGINE_FLOOR_MS_PER_FRAME, ENGINE_SPREAD * engineAvgMs),
          );
      const done = plan.advanceMs > 0 ? advanceWithinBudget(plan.advanceMs, budgetMs) : 0;
      if (done > 0) target.frameDone?.();
      // Time the engine had no budget for is owed to the next frames, up to a bound.
      if (done < plan.advanceMs)
        carryMs = Math.min(plan.advanceMs - done, MAX_OWED_WALL_MS * asked) + plan.carryMs;
      // Stopped during the frame (an engine error): no speed notice after the pause.
      if (handle !== null) noteSpeed(Math.max(0, wallTimeMs - lastWallMs), done, asked);
    }
    lastWallMs = wallTimeMs;
    // advanceTo may have stopped the loop (an engine error pauses playback).
    if (handle !== null) handle = scheduler.request(frame);
  };

  return {
    start() {
      if (handle !== null) return;
      lastWallMs = null;
      carryMs = 0;
      engineAvgMs = 0;
      windowWallMs = 0;
      windowSimMs = 0;
      handle = scheduler.request(frame);
    },
    stop() {
      if (handle === null) return;
      scheduler.cancel(handle);
      handle = null;
      if (reported !== null) {
        reported = null;
        target.reachedSpeed?.(null);
      }
    },
    get running() {
      return handle !== null;
    },
  };
}

export interface ManualFrameScheduler extends FrameScheduler {
  /** Runs every callback requested so far, at this wall time. */
  frame(wallTimeMs: number): void;
  /** Callbacks waiting for the next frame. */
  readonly pending: number;
}

/** Frames on demand, for tests and headless use: nothing happens until `frame` is called. */
export function manualFrameScheduler(): ManualFrameScheduler {
  let nextHandle = 1;
  const waiting = new Map<number, (wallTimeMs: number) => void>();
  return {
    request(callback) {
      const handle = nextHandle++;
      waiting.set(handle, callback);
      return handle;
    },
    cancel(handle) {
      waiting.delete(handle);
    },
    frame(wallTimeMs) {
      const due = [...waiting.values()];
      waiting.clear();
      for (const callback of due) callback(wallTimeMs);
    },
    get pending() {
      return waiting.size;
    },
  };
}
