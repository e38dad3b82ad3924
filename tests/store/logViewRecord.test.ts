import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey, toPositive } from '../../src/engine/index.ts';
import type { SimState } from '../../src/engine/model.ts';
import { createSimulation, type Simulation } from '../../src/engine/simulation.ts';
import type { SimulationSetup } from '../../src/engine/setup.ts';
import { utf8Encode } from '../../src/engine/utf8.ts';
import { findShippedScenario } from '../../src/scenario/shipped.ts';
import { scenarioEntry } from '../../src/store/scenarios.ts';
import {
  choiceSentence,
  committedRowText,
  consumerRowText,
  int32Hex,
  offsetRange,
  replicaRowText,
} from '../../src/ui/logview/logText.ts';
import { formatBytes } from '../../src/ui/format.ts';
import {
  bytesView,
  HEX_BYTES_SHOWN,
  recordDetail,
  type RecordDetail,
} from '../../src/ui/logview/recordDetail.ts';

function simOf(setup: Partial<SimulationSetup>): Simulation {
  const created = createSimulation({ seed: 1, brokers: 1, ...setup });
  if (!created.ok) throw new Error(JSON.stringify(created.problems));
  return created.simulation;
}

const TOPIC = { name: 't', partitions: 3, replicationFactor: 1 };

function retentionScenario(): Simulation {
  const setup = scenarioEntry(findShippedScenario('retention')!).setup;
  return simOf(setup!);
}

function leo(state: SimState, p: number): number {
  const part = state.topics[0]!.partitions[p]!;
  return part.replicaLogs.find((r) => r.brokerId === part.leader)!.log.logEndOffset;
}

/** The first record of partition `p`, which must exist. */
function first(state: SimState, p: number): RecordDetail {
  const lookup = recordDetail(state, { topic: 't', partition: p }, 0);
  if (!lookup.found) throw new Error(`no record at t-${p}@0: ${lookup.reason}`);
  return lookup.record;
}

describe('recordDetail', () => {
  it('shows a keyed record’s key hash exactly as BuiltInPartitioner.partitionForKey computes it', () => {
    // "bob" hashes to a negative int32, so toPositive matters.
    const s = simOf({
      topics: [TOPIC],
      producers: [{ id: 'p', topic: 't', ratePerSec: 50, keys: ['bob'] }],
    });
    s.advanceTo(500);
    const target = partitionForKey('bob', 3);
    const r = first(s.state, target);
    expect(r.choice).toEqual({
      kind: 'key',
      murmur2: murmur2(utf8Encode('bob')),
      positive: toPositive(murmur2(utf8Encode('bob'))),
      numPartitions: 3,
      result: target,
      matches: true,
      overriddenBy: null,
    });
    expect(r.choice.kind === 'key' && r.choice.murmur2).toBeLessThan(0);
    expect(choiceSentence(r.choice, target)).toContain(`The key chose partition ${target}`);
  });

  it('shows key and value as text and as UTF-8 bytes in hex', () => {
    const s = simOf({
      topics: [TOPIC],
      producers: [{ id: 'p', topic: 't', ratePerSec: 50, keys: ['alice'], valueBytes: 40 }],
    });
    s.advanceTo(500);
    const r = first(s.state, partitionForKey('alice', 3));
    expect(r.key).toEqual({
      text: 'alice',
      printable: 'alice',
      length: 5,
      hex: '61 6c 69 63 65',
      hiddenBytes: 0,
    });
    // Generated values: the producer and its sequence number, padded to valueBytes.
    expect(r.value!.text.startsWith('p#0')).toBe(true);
    expect(r.value!.length).toBe(40);
    expect(r.value!.hiddenBytes).toBe(40 - HEX_BYTES_SHOWN);
    expect(r.value!.hex.split(' ')).toHaveLength(HEX_BYTES_SHOWN);
    expect(r.producer).toBe('p');
    expect(r.sizeBytes).toBeGreaterThan(45);
    expect(r.committed).toBe(true);
  });

  it('counts multi-byte characters as UTF-8 bytes', () => {
    const v = bytesView('한');
    expect(v.length).toBe(3);
    expect(v.hex).toBe('ed 95 9c');
    expect(bytesView('a\u0000b').printable).toBe('a·b');
  });

  it('says the sticky partitioner chose a record without a key', () => {
    const s = simOf({ topics: [TOPIC], producers: [{ id: 'p', topic: 't', ratePerSec: 50 }] });
    s.advanceTo(500);
    const p = [0, 1, 2].find((i) => leo(s.state, i) > 0)!;
    const r = first(s.state, p);
    expect(r.key).toBeNull();
    expect(r.choice).toEqual({ kind: 'sticky' });
    expect(choiceSentence(r.choice, p)).toMatch(/sticky partitioner \(KIP-480, KIP-794\)/);
  });

  it('says an explicit partition was given, for a producer that names one', () => {
    const s = simOf({
      topics: [TOPIC],
      producers: [{ id: 'p', topic: 't', ratePerSec: 50, partition: 2 }],
    });
    s.advanceTo(500);
    expect(first(s.state, 2).choice).toEqual({ kind: 'explicit', partition: 2 });
    const keyed = simOf({
      topics: [TOPIC],
      producers: [{ id: 'p', topic: 't', ratePerSec: 50, partition: 1, keys: ['alice'] }],
    });
    keyed.advanceTo(500);
    const choice = first(keyed.state, 1).choice;
    expect(choice.kind === 'key' && choice.overriddenBy).toBe('explicit');
    expect(choiceSentence(choice, 1)).toContain('explicitly');
  });

  it('says RoundRobinPartitioner chose, for a producer configured with it', () => {
    const s = simOf({
      topics: [TOPIC],
      producers: [
        {
          id: 'p',
          topic: 't',
          ratePerSec: 50,
          config: { 'partitioner.class': 'RoundRobinPartitioner' },
        },
      ],
    });
    s.advanceTo(500);
    expect(first(s.state, 0).choice).toEqual({ kind: 'round-robin' });
  });

  it('says the record is gone once retention deleted it, and not written past the end', () => {
    const s = retentionScenario();
    s.advanceTo(80_000);
    const ref = { topic: 'logs', partition: 0 };
    const part = s.state.topics[0]!.partitions[0]!;
    const start = part.replicaLogs.find((r) => r.brokerId === part.leader)!.log.logStartOffset;
    expect(start).toBeGreaterThan(0);
    expect(recordDetail(s.state, ref, 0)).toEqual({
      found: false,
      reason: 'deleted',
      logStartOffset: start,
    });
    expect(recordDetail(s.state, ref, leo(s.state, 0))).toMatchObject({
      found: false,
      reason: 'not-written',
    });
    expect(recordDetail(s.state, { topic: 'x', partition: 0 }, 0)).toMatchObject({
      found: false,
      reason: 'no-partition',
    });
  });
});

describe('log view text', () => {
  it('formats sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2.0 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
  });

  it('prints an int32 in hex as Java does (two’s complement)', () => {
    expect(int32Hex(-1)).toBe('0xffffffff');
    expect(int32Hex(255)).toBe('0x000000ff');
    expect(int32Hex(-2147483648)).toBe('0x80000000');
  });

  it('names offset ranges', () => {
    expect(offsetRange(0, 1233)).toBe('offsets 0 – 1,233');
    expect(offsetRange(7, 7)).toBe('offset 7');
  });

  it('labels replicas with their role, log end offset and high watermark', () => {
    const leader = {
      brokerId: 2,
      status: 'leader' as const,
      logStartOffset: 0,
      logEndOffset: 1234,
      highWatermark: 1230,
      source: true,
      reassignment: null,
    };
    expect(replicaRowText(leader, 1234)).toMatchObject({
      name: 'Broker 2',
      badge: 'leader',
      numbers: 'LEO 1,234 · HW 1,230',
    });
    const lagging = { ...leader, brokerId: 3, status: 'out-of-sync' as const, logEndOffset: 1200 };
    lagging.highWatermark = 1200;
    const text = replicaRowText(lagging, 1234);
    expect(text).toMatchObject({ badge: 'out of sync', numbers: 'LEO 1,200' });
    expect(text.title).toContain('34 records behind the leader');
    // A reassignment (KIP-455): a replica being added says so rather than "out of sync".
    const adding = replicaRowText({ ...lagging, reassignment: 'adding' }, 1234);
    expect(adding.badge).toBe('adding');
    expect(adding.title).toContain('copies the leader’s log');
    expect(replicaRowText({ ...lagging, reassignment: 'removed' }, 1234).badge).toBe('removed');
  });

  it('labels consumers with position and records-lag, and groups with their committed lag', () => {
    const row = { consumer: 'billing', position: 100, lag: 34, fetchedHighWatermark: 134 };
    expect(consumerRowText(row).numbers).toBe('100 · records-lag 34');
    expect(consumerRowText(row).title).toContain(
      'the high watermark its last fetch returned (134) − its position = 34',
    );
    expect(consumerRowText({ ...row, position: null, lag: null }).numbers).toBe('no position yet');
    const committed = committedRowText({
      groupId: 'g',
      offset: 90,
      lag: 44,
      committedAtMs: 0,
      consumer: 'billing',
    });
    expect(committed.numbers).toBe('90 · lag 44');
    expect(committed.badge).toBe('committed');
    expect(committed.title).toContain('Lag (committed), as kafka-consumer-groups reports it');
  });

  it('explains a key that does not give this partition', () => {
    const choice = {
      kind: 'key' as const,
      murmur2: 1,
      positive: 1,
      numPartitions: 3,
      result: 1,
      matches: false,
      overriddenBy: null,
    };
    expect(choiceSentence(choice, 2)).toContain(
      'The key gives partition 1, but this record is in 2',
    );
  });
});
