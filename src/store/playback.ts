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
 * The most wall time one frame may account for. A slow frame, a breakpoint or a background
 * tab would otherwise ask the engine for minutes of simulated work at once, making the next
 * frame slower still (a spiral). Beyond this, simulated time simply runs slower than asked.
 */
export const MAX_WALL_MS_PER_FRAME = 250;

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
}

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

export function createPlaybackLoop(
  scheduler: FrameScheduler,
  target: PlaybackTarget,
): PlaybackLoop {
  let handle: number | null = null;
  let lastWallMs: number | null = null;
  let carryMs = 0;

  const frame = (wallTimeMs: number): void => {
    // The first frame after start only sets the reference point: the time before it was
    // spent paused and must not count.
    if (lastWallMs !== null) {
      const plan = framePlan(wallTimeMs - lastWallMs, target.speed(), carryMs);
      carryMs = plan.carryMs;
      if (plan.advanceMs > 0) target.advanceTo(target.nowMs() + plan.advanceMs);
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
      handle = scheduler.request(frame);
    },
    stop() {
      if (handle === null) return;
      scheduler.cancel(handle);
      handle = null;
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
