import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/engine/events.ts';
import { eventEntities } from '../../src/store/entities.ts';
import { createEventLog, isKeyEvent, type LoggedEvent } from '../../src/store/eventLog.ts';
import { describeEvent } from '../../src/ui/describeEvent.ts';

let id = 1;
const nextId = () => id++;

function logged(event: SimEvent): LoggedEvent {
  return {
    id: nextId(),
    event,
    entities: eventEntities(event, () => null),
    coordinator: null,
    groupInstanceId: null,
  };
}

const roll = (atMs: number): SimEvent => ({
  atMs,
  type: 'segment.rolled',
  topic: 'orders',
  partition: 0,
  broker: 1,
  baseOffset: atMs,
  reason: 'segment.ms',
});

const lost = (atMs: number, from: number, partition = 0, reason = 'stale leader'): SimEvent => ({
  atMs,
  type: 'records.lost',
  topic: 'orders',
  partition,
  records: 1,
  fromOffset: from,
  toOffset: from + 1,
  reason,
});

describe('event log', () => {
  it('keeps key events beyond the routine cap, each kind within its own bound, in time order', () => {
    const log = createEventLog({ routine: 5, key: 3 });
    const crash: SimEvent = { atMs: 1, type: 'broker.crashed', broker: 3 };
    log.add([logged(crash)], nextId);
    for (let t = 2; t < 50; t++) log.add([logged(roll(t))], nextId);
    const events = log.events;
    expect(events.map((e) => e.event.type)).toEqual([
      'broker.crashed',
      ...Array<string>(5).fill('segment.rolled'),
    ]);
    expect(events.map((e) => e.event.atMs)).toEqual([1, 45, 46, 47, 48, 49]);
    for (let b = 1; b <= 5; b++)
      log.add([logged({ atMs: 50 + b, type: 'broker.restarted', broker: b })], nextId);
    const key = log.events.filter((e) => isKeyEvent(e.event));
    expect(key.map((e) => e.event.atMs)).toEqual([53, 54, 55]);
    const times = log.events.map((e) => e.event.atMs);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('says which events are key: crashes, elections, losses, rebalances, commands; not rolls or commits', () => {
    expect(isKeyEvent({ atMs: 0, type: 'broker.crashed', broker: 1 })).toBe(true);
    expect(isKeyEvent({ atMs: 0, type: 'command.applied', command: {} })).toBe(true);
    expect(isKeyEvent(lost(0, 1))).toBe(true);
    expect(isKeyEvent(roll(0))).toBe(false);
    expect(
      isKeyEvent({ atMs: 0, type: 'consumer.committed', consumer: 'c', groupId: 'g', offsets: [] }),
    ).toBe(false);
  });

  it('merges the rolls of one segment on several replicas into one entry naming every broker', () => {
    const log = createEventLog();
    const on = (broker: number, baseOffset: number, atMs: number): SimEvent => ({
      atMs,
      type: 'segment.rolled',
      topic: 'orders',
      partition: 0,
      broker,
      baseOffset,
      reason: 'segment.ms',
    });
    log.add(
      [logged(on(1, 500, 10)), logged({ atMs: 11, type: 'broker.crashed', broker: 9 })],
      nextId,
    );
    log.add([logged(on(2, 500, 12)), logged(on(3, 500, 13))], nextId);
    // The next segment is a line of its own; so is the same broker rolling that offset again.
    log.add([logged(on(1, 900, 20)), logged(on(1, 900, 21))], nextId);
    const events = log.events;
    expect(events.map((e) => [e.event.type, e.event.atMs])).toEqual([
      ['segment.rolled', 10],
      ['broker.crashed', 11],
      ['segment.rolled', 20],
      ['segment.rolled', 21],
    ]);
    const first = events[0]!;
    expect(first.brokers).toEqual([1, 2, 3]);
    // Filtering by any of the brokers finds it.
    expect(
      first.entities.filter((r) => r.kind === 'broker').map((r) => r.kind === 'broker' && r.id),
    ).toEqual([1, 2, 3]);
    expect(describeEvent(first.event, { brokers: first.brokers! }).text).toBe(
      'orders-0 on brokers 1, 2, 3: new segment at offset 500 (segment.ms)',
    );
    expect(events[2]!.brokers).toBeUndefined();
  });

  it('merges retention deleting the same segments on each replica into one entry; another deletion stays apart', () => {
    const log = createEventLog();
    const deleted = (broker: number, logStartOffset: number, atMs: number): SimEvent => ({
      atMs,
      type: 'segments.deleted',
      topic: 'logs',
      partition: 0,
      broker,
      segments: 2,
      records: 192,
      logStartOffset,
      reason: 'retention.bytes',
    });
    log.add([logged(deleted(3, 1824, 55_000)), logged(deleted(2, 1824, 55_000))], nextId);
    log.add([logged(deleted(1, 1824, 55_001)), logged(deleted(3, 2016, 65_000))], nextId);
    const events = log.events;
    expect(events.map((e) => [e.event.atMs, e.brokers])).toEqual([
      [55_000, [3, 2, 1]],
      [65_000, undefined],
    ]);
    expect(describeEvent(events[0]!.event, { brokers: events[0]!.brokers! }).text).toBe(
      'logs-0 on brokers 3, 2, 1: 2 segments with 192 records deleted (retention.bytes)',
    );
  });

  it('merges a run of lost records of one partition and reason into one entry, at its newest place', () => {
    const log = createEventLog();
    log.add([logged(lost(10, 753)), logged(lost(10, 0, 3))], nextId);
    log.add([logged(roll(11)), logged(lost(12, 754)), logged(lost(12, 1, 3))], nextId);
    log.add([logged(lost(13, 755))], nextId);
    const events = log.events;
    expect(events.map((e) => e.event.type)).toEqual([
      'segment.rolled',
      'records.lost',
      'records.lost',
    ]);
    const p3 = events[1]!;
    expect(p3.event).toMatchObject({ partition: 3, records: 2, fromOffset: 0, toOffset: 2 });
    const p0 = events[2]!;
    expect(p0.event).toMatchObject({ atMs: 13, records: 3, fromOffset: 753, toOffset: 756 });
    expect(p0.sinceMs).toBe(10);
    expect(p0.entities).toEqual([{ kind: 'partition', topic: 'orders', partition: 0 }]);
    const ids = events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(describeEvent(p0.event, { sinceMs: p0.sinceMs! }).text).toBe(
      '3 acknowledged records of orders-0 lost (offsets 753–755, from 0.010 s on): stale leader',
    );
  });

  it('does not merge losses that are not adjacent, have another reason, or follow a new leader', () => {
    const log = createEventLog();
    log.add([logged(lost(1, 10)), logged(lost(2, 20))], nextId);
    log.add([logged(lost(3, 21, 0, 'unclean election'))], nextId);
    log.add(
      [
        logged({
          atMs: 4,
          type: 'partition.leaderChanged',
          topic: 'orders',
          partition: 0,
          leader: 2,
          leaderEpoch: 3,
          isr: [2],
          election: 'clean',
          reason: 'r',
        }),
        logged(lost(5, 22, 0, 'unclean election')),
      ],
      nextId,
    );
    expect(log.events.filter((e) => e.event.type === 'records.lost')).toHaveLength(4);
  });

  it('a merged run counts once against the key bound', () => {
    const log = createEventLog({ routine: 5, key: 2 });
    const crash: SimEvent = { atMs: 0, type: 'broker.isolated', broker: 3 };
    log.add([logged(crash)], nextId);
    for (let i = 0; i < 500; i++) log.add([logged(lost(i + 1, 100 + i))], nextId);
    expect(log.events.map((e) => e.event.type)).toEqual(['broker.isolated', 'records.lost']);
    expect(log.events[1]!.event).toMatchObject({ records: 500 });
  });
});

describe('a client retrying against a coordinator it cannot reach', () => {
  const lostIt = (atMs: number, consumer = 'billing-1'): SimEvent => ({
    atMs,
    type: 'consumer.coordinatorLost',
    consumer,
    group: 'billing',
    coordinator: 2,
    reason: 'the connection to the coordinator failed',
  });
  const foundIt = (atMs: number, consumer = 'billing-1'): SimEvent => ({
    atMs,
    type: 'consumer.coordinatorFound',
    consumer,
    group: 'billing',
    coordinator: 2,
  });

  it('is one entry per line that counts its repeats, moved to the end, until a key event', () => {
    const log = createEventLog();
    for (const t of [20_440, 21_015, 22_492])
      log.add(
        [logged(lostIt(t)), logged(foundIt(t + 5)), logged(lostIt(t + 1, 'billing-2'))],
        nextId,
      );
    const events = log.events;
    expect(events.map((e) => [e.event.type, e.event.atMs, e.repeats, e.sinceMs])).toEqual([
      ['consumer.coordinatorLost', 22_492, 3, 20_440],
      ['consumer.coordinatorFound', 22_497, 3, 20_445],
      ['consumer.coordinatorLost', 22_493, 3, 20_441],
    ]);
    // After a key event, the same line starts again below it.
    log.add(
      [
        logged({
          atMs: 27_000,
          type: 'broker.fenced',
          broker: 2,
          controller: 1,
          reason: 'x',
          shutdown: false,
        }),
      ],
      nextId,
    );
    log.add([logged(lostIt(27_100))], nextId);
    expect(log.events.at(-1)!.repeats).toBeUndefined();
    expect(log.events).toHaveLength(5);
  });
});
