import { describe, expect, it } from 'vitest';
import {
  createPlaybackLoop,
  ENGINE_BUDGET_MS_PER_FRAME,
  ENGINE_FLOOR_MS_PER_FRAME,
  framePlan,
  manualFrameScheduler,
  MAX_WALL_MS_PER_FRAME,
} from '../../src/store/playback.ts';

/** A stand-in simulation clock that records what the loop asked for. */
function fakeTarget(speed = 1) {
  const target = {
    speedValue: speed,
    now: 0,
    calls: [] as number[],
    speed: () => target.speedValue,
    nowMs: () => target.now,
    advanceTo: (ms: number) => {
      target.calls.push(ms);
      target.now = ms;
    },
  };
  return target;
}

describe('framePlan', () => {
  it('turns wall time times speed into whole simulated milliseconds', () => {
    expect(framePlan(16, 1, 0)).toEqual({ advanceMs: 16, carryMs: 0 });
    expect(framePlan(16, 10, 0)).toEqual({ advanceMs: 160, carryMs: 0 });
  });

  it('carries the fraction of a millisecond over to the next frame (slow motion)', () => {
    const first = framePlan(16, 0.01, 0);
    expect(first.advanceMs).toBe(0);
    expect(first.carryMs).toBeCloseTo(0.16);
    let carry = 0;
    let total = 0;
    for (let i = 0; i < 100; i++) {
      const plan = framePlan(16, 0.01, carry);
      carry = plan.carryMs;
      total += plan.advanceMs;
    }
    // 1600 ms of wall time at 0.01× is 16 simulated ms: none lost, at most one still carried.
    expect(total + carry).toBeCloseTo(16);
    expect(total).toBeGreaterThanOrEqual(15);
  });

  it(`counts at most ${MAX_WALL_MS_PER_FRAME} ms of wall time per frame, so a slow frame cannot spiral`, () => {
    expect(framePlan(5_000, 100, 0).advanceMs).toBe(MAX_WALL_MS_PER_FRAME * 100);
  });

  it('ignores a wall clock that went backwards', () => {
    expect(framePlan(-20, 1, 0)).toEqual({ advanceMs: 0, carryMs: 0 });
  });
});

describe('createPlaybackLoop', () => {
  it('does not advance on the first frame: the time before it was spent paused', () => {
    const frames = manualFrameScheduler();
    const target = fakeTarget();
    createPlaybackLoop(frames, target).start();
    frames.frame(10_000);
    expect(target.calls).toEqual([]);
    frames.frame(10_016);
    expect(target.now).toBe(16);
  });

  it('advances by the wall time between frames times the current speed', () => {
    const frames = manualFrameScheduler();
    const target = fakeTarget(2);
    createPlaybackLoop(frames, target).start();
    frames.frame(0);
    frames.frame(10);
    expect(target.now).toBe(20);
    target.speedValue = 0.5;
    frames.frame(30);
    expect(target.now).toBe(30);
    // A frame's time goes in up to eight slices, each a whole millisecond, in order.
    expect(target.calls.length).toBeLessThanOrEqual(16);
    expect(target.calls).toEqual([...target.calls].sort((a, b) => a - b));
  });

  /** A target whose engine does `rate` simulated ms per wall ms on the clock it advances. */
  function costly(speed: number, rate: number) {
    const target = fakeTarget(speed);
    const clock = { wall: 0, rate };
    const advance = target.advanceTo;
    target.advanceTo = (ms) => {
      clock.wall += (ms - target.now) / clock.rate;
      advance(ms);
    };
    return { target, clock };
  }

  it('spreads a burst of engine work over several frames and then catches up', () => {
    const frames = manualFrameScheduler();
    const target = fakeTarget(1);
    const clock = { wall: 0 };
    const advance = target.advanceTo;
    // 0.05 wall ms per simulated ms, but 1 wall ms each from 400 to 420 (20 ms in a row).
    target.advanceTo = (ms) => {
      for (let t = target.now; t < ms; t++) clock.wall += t >= 400 && t < 420 ? 1 : 0.05;
      advance(ms);
    };
    createPlaybackLoop(frames, target, () => clock.wall).start();
    frames.frame(0);
    const engineMs: number[] = [];
    for (let t = 16; t <= 800; t += 16) {
      const before = clock.wall;
      frames.frame(t);
      engineMs.push(clock.wall - before);
    }
    // No frame takes the whole 20 ms burst: each stops after the slice that spent its budget
    // (a slice is at most a quarter of the frame's simulated time, here up to 7 ms of burst).
    expect(Math.max(...engineMs)).toBeLessThan(ENGINE_FLOOR_MS_PER_FRAME + 7);
    // And the time is owed, not dropped: simulated time is back with the wall clock.
    expect(target.now).toBe(800);
  });

  it(`gives the engine ${ENGINE_BUDGET_MS_PER_FRAME} ms of wall time per frame under sustained load and drops the rest of the frame's simulated time`, () => {
    const frames = manualFrameScheduler();
    const { target, clock } = costly(100, 50);
    createPlaybackLoop(frames, target, () => clock.wall).start();
    frames.frame(0);
    for (let t = 16; t <= 160; t += 16) frames.frame(t);
    const perFrame = target.now / 10;
    // 1,600 simulated ms asked per frame; the engine manages 50 per wall ms, 12 ms a frame.
    expect(perFrame).toBeGreaterThan(400);
    expect(perFrame).toBeLessThan(800);
    // Sliced finely enough to stop near the budget, coarsely enough to be cheap.
    expect(target.calls.length / 10).toBeLessThan(20);
  });

  it('reports the speed reached when it stays below the one asked, and null once it keeps up', () => {
    const frames = manualFrameScheduler();
    const { target, clock } = costly(100, 50);
    const reports: (number | null)[] = [];
    const loop = createPlaybackLoop(
      frames,
      { ...target, advanceTo: (ms) => target.advanceTo(ms), reachedSpeed: (s) => reports.push(s) },
      () => clock.wall,
    );
    loop.start();
    for (let t = 0; t <= 1200; t += 16) frames.frame(t);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toBeGreaterThan(25);
    expect(reports[0]).toBeLessThan(50);
    clock.rate = 1e6; // the engine keeps up now
    for (let t = 1216; t <= 3600; t += 16) frames.frame(t);
    // The window that saw both may come out in between (still below 90%), then null.
    expect(reports.at(-1)).toBeNull();
    expect(reports.length).toBeLessThanOrEqual(3);
  });

  it('stops requesting frames when stopped', () => {
    const frames = manualFrameScheduler();
    const target = fakeTarget();
    const loop = createPlaybackLoop(frames, target);
    loop.start();
    frames.frame(0);
    expect(loop.running).toBe(true);
    loop.stop();
    expect(loop.running).toBe(false);
    expect(frames.pending).toBe(0);
    frames.frame(100);
    expect(target.calls).toEqual([]);
  });

  it('does not reschedule when the simulation stopped the loop during a frame', () => {
    const frames = manualFrameScheduler();
    const target = fakeTarget();
    const loop = createPlaybackLoop(frames, target);
    target.advanceTo = () => loop.stop();
    loop.start();
    frames.frame(0);
    frames.frame(16);
    expect(loop.running).toBe(false);
    expect(frames.pending).toBe(0);
  });

  it('starting twice keeps one frame chain', () => {
    const frames = manualFrameScheduler();
    const loop = createPlaybackLoop(frames, fakeTarget());
    loop.start();
    loop.start();
    expect(frames.pending).toBe(1);
  });
});
