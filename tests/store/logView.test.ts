import { describe, expect, it } from 'vitest';
import { newGroup } from '../../src/engine/groupCoordinator.ts';
import { truncateTo } from '../../src/engine/log.ts';
import type { PartitionState, SimState } from '../../src/engine/model.ts';
import { createSimulation, type Simulation } from '../../src/engine/simulation.ts';
import type { SimulationSetup } from '../../src/engine/setup.ts';
import { findShippedScenario } from '../../src/scenario/shipped.ts';
import { scenarioEntry } from '../../src/store/scenarios.ts';
import {
  KEY_HUES,
  keyHue,
  LOG_WINDOW_RECORDS,
  MAX_LOG_WINDOW_RECORDS,
  selectLogView,
  type LogViewModel,
} from '../../src/ui/logview/selectLogView.ts';
import { listPartitions } from '../../src/ui/logview/partitionList.ts';
import {
  CELL_WIDTH_PX,
  DELETED_WIDTH_PX,
  EARLIER_WIDTH_PX,
  offsetAtX,
  offsetX,
  TAIL_WIDTH_PX,
  tapeGeometry,
} from '../../src/ui/logview/tapeGeometry.ts';

function shipped(name: string): Simulation {
  const setup = scenarioEntry(findShippedScenario(name)!).setup;
  if (!setup) throw new Error(`scenario ${name} has problems`);
  const created = createSimulation(setup);
  if (!created.ok) throw new Error(JSON.stringify(created.problems));
  return created.simulation;
}

function simOf(setup: Partial<SimulationSetup>): Simulation {
  const created = createSimulation({ seed: 1, brokers: 3, ...setup });
  if (!created.ok) throw new Error(JSON.stringify(created.problems));
  return created.simulation;
}

function partition(state: SimState, topic: string, p: number): PartitionState {
  return state.topics.find((t) => t.name === topic)!.partitions[p]!;
}

function view(state: SimState, topic: string, p: number, windowRecords?: number): LogViewModel {
  const m = selectLogView(state, { topic, partition: p }, windowRecords);
  if (!m) throw new Error(`no view of ${topic}-${p}`);
  return m;
}

/** One partition, three replicas, keys in turn; `ratePerSec` records per second. */
const THREE_REPLICAS: Partial<SimulationSetup> = {
  topics: [{ name: 't', partitions: 1, replicationFactor: 3 }],
  producers: [{ id: 'p', topic: 't', ratePerSec: 100, keys: ['a', 'b', 'c'] }],
};

/**
 * Gives the followers of t-0 the leader's log cut at `followerEnds` (as replication would
 * leave them while they catch up), and the leader the high watermark `hw`.
 */
function replicate(state: SimState, followerEnds: number[], hw: number): PartitionState {
  const p = partition(state, 't', 0);
  const leader = p.replicaLogs.find((r) => r.brokerId === p.leader)!;
  const followers = p.replicaLogs.filter((r) => r.brokerId !== p.leader);
  followers.forEach((f, i) => {
    f.log = structuredClone(leader.log);
    truncateTo(f.log, followerEnds[i]!);
    f.highWatermark = Math.min(hw, f.log.logEndOffset);
  });
  leader.highWatermark = hw;
  return p;
}

describe('selectLogView', () => {
  it('is null for a partition that does not exist', () => {
    const state = shipped('hello').state;
    expect(selectLogView(state, { topic: 'orders', partition: 9 })).toBeNull();
    expect(selectLogView(state, { topic: 'nope', partition: 0 })).toBeNull();
  });

  it('lists every partition of every topic for the picker', () => {
    const state = shipped('keys-and-partitions').state;
    expect(listPartitions(state).map((p) => `${p.topic}-${p.partition}`)).toEqual([
      'clicks-0',
      'clicks-1',
      'clicks-2',
      'clicks-3',
      'clicks-4',
      'clicks-5',
    ]);
  });

  it('draws a short log whole: every offset from 0, oldest left, with its key', () => {
    const s = simOf(THREE_REPLICAS);
    s.advanceTo(2_000);
    const m = view(s.state, 't', 0);
    expect(m.logEndOffset).toBeGreaterThan(20);
    expect(m.records.map((r) => r.offset)).toEqual([...Array(m.logEndOffset).keys()]);
    expect(m.records.slice(0, 3).map((r) => r.key)).toEqual(['a', 'b', 'c']);
    expect(m.earlier).toBeNull();
    expect(m.deletedRecords).toBe(0);
    expect(m.windowStart).toBe(0);
  });

  it(`keeps only the newest ${LOG_WINDOW_RECORDS} records on the tape and summarises the rest`, () => {
    const s = simOf({ ...THREE_REPLICAS, producers: [{ id: 'p', topic: 't', ratePerSec: 500 }] });
    s.advanceTo(2_000);
    const m = view(s.state, 't', 0);
    expect(m.logEndOffset).toBeGreaterThan(LOG_WINDOW_RECORDS);
    expect(m.records).toHaveLength(LOG_WINDOW_RECORDS);
    expect(m.records[0]!.offset).toBe(m.logEndOffset - LOG_WINDOW_RECORDS);
    expect(m.records.at(-1)!.offset).toBe(m.logEndOffset - 1);
    expect(m.earlier).toEqual({ records: m.logEndOffset - LOG_WINDOW_RECORDS, segments: 0 });
  });

  it('shows records without a key as null keys, with no key colour', () => {
    const s = simOf({ ...THREE_REPLICAS, producers: [{ id: 'p', topic: 't', ratePerSec: 50 }] });
    s.advanceTo(1_000);
    const m = view(s.state, 't', 0);
    expect(m.records.length).toBeGreaterThan(0);
    expect(m.records.every((r) => r.key === null && r.keyHue === null)).toBe(true);
  });

  it('gives equal keys the same colour', () => {
    expect(keyHue('user-42')).toBe(keyHue('user-42'));
    for (const k of ['a', 'b', 'user-1', 'key-999']) {
      expect(keyHue(k)).toBeGreaterThanOrEqual(0);
      expect(keyHue(k)).toBeLessThan(KEY_HUES);
    }
  });

  it('shows what retention deleted, and summarises older records from the log start', () => {
    const s = shipped('retention');
    s.advanceTo(80_000);
    const m = view(s.state, 'logs', 0, 50);
    const log = partition(s.state, 'logs', 0).replicaLogs.find(
      (r) => r.brokerId === m.sourceBroker,
    )!.log;
    expect(m.logStartOffset).toBeGreaterThan(0);
    expect(m.logStartOffset).toBe(log.logStartOffset);
    expect(m.deletedRecords).toBe(m.logStartOffset);
    expect(m.windowStart).toBe(m.logEndOffset - 50);
    expect(m.earlier!.records).toBe(m.windowStart - m.logStartOffset);
    expect(m.records[0]!.offset).toBe(m.windowStart);
  });

  it('marks segment boundaries by base offset; the last is active; an older one starts the window', () => {
    const s = shipped('retention');
    s.advanceTo(80_000);
    const m = view(s.state, 'logs', 0, 150);
    const segments = partition(s.state, 'logs', 0).replicaLogs.find(
      (r) => r.brokerId === m.sourceBroker,
    )!.log.segments;
    expect(m.segmentCount).toBe(segments.length);
    const shown = segments.filter(
      (seg, i) => i === segments.length - 1 || seg.nextOffset > m.windowStart,
    );
    expect(m.segments.map((x) => x.baseOffset)).toEqual(shown.map((seg) => seg.baseOffset));
    expect(m.segments.map((x) => x.active)).toEqual(shown.map((_, i) => i === shown.length - 1));
    for (const mark of m.segments)
      expect(mark.drawnAtOffset).toBe(Math.max(mark.baseOffset, m.windowStart));
    expect(m.earlier!.segments).toBe(segments.length - shown.length);
  });

  it('gives every replica a row, leader first, with its own log end offset and high watermark', () => {
    const s = simOf(THREE_REPLICAS);
    s.advanceTo(2_000);
    const p = partition(s.state, 't', 0);
    const leo = p.replicaLogs.find((r) => r.brokerId === p.leader)!.log.logEndOffset;
    replicate(s.state, [leo - 4, leo - 10], leo - 4);
    const m = view(s.state, 't', 0);
    const followers = p.replicaLogs.filter((r) => r.brokerId !== p.leader).map((r) => r.brokerId);
    expect(m.replicas.map((r) => r.brokerId)).toEqual([p.leader, ...followers]);
    expect(m.replicas.map((r) => r.logEndOffset)).toEqual([leo, leo - 4, leo - 10]);
    expect(m.replicas.map((r) => r.highWatermark)).toEqual([leo - 4, leo - 4, leo - 10]);
    expect(m.replicas[0]!.status).toBe('leader');
    expect(m.replicas[0]!.source).toBe(true);
    expect(m.highWatermark).toBe(leo - 4);
  });

  it('tells in-sync, out-of-sync and dead followers apart', () => {
    const s = simOf(THREE_REPLICAS);
    s.advanceTo(500);
    const p = partition(s.state, 't', 0);
    const [a, b] = p.replicas.filter((id) => id !== p.leader);
    p.isr = [p.leader!, a!];
    expect(view(s.state, 't', 0).replicas.map((r) => r.status)).toEqual([
      'leader',
      'in-sync',
      'out-of-sync',
    ]);
    s.state.brokers.find((x) => x.id === b)!.alive = false;
    expect(view(s.state, 't', 0).replicas[2]!.status).toBe('down');
  });

  it('marks the records at and above the high watermark as not committed', () => {
    const s = simOf(THREE_REPLICAS);
    s.advanceTo(2_000);
    const p = partition(s.state, 't', 0);
    const leo = p.replicaLogs.find((r) => r.brokerId === p.leader)!.log.logEndOffset;
    replicate(s.state, [leo - 3, leo - 3], leo - 3);
    const m = view(s.state, 't', 0);
    const uncommitted = m.records.filter((r) => !r.committed).map((r) => r.offset);
    expect(uncommitted).toEqual([leo - 3, leo - 2, leo - 1]);
  });

  it('shows a consumer position with its records-lag, and reading deletes nothing', () => {
    const s = shipped('hello');
    s.advanceTo(5_000);
    const m = view(s.state, 'orders', 0);
    const c = s.state.consumers.find((x) => x.id === 'billing')!;
    const a = c.assignment.find((x) => x.topic === 'orders' && x.partition === 0)!;
    // The consumer's records-lag: from the high watermark of its last fetch, as on the canvas.
    expect(m.consumers).toEqual([
      {
        consumer: 'billing',
        position: a.position,
        lag: a.highWatermark - a.position!,
        fetchedHighWatermark: a.highWatermark,
      },
    ]);
    expect(a.position).toBeGreaterThan(0);
    // The records the consumer has read are all still on the tape.
    expect(m.records[0]!.offset).toBe(0);
    expect(m.logStartOffset).toBe(0);
  });

  it('shows each group’s committed offset of this partition only', () => {
    const s = shipped('hello');
    s.advanceTo(3_000);
    const commit = (partition: number, offset: number, at: number, by: string) => ({
      topic: 'orders',
      partition,
      offset,
      commitTimestampMs: at,
      committedBy: by,
    });
    newGroup(s.state, 'g2', 50).offsets.push(commit(0, 5, 1, 'x'));
    newGroup(s.state, 'g1', 50).offsets.push(commit(0, 3, 2, 'y'), commit(1, 7, 2, 'y'));
    const m = view(s.state, 'orders', 0);
    expect(m.committed.map((c) => [c.groupId, c.offset, c.lag])).toEqual([
      ['g1', 3, m.highWatermark - 3],
      ['g2', 5, m.highWatermark - 5],
    ]);
  });

  it('shows the longest replica’s log while the partition has no leader', () => {
    const s = simOf(THREE_REPLICAS);
    s.advanceTo(2_000);
    const p = partition(s.state, 't', 0);
    const leo = p.replicaLogs.find((r) => r.brokerId === p.leader)!.log.logEndOffset;
    const p2 = replicate(s.state, [leo - 2, leo - 8], leo - 8);
    const longest = p2.leader!;
    p2.leader = null;
    const m = view(s.state, 't', 0);
    expect(m.leader).toBeNull();
    expect(m.sourceBroker).toBe(longest);
    expect(m.replicas.every((r) => r.status === 'offline')).toBe(true);
  });

  it('extends the tape to a follower that is ahead of the source log', () => {
    const s = simOf(THREE_REPLICAS);
    s.advanceTo(2_000);
    const p = partition(s.state, 't', 0);
    const leo = p.replicaLogs.find((r) => r.brokerId === p.leader)!.log.logEndOffset;
    replicate(s.state, [leo, leo], leo);
    // The leader lost its tail (as after an unclean election, before followers truncate).
    truncateTo(p.replicaLogs.find((r) => r.brokerId === p.leader)!.log, leo - 5);
    const m = view(s.state, 't', 0);
    expect(m.logEndOffset).toBe(leo - 5);
    expect(m.endOffset).toBe(leo);
  });
});

describe('tape geometry', () => {
  function retentionView(): LogViewModel {
    const s = shipped('retention');
    s.advanceTo(80_000);
    return view(s.state, 'logs', 0, 40);
  }

  it('puts the deleted block, the earlier block, then one cell per record and one for the next offset', () => {
    const m = retentionView();
    const g = tapeGeometry(m);
    expect(g.deletedWidthPx).toBe(DELETED_WIDTH_PX);
    expect(g.earlierWidthPx).toBe(EARLIER_WIDTH_PX);
    expect(g.cellsLeftPx).toBe(DELETED_WIDTH_PX + EARLIER_WIDTH_PX);
    expect(g.slots).toBe(41);
    expect(g.widthPx).toBe(g.cellsLeftPx + 41 * CELL_WIDTH_PX + TAIL_WIDTH_PX);
  });

  it('draws a pointer at the left edge of the record it names', () => {
    const m = retentionView();
    const g = tapeGeometry(m);
    expect(offsetX(m, g, m.windowStart)).toBe(g.cellsLeftPx);
    expect(offsetX(m, g, m.logEndOffset)).toBe(g.cellsLeftPx + 40 * CELL_WIDTH_PX);
    expect(offsetX(m, g, m.logStartOffset)).toBe(DELETED_WIDTH_PX);
    expect(offsetX(m, g, 0)).toBe(0);
  });

  it('keeps pointers in offset order across the blocks and the cells', () => {
    const m = retentionView();
    const g = tapeGeometry(m);
    const offsets = [0, 1, m.logStartOffset - 1, m.logStartOffset, m.windowStart - 1];
    offsets.push(m.windowStart, m.logEndOffset, m.logEndOffset + 1_000);
    const xs = offsets.map((o) => offsetX(m, g, o));
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    // Past the end it stays at the end of the last slot.
    expect(xs.at(-1)).toBe(g.widthPx - TAIL_WIDTH_PX);
  });

  it('finds the offset under a pixel again (for keeping the scroll position)', () => {
    const m = retentionView();
    const g = tapeGeometry(m);
    for (const o of [m.windowStart, m.windowStart + 7, m.logEndOffset - 1])
      expect(offsetAtX(m, g, offsetX(m, g, o) + 3)).toBe(o);
  });

  it('has no blocks for a log that starts at 0 and fits the window', () => {
    const s = shipped('hello');
    s.advanceTo(2_000);
    const m = view(s.state, 'orders', 0);
    const g = tapeGeometry(m);
    expect(g.cellsLeftPx).toBe(0);
    expect(offsetX(m, g, 0)).toBe(0);
  });
});

describe('log view: acknowledged records lost', () => {
  it('marks the lost offsets as one range, which the new leader has filled with other records', () => {
    // acks1-data-loss: broker 3 led with followers 3 s behind; it crashes at 16 s.
    const sim = shipped('acks1-data-loss');
    sim.advanceTo(27_000);
    const m = selectLogView(sim.state, { topic: 'orders', partition: 0 })!;
    const lost = sim.state.durability.lost.filter((l) => l.topic === 'orders');
    expect(lost.length).toBeGreaterThan(100);
    expect(m.lost).toHaveLength(1);
    const [range] = m.lost;
    expect(range!.from).toBe(Math.min(...lost.map((l) => l.offset)));
    expect(range!.to).toBe(Math.max(...lost.map((l) => l.offset)));
    expect(range!.to - range!.from + 1).toBe(lost.length);
    // The new leader wrote past them: the offsets hold its records now.
    expect(m.logEndOffset).toBeGreaterThan(range!.to);
  });

  it('draws the lost offsets record by record when asked to reach back to them (the notice)', () => {
    const sim = shipped('acks1-data-loss');
    sim.advanceTo(27_000);
    const ref = { topic: 'orders', partition: 0 };
    const [range] = selectLogView(sim.state, ref)!.lost;
    // By default the newest LOG_WINDOW_RECORDS: the lost offsets are folded into "earlier".
    expect(selectLogView(sim.state, ref)!.windowStart).toBeGreaterThan(range!.to);
    const m = selectLogView(sim.state, ref, LOG_WINDOW_RECORDS, range!.from)!;
    // A few records before them, then every offset to the end: what sits there now is drawn.
    expect(m.windowStart).toBe(range!.from - 10);
    expect(m.records.map((r) => r.offset)).toContain(range!.from);
    expect(m.records.map((r) => r.offset)).toContain(range!.to);
    expect(m.earlier?.records).toBe(m.windowStart - m.logStartOffset);
  });

  it('reaches back at most MAX_LOG_WINDOW_RECORDS, and never before the log start', () => {
    const sim = shipped('classroom');
    sim.advanceTo(50_000);
    const ref = { topic: 'orders', partition: 0 };
    const end = selectLogView(sim.state, ref)!.logEndOffset;
    expect(end).toBeGreaterThan(MAX_LOG_WINDOW_RECORDS + 20);
    expect(selectLogView(sim.state, ref, LOG_WINDOW_RECORDS, 0)!.windowStart).toBe(
      end - MAX_LOG_WINDOW_RECORDS,
    );
    // An offset already in the newest window changes nothing.
    expect(selectLogView(sim.state, ref, LOG_WINDOW_RECORDS, end - 5)!.windowStart).toBe(
      end - LOG_WINDOW_RECORDS,
    );
  });

  it('has none for a partition that lost nothing', () => {
    const sim = shipped('hello');
    sim.advanceTo(5_000);
    expect(selectLogView(sim.state, { topic: 'orders', partition: 0 })!.lost).toEqual([]);
  });
});

describe('log view: the same offsets lost twice', () => {
  it('are two ranges, one per loss, each merged, not one range per offset', () => {
    const sim = shipped('hello');
    sim.advanceTo(3_000);
    const lost = (offset: number, reason: string, lostAtMs: number) => ({
      topic: 'orders',
      partition: 0,
      offset,
      key: null,
      producer: 'checkout',
      lostAtMs,
      reason,
    });
    // 10–14 lost at 1 s; 10–19 written again and lost at 2 s, in another election.
    sim.state.durability.lost.push(
      ...[10, 11, 12, 13, 14].map((o) => lost(o, 'first', 1_000)),
      ...[10, 11, 12, 13, 14, 15, 16, 17, 18, 19].map((o) => lost(o, 'second', 2_000)),
    );
    const m = selectLogView(sim.state, { topic: 'orders', partition: 0 })!;
    expect(m.lost.map((r) => [r.from, r.to, r.reason])).toEqual([
      [10, 14, 'first'],
      [10, 19, 'second'],
    ]);
  });
});
