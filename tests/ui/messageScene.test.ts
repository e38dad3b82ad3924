import { describe, expect, it } from 'vitest';
import type { MessageState } from '../../src/engine/model.ts';
import { inFlightMessages } from '../../src/engine/network.ts';
import type { Simulation } from '../../src/engine/simulation.ts';
import { findShippedScenario } from '../../src/scenario/shipped.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import {
  linkPath,
  messageProgress,
  pointAt,
  type Rect,
} from '../../src/ui/canvas/messageGeometry.ts';
import {
  endpointNodeId,
  MAX_SHAPED_GLYPHS,
  replicaConnections,
  scaleForZoom,
  selectMessageScene,
  STREAM_THRESHOLD,
} from '../../src/ui/canvas/messageScene.ts';
import { batchDots, THICKNESS_PX } from '../../src/ui/canvas/messageShapes.ts';
import {
  ERROR_COLOUR,
  PARTITION_COLOURS,
  partitionColour,
  QUIET_COLOURS,
} from '../../src/ui/canvas/messageStyle.ts';
import { selectNodes } from '../../src/ui/canvas/selectNodes.ts';
import { createMessageSceneSelector } from '../../src/ui/canvas/useMessageScene.ts';
import { broker, consumer, message, PICTURE, produce, produceResponse } from './messages.ts';

const FLOWING = { flowing: true, scale: 1 };

function start(name: string): Simulation {
  const result = loadScenario(findShippedScenario(name)?.json);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.problems)}`);
  return result.simulation;
}

/** Node rectangles where selectNodes puts the nodes (sizes do not matter to these tests). */
function nodeRects(sim: Simulation): Map<string, Rect> {
  return new Map(
    selectNodes(sim.state).map((n) => [
      n.id,
      { x: n.position.x, y: n.position.y, width: 200, height: 200 },
    ]),
  );
}

/** Advances until a message with records is in flight. */
function untilData(sim: Simulation): void {
  for (let t = 1; t < 5000; t++) {
    sim.advanceTo(t);
    if (inFlightMessages(sim.state).some((m) => m.kind === 'produce')) return;
  }
  throw new Error('no produce request in flight in the first 5 s');
}

/** Messages at times in [0, durationMs), `count` of them, on one link. */
function many(count: number, make: (i: number) => MessageState): MessageState[] {
  return Array.from({ length: count }, (_, i) => make(i));
}

describe('selectMessageScene on a running simulation', () => {
  it('draws every in-flight message once, at (now − sentAt) / (arrivesAt − sentAt)', () => {
    const sim = start('classroom');
    untilData(sim);
    const rects = nodeRects(sim);
    const messages = inFlightMessages(sim.state);
    const scene = selectMessageScene(messages, rects, sim.state.nowMs, FLOWING);
    expect(scene.glyphs.map((g) => g.id)).toEqual(messages.map((m) => m.id));
    expect(scene).toMatchObject({
      inFlight: messages.length,
      drawn: messages.length,
      offCanvas: 0,
    });
    for (const [i, g] of scene.glyphs.entries()) {
      const m = messages[i]!;
      expect(g.progress).toBe(messageProgress(m.sentAtMs, m.arrivesAtMs, sim.state.nowMs));
      const from = rects.get(endpointNodeId(m.from, m, rects)!)!;
      const to = rects.get(endpointNodeId(m.to, m, rects)!)!;
      const at = pointAt(linkPath(from, to, 0)!, g.progress);
      expect(g.x).toBeCloseTo(at.x);
      expect(g.y).toBeCloseTo(at.y);
    }
  });

  it('is the same picture for the same state and time: paused is frozen', () => {
    const sim = start('classroom');
    untilData(sim);
    const rects = nodeRects(sim);
    const a = selectMessageScene(inFlightMessages(sim.state), rects, sim.state.nowMs, FLOWING);
    const b = selectMessageScene(inFlightMessages(sim.state), rects, sim.state.nowMs, FLOWING);
    expect(b).toEqual(a);
  });

  it('moves a message towards its receiver as time advances', () => {
    const rects = PICTURE;
    const m = produce('p', 1, [[0, 5]], { sentAtMs: 100, arrivesAtMs: 110 });
    const at = (now: number) => selectMessageScene([m], rects, now, FLOWING).glyphs[0]!;
    expect(at(100).progress).toBe(0);
    expect(at(105).progress).toBe(0.5);
    // Producer (left) to broker 1 (right): x grows.
    expect(at(103).x).toBeGreaterThan(at(102).x);
    expect(at(109).x).toBeGreaterThan(at(103).x);
  });

  it('draws the messages of a 1× frame of the large preset one by one', () => {
    const sim = start('large');
    sim.advanceTo(2000);
    const scene = selectMessageScene(inFlightMessages(sim.state), nodeRects(sim), 2000, FLOWING);
    expect(scene.inFlight).toBeGreaterThan(0);
    expect(scene.drawn).toBe(scene.inFlight);
    expect(scene.streams).toEqual([]);
  });
});

describe('what a message looks like', () => {
  it('draws a produce request as one capsule per batch, coloured by partition', () => {
    const m = produce('p', 1, [
      [0, 10],
      [3, 40],
    ]);
    const [g] = selectMessageScene([m], PICTURE, 2, FLOWING).glyphs;
    expect(g!.category).toBe('data');
    expect(g!.records).toBe(50);
    expect(g!.shape.fills.map((f) => f.colour)).toEqual([partitionColour(0), partitionColour(3)]);
    expect(g!.shape.fills.every((f) => f.widthPx === THICKNESS_PX.data)).toBe(true);
  });

  it('sizes a batch by its record count', () => {
    const length = (records: number) => {
      const [g] = selectMessageScene([produce('p', 1, [[0, records]])], PICTURE, 2, FLOWING).glyphs;
      const [, x1, y1, x2, y2] = /M(\S+) (\S+)L(\S+) (\S+)/.exec(g!.shape.fills[0]!.d)!.map(Number);
      return Math.hypot(x2! - x1!, y2! - y1!);
    };
    expect(length(1)).toBeLessThan(length(10));
    expect(length(10)).toBeLessThan(length(100));
  });

  it('draws a request without records as a small quiet dot', () => {
    const fetch = message('fetch', consumer('c'), broker(2), { consumer: 'c', partitions: [] });
    const [g] = selectMessageScene([fetch], PICTURE, 2, FLOWING).glyphs;
    expect(g!.records).toBe(0);
    expect(g!.shape.fills).toHaveLength(1);
    expect(g!.shape.fills[0]!.colour).toBe(QUIET_COLOURS.data);
    expect(g!.shape.fills[0]!.widthPx).toBeLessThan(THICKNESS_PX.data);
  });

  it('draws a message carrying an error in red, above the others', () => {
    const scene = selectMessageScene(
      [produceResponse('p', 1, null), produceResponse('p', 1, 'NOT_LEADER_OR_FOLLOWER')],
      PICTURE,
      2,
      FLOWING,
    );
    const [ok, failed] = scene.glyphs;
    expect(ok!.error).toBe(false);
    expect(failed!.error).toBe(true);
    expect(failed!.shape.fills.map((f) => f.colour)).toEqual([ERROR_COLOUR]);
    expect(failed!.layer).toBeGreaterThan(ok!.layer);
  });

  it('draws control traffic more quietly than data', () => {
    const heartbeat = message('brokerHeartbeat', broker(2), broker(1), { broker: 2 });
    const [g] = selectMessageScene([heartbeat], PICTURE, 2, FLOWING).glyphs;
    expect(g!.category).toBe('control');
    expect(g!.shape.fills[0]!.colour).toBe(QUIET_COLOURS.control);
    expect(g!.shape.fills[0]!.widthPx).toBeLessThan(THICKNESS_PX.quiet);
    expect(g!.shape.fills[0]!.opacity).toBeLessThan(1);
  });

  it('grows with the zoom-out scale, so a fitted large cluster still shows its messages', () => {
    const m = produce('p', 1, [[0, 1]]);
    const big = selectMessageScene([m], PICTURE, 2, { flowing: true, scale: 2 }).glyphs[0]!;
    expect(big.shape.fills[0]!.widthPx).toBe(2 * THICKNESS_PX.data);
    expect(scaleForZoom(1)).toBe(1);
    expect(scaleForZoom(0.25)).toBe(2);
    expect(scaleForZoom(0.05)).toBe(2);
  });
});

describe('links between any two nodes', () => {
  it('draws broker-to-broker messages between the broker nodes, as replication', () => {
    const fetch = message('replicaFetchResponse', broker(1), broker(2), {
      partitions: [{ topic: 'orders', partition: 1, batches: [{ recordCount: 3 }] }],
    });
    const [g] = selectMessageScene([fetch], PICTURE, 2, FLOWING).glyphs;
    expect(g!.link).toBe('broker:1>broker:2');
    expect(g!.category).toBe('replication');
  });

  it('draws a faint guide along broker-to-broker links, which have no edge', () => {
    const heartbeat = message('brokerHeartbeat', broker(2), broker(1), { broker: 2 });
    const scene = selectMessageScene([heartbeat, produce('p', 1, [[0, 1]])], PICTURE, 2, FLOWING);
    expect(scene.guides.map((g) => g.link)).toEqual(['broker:2>broker:1']);
  });

  it('keeps the guides of standing replica connections drawn between messages, in link order', () => {
    const heartbeat = message('brokerHeartbeat', broker(2), broker(1), { broker: 2 });
    const scene = selectMessageScene([heartbeat], PICTURE, 2, {
      ...FLOWING,
      // Broker 3 has no node on this picture: no guide for it.
      connections: ['broker:2>broker:1', 'broker:1>broker:2', 'broker:3>broker:1'],
    });
    expect(scene.guides.map((g) => g.link)).toEqual(['broker:1>broker:2', 'broker:2>broker:1']);
    expect(scene.drawn).toBe(1);
  });

  it('finds the replica connections from the followers’ fetchers, both ways, live brokers only', () => {
    const sim = start('hello');
    sim.advanceTo(2000);
    const links = replicaConnections(sim.state);
    const expected = sim.state.brokers.flatMap((b) =>
      b.fetchers.map((f) => `broker:${b.id}>broker:${f.leader}`),
    );
    expect(expected.length).toBeGreaterThan(0);
    for (const link of expected) {
      expect(links).toContain(link);
      expect(links).toContain(link.split('>').reverse().join('>'));
    }
    sim.apply({ type: 'broker.crash', broker: 2 });
    expect(replicaConnections(sim.state).some((l) => l.includes('broker:2'))).toBe(false);
  });

  it('tells a producer from a consumer of the same name by the payload', () => {
    const rects = new Map([
      ...PICTURE,
      ['producer:x', { x: 0, y: 400, width: 240, height: 236 }],
      ['consumer:x', { x: 840, y: 400, width: 280, height: 200 }],
    ]);
    const toProducer = produceResponse('x', 1, null);
    const toConsumer = message('fetchResponse', broker(1), consumer('x'), {
      consumer: 'x',
      partitions: [],
    });
    expect(endpointNodeId(toProducer.to, toProducer, rects)).toBe('producer:x');
    expect(endpointNodeId(toConsumer.to, toConsumer, rects)).toBe('consumer:x');
  });

  it('counts, but does not draw, a message whose node is not on the canvas', () => {
    const lost = produce('gone', 1, [[0, 1]]);
    const scene = selectMessageScene([lost], PICTURE, 2, FLOWING);
    expect(scene).toMatchObject({ inFlight: 1, drawn: 0, streamed: 0, offCanvas: 1 });
  });
});

describe('busy links become streams', () => {
  const busy = (count: number) =>
    many(count, (i) =>
      produce('p', 1, [[i % 3, 5]], { sentAtMs: i * 0.25, arrivesAtMs: i * 0.25 + 10 }),
    );

  it(`draws up to ${STREAM_THRESHOLD} messages on one link one by one`, () => {
    const scene = selectMessageScene(busy(STREAM_THRESHOLD), PICTURE, 7, FLOWING);
    expect(scene.glyphs).toHaveLength(STREAM_THRESHOLD);
    expect(scene.streams).toEqual([]);
  });

  it('draws more than that as one stream in the partitions’ colours, as wide as the traffic', () => {
    const narrow = selectMessageScene(busy(STREAM_THRESHOLD + 1), PICTURE, 7, FLOWING);
    const wide = selectMessageScene(busy(400), PICTURE, 7, FLOWING);
    expect(narrow.glyphs).toEqual([]);
    expect(narrow.streams).toHaveLength(1);
    expect(narrow).toMatchObject({ drawn: 0, streamed: STREAM_THRESHOLD + 1 });
    const stream = wide.streams[0]!;
    expect(stream).toMatchObject({ link: 'producer:p>broker:1', count: 400, withRecords: 400 });
    expect(new Set(stream.strokes.map((s) => s.colour))).toEqual(
      new Set([0, 1, 2].map(partitionColour)),
    );
    expect(stream.strokes[0]!.widthPx).toBeGreaterThan(narrow.streams[0]!.strokes[0]!.widthPx);
  });

  it('flows as a function of simulated time alone', () => {
    const messages = busy(100);
    const offsets = (now: number, flowing = true) =>
      selectMessageScene(messages, PICTURE, now, { flowing, scale: 1 }).streams[0]!.strokes.map(
        (s) => s.dash!.offset,
      );
    expect(offsets(12)).toEqual(offsets(12));
    expect(offsets(13)).not.toEqual(offsets(12));
    // Under reduced motion the dashes keep still.
    expect(offsets(13, false)).toEqual(offsets(12, false));
  });

  it('keeps errors visible inside a stream, in red', () => {
    const messages = many(30, (i) => produceResponse('p', 1, i === 0 ? 'TIMEOUT' : null));
    const [stream] = selectMessageScene(messages, PICTURE, 2, FLOWING).streams;
    expect(stream!.errors).toBe(1);
    expect(stream!.strokes.map((s) => s.colour)).toContain(ERROR_COLOUR);
  });
});

describe('drawing thousands of messages', () => {
  /** 2,000 messages spread over 100 producers' links, none busy enough to stream. */
  function crowd(): { rects: Map<string, Rect>; messages: MessageState[] } {
    const rects = new Map(PICTURE);
    const messages: MessageState[] = [];
    for (let p = 0; p < 100; p++) {
      rects.set(`producer:p${p}`, { x: 0, y: 300 * p, width: 240, height: 236 });
      for (let i = 0; i < 20; i++) messages.push(produce(`p${p}`, 1 + (i % 2), [[i % 12, i + 1]]));
    }
    return { rects, messages };
  }

  it(`draws up to ${MAX_SHAPED_GLYPHS} glyphs with their full shapes, more as dots`, () => {
    const { rects, messages } = crowd();
    const few = selectMessageScene(messages.slice(0, MAX_SHAPED_GLYPHS), rects, 2, FLOWING);
    expect(few.simplified).toBe(false);
    const many = selectMessageScene(messages, rects, 2, FLOWING);
    expect(many.simplified).toBe(true);
    expect(many.drawn).toBe(2000);
  });

  it('batches the dots into one fill per colour', () => {
    const { rects, messages } = crowd();
    const scene = selectMessageScene(messages, rects, 2, FLOWING);
    const batches = batchDots(scene.glyphs);
    // Twelve partitions, and partitions 10 and 11 share the colours of 0 and 1.
    expect(batches).toHaveLength(PARTITION_COLOURS.length);
    const circles = batches.reduce((n, b) => n + b.circles.length, 0);
    expect(circles).toBe(2000);
  });

  it('keeps a message’s shape object while it flies, so its canvas path is parsed once', () => {
    const m = produce('p', 1, [[0, 5]], { sentAtMs: 0, arrivesAtMs: 10 });
    const a = selectMessageScene([m], PICTURE, 2, FLOWING).glyphs[0]!;
    const b = selectMessageScene([m], PICTURE, 7, FLOWING).glyphs[0]!;
    expect(b.x).not.toBe(a.x);
    expect(b.shape).toBe(a.shape);
  });
});

describe('createMessageSceneSelector', () => {
  it('returns the same scene until the engine, the nodes or the options change', () => {
    const sim = start('classroom');
    untilData(sim);
    const select = createMessageSceneSelector();
    const rects = nodeRects(sim);
    const a = select(sim.state, 1, rects, FLOWING);
    expect(select(sim.state, 1, rects, { ...FLOWING })).toBe(a);
    expect(select(sim.state, 2, rects, FLOWING)).not.toBe(a);
  });

  it.each(['network-partition', 'broker-restart', 'tiered-storage'])(
    '%s: the replica links it keeps between frames are the ones replicaConnections gives',
    (name) => {
      const sim = start(name);
      const select = createMessageSceneSelector();
      const rects = nodeRects(sim);
      let version = 0;
      for (let t = 250; t <= 40_000; t += 250) {
        sim.advanceTo(t);
        const scene = select(sim.state, ++version, rects, FLOWING);
        const fresh = selectMessageScene(inFlightMessages(sim.state), rects, sim.state.nowMs, {
          ...FLOWING,
          connections: replicaConnections(sim.state, name === 'tiered-storage'),
        });
        expect(scene.guides).toEqual(fresh.guides);
      }
    },
  );
});
