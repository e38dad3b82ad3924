import { describe, expect, it } from 'vitest';
import {
  createPlaybackLoop,
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
    expect(target.calls).toEqual([16]);
  });

  it('advances by the wall time between frames times the current speed', () => {
    const frames = manualFrameScheduler();
    const target = fakeTarget(2);
    createPlaybackLoop(frames, target).start();
    frames.frame(0);
    frames.frame(10);
    target.speedValue = 0.5;
    frames.frame(30);
    expect(target.calls).toEqual([20, 30]);
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
