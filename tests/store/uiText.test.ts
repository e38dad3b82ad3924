import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/engine/events.ts';
import { describeEvent, lossReason } from '../../src/ui/describeEvent.ts';
import { timelineLines } from '../../src/ui/timelineText.ts';
import { findShippedScenario } from '../../src/scenario/shipped.ts';
import { scenarioEntry } from '../../src/store/scenarios.ts';
import { aboutInternalTopicOnly } from '../../src/ui/EventList.tsx';
import {
  brokersText,
  formatClock,
  formatCount,
  formatSeconds,
  plural,
  readableNumbers,
  readableReason,
  wrapPoints,
} from '../../src/ui/format.ts';

describe('formats', () => {
  it('shows the simulated clock in seconds with millisecond precision', () => {
    expect(formatClock(0)).toBe('t = 0.000 s');
    expect(formatClock(12_345)).toBe('t = 12.345 s');
    expect(formatClock(7)).toBe('t = 0.007 s');
    expect(formatSeconds(3_600_000)).toBe('3600.000');
  });

  it('groups thousands in counts', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('says one record, two records, brokers 4 and 5', () => {
    expect(plural(1, 'record')).toBe('1 record');
    expect(plural(2119, 'record')).toBe('2,119 records');
    expect(plural(0, 'segment')).toBe('0 segments');
    expect(brokersText([4])).toBe('broker 4');
    expect(brokersText([4, 5])).toBe('brokers 4 and 5');
    expect(brokersText([1, 2, 3])).toBe('brokers 1, 2 and 3');
  });

  it('groups thousands in engine reasons, but not inside names', () => {
    expect(readableNumbers('no heartbeat for 9000 ms (broker.session.timeout.ms)')).toBe(
      'no heartbeat for 9,000 ms (broker.session.timeout.ms)',
    );
    expect(readableNumbers('offset 2119.')).toBe('offset 2,119.');
    expect(readableNumbers('member billing-1000 at epoch 12')).toBe(
      'member billing-1000 at epoch 12',
    );
    expect(readableReason('leader 3 shrank the ISR: broker 4, 5 did not catch up')).toBe(
      'leader 3 shrank the ISR: brokers 4 and 5 did not catch up',
    );
    expect(readableReason('on broker 3, 12 records')).toBe('on broker 3, 12 records');
  });
});

describe('describeEvent', () => {
  it('writes a command the user sent as the command and its arguments', () => {
    const e: SimEvent = {
      atMs: 5,
      type: 'command.applied',
      command: { type: 'broker.crash', broker: 2 },
    };
    expect(describeEvent(e)).toEqual({ text: 'Command broker.crash broker=2', tone: 'command' });
  });

  it('narrates a controlled shutdown step by step', () => {
    const at = { atMs: 0 };
    expect(describeEvent({ ...at, type: 'broker.shutdownRequested', broker: 3 }).text).toBe(
      'Broker 3 is shutting down: it asks the controller for a controlled shutdown',
    );
    expect(
      describeEvent({
        ...at,
        type: 'broker.controlledShutdown',
        broker: 3,
        controller: 1,
        leads: 2,
      }).text,
    ).toBe(
      'Controller (broker 1) takes broker 3 out of every ISR and moves its 2 leaderships (controlled shutdown); it may stop once the other brokers know',
    );
    const clean = describeEvent({
      ...at,
      type: 'broker.stopped',
      broker: 3,
      graceful: true,
      reason: 'the controller moved its leaderships away and let it stop',
    });
    expect(clean).toEqual({
      text: 'Broker 3 stopped cleanly: the controller moved its leaderships away and let it stop',
      tone: 'info',
    });
  });

  it('narrates replication and the controller in plain words, with Kafka names', () => {
    const fenced = describeEvent({
      atMs: 0,
      type: 'broker.fenced',
      broker: 3,
      controller: 1,
      reason: 'no heartbeat for 9000 ms (broker.session.timeout.ms)',
      shutdown: false,
    });
    expect(fenced).toEqual({
      text: 'Controller (broker 1) fenced broker 3: no heartbeat for 9,000 ms (broker.session.timeout.ms)',
      tone: 'bad',
    });
    const elected = describeEvent({
      atMs: 0,
      type: 'partition.leaderChanged',
      topic: 'orders',
      partition: 1,
      leader: 2,
      leaderEpoch: 4,
      isr: [2, 1],
      election: 'clean',
      reason: 'broker 3 is fenced',
    });
    expect(elected.text).toBe(
      'orders-1: leader is now broker 2 (epoch 4, ISR [2, 1]): broker 3 is fenced',
    );
    const lost = describeEvent({
      atMs: 0,
      type: 'records.lost',
      topic: 'orders',
      partition: 0,
      records: 3,
      fromOffset: 10,
      toOffset: 13,
      reason: 'unclean election of broker 4 (epoch 1)',
    });
    expect(lost.tone).toBe('bad');
    expect(lost.text).toMatch(/3 acknowledged records of orders-0 lost \(offsets 10–12\)/);
    const one = describeEvent({
      atMs: 0,
      type: 'records.lost',
      topic: 'orders',
      partition: 0,
      records: 1,
      fromOffset: 2119,
      toOffset: 2120,
      reason: 'acknowledged by a leader that had already been replaced',
    });
    expect(one.text).toBe(
      '1 acknowledged record of orders-0 lost (offset 2,119): acknowledged by a leader that had already been replaced',
    );
  });

  it('writes plain sentences: no nested parentheses, plurals, brokers 4 and 5', () => {
    const out = describeEvent({
      atMs: 0,
      type: 'partition.isrChanged',
      topic: 'orders',
      partition: 0,
      isr: [1, 2],
      added: [],
      removed: [4, 5],
      leader: 1,
      reason: 'broker 4 is fenced: no heartbeat for 9000 ms (broker.session.timeout.ms)',
    });
    expect(out.text).toBe(
      'orders-0: ISR is now [1, 2], brokers 4 and 5 out: broker 4 is fenced: no heartbeat for 9,000 ms (broker.session.timeout.ms)',
    );
    expect(out.text).not.toMatch(/\([^)]*\(/);
    const back = describeEvent({
      atMs: 0,
      type: 'partition.isrChanged',
      topic: 'orders',
      partition: 0,
      isr: [1, 2, 3],
      added: [3],
      removed: [],
      leader: 1,
      reason: 'broker 3 caught up',
    });
    expect(back).toEqual({
      text: 'orders-0: ISR is now [1, 2, 3], broker 3 back in: broker 3 caught up',
      tone: 'good',
    });
    const deleted = describeEvent({
      atMs: 0,
      type: 'segments.deleted',
      topic: 'orders',
      partition: 0,
      broker: 1,
      segments: 1,
      records: 1200,
      logStartOffset: 1200,
      reason: 'retention.ms',
    });
    expect(deleted.text).toBe(
      'orders-0 on broker 1: 1 segment with 1,200 records deleted (retention.ms)',
    );
    const retry = describeEvent({
      atMs: 0,
      type: 'producer.retry',
      producer: 'p',
      topic: 'orders',
      partition: 0,
      records: 1,
      error: 'NOT_LEADER_OR_FOLLOWER',
      attempt: 2,
    });
    expect(retry.text).toBe(
      'p retries 1 record to orders-0 after NOT_LEADER_OR_FOLLOWER, attempt 2',
    );
  });

  it('an unclean election does not say the new leader came back in sync', () => {
    // The controller sets the ISR to the out-of-sync leader alone (PartitionChangeBuilder).
    const line = describeEvent({
      atMs: 0,
      type: 'partition.isrChanged',
      topic: 'orders',
      partition: 0,
      isr: [4],
      added: [4],
      removed: [3],
      leader: 4,
      reason: 'broker 3 is fenced: no heartbeat; no in-sync replica is available',
    });
    expect(line.text).toBe(
      'orders-0: ISR is now [4]: broker 4 was elected leader from outside the ISR, so the ISR is set to it alone (it did not catch up); broker 3 out',
    );
    expect(line.text).not.toMatch(/back in/);
  });

  it('marks rejections and crashes as bad news', () => {
    const rejected: SimEvent = {
      atMs: 0,
      type: 'command.rejected',
      command: { type: 'broker.crash', broker: 9 },
      reason: 'broker 9 does not exist',
      error: null,
    };
    expect(describeEvent(rejected)).toEqual({
      text: 'broker.crash rejected: broker 9 does not exist',
      tone: 'bad',
    });
    expect(describeEvent({ atMs: 0, type: 'broker.crashed', broker: 1 }).tone).toBe('bad');
  });

  it('keeps Kafka names in the text (config keys, error codes)', () => {
    const reset: SimEvent = {
      atMs: 0,
      type: 'consumer.offsetReset',
      consumer: 'billing',
      topic: 'orders',
      partition: 0,
      strategy: 'earliest',
      offset: 0,
      reason: 'no committed offset',
    };
    expect(describeEvent(reset).text).toContain('auto.offset.reset=earliest');
    const failed: SimEvent = {
      atMs: 0,
      type: 'producer.failed',
      producer: 'p',
      topic: 't',
      partition: 1,
      records: 3,
      error: 'NOT_ENOUGH_REPLICAS',
    };
    expect(describeEvent(failed).text).toContain('NOT_ENOUGH_REPLICAS');
  });
});

describe('describeEvent, newer events', () => {
  it('narrates an engine error and says the run goes on', () => {
    const line = describeEvent({ atMs: 5, type: 'engine.error', work: 'deliver', reason: 'boom' });
    expect(line).toEqual({
      text: 'Simulator error in deliver (the run goes on): boom',
      tone: 'bad',
    });
  });

  it('names only the topic for a record that failed before it had a partition', () => {
    const line = describeEvent({
      atMs: 5,
      type: 'producer.failed',
      producer: 'p',
      topic: 'orders',
      partition: -1,
      records: 1,
      error: 'MESSAGE_TOO_LARGE',
    });
    expect(line.text).toBe('p gave up on 1 record to orders: MESSAGE_TOO_LARGE');
  });

  it('adds the client exception when the event carries one (a delivery timeout)', () => {
    const line = describeEvent({
      atMs: 5,
      type: 'producer.failed',
      producer: 'p',
      topic: 'orders',
      partition: 0,
      records: 2,
      error: 'REQUEST_TIMED_OUT',
      exception:
        'TimeoutException: Expiring 2 record(s) for orders-0:120000 ms has passed since batch creation',
    });
    expect(line.text).toBe(
      // The exception's message is the Java client's own, word for word.
      'p gave up on 2 records to orders-0: REQUEST_TIMED_OUT; TimeoutException: Expiring 2 record(s) for orders-0:120000 ms has passed since batch creation (delivery.timeout.ms)',
    );
  });

  it('narrates a batch split and an ELR change', () => {
    expect(
      describeEvent({
        atMs: 5,
        type: 'producer.batchSplit',
        producer: 'p',
        topic: 'orders',
        partition: 0,
        records: 100,
        sizeBytes: 10997,
        targetBytes: 5498,
        batches: 3,
      }).text,
    ).toBe(
      'p: orders-0 refused a batch of 100 records as MESSAGE_TOO_LARGE: its 10,997 bytes are over max.message.bytes. The producer splits it into 3 batches of up to 5,498 bytes and sends them again',
    );
    expect(
      describeEvent({
        atMs: 5,
        type: 'partition.elrChanged',
        topic: 'orders',
        partition: 0,
        elr: [4],
        added: [4],
        removed: [],
        isr: [3],
        reason: 'r',
      }).text,
    ).toBe('orders-0: eligible leader replicas (ELR) are now [4], broker 4 eligible: r');
  });

  it('narrates backpressure from a full buffer.memory', () => {
    expect(
      describeEvent({
        atMs: 5,
        type: 'producer.blocked',
        producer: 'p',
        bufferMemory: 262144,
        maxBlockMs: 10000,
      }),
    ).toMatchObject({
      tone: 'warn',
      text: expect.stringMatching(/262,144 bytes\) is full: send\(\) blocks/),
    });
    expect(
      describeEvent({ atMs: 5, type: 'producer.unblocked', producer: 'p', heldMs: 30_500 }).text,
    ).toMatch(/^p: send\(\) keeps pace again after 30\.500 s held up/);
  });
});

describe('wrapPoints: where a long Kafka name may wrap in a narrow column', () => {
  it('cuts after the dots, equals signs and underscores of names, not inside numbers', () => {
    expect(
      wrapPoints('billing-1 reset orders-2 to offset 1,173 (auto.offset.reset=latest)'),
    ).toEqual(['billing-1 reset orders-2 to offset 1,173 (auto.', 'offset.', 'reset=', 'latest)']);
    expect(wrapPoints('leads __consumer_offsets-12')).toEqual(['leads __consumer_', 'offsets-12']);
    expect(wrapPoints('at 21.111 s, 3.5 records')).toEqual(['at 21.111 s, 3.5 records']);
  });

  it('gives the text back when the pieces are joined', () => {
    const text = 'min.insync.replicas=2 and acks=all on __consumer_offsets. Then more.';
    expect(wrapPoints(text).join('')).toBe(text);
  });
});

describe('the event list hides events about __consumer_offsets alone unless asked', () => {
  it('tells them from events about the topics people created', () => {
    const isr = (topic: string): SimEvent => ({
      atMs: 0,
      type: 'partition.isrChanged',
      topic,
      partition: 0,
      isr: [1],
      added: [],
      removed: [2],
      leader: 1,
      reason: 'replica.lag.time.max.ms',
    });
    expect(aboutInternalTopicOnly(isr('__consumer_offsets'))).toBe(true);
    expect(aboutInternalTopicOnly(isr('orders'))).toBe(false);
    const took = (topics: string[]): SimEvent => ({
      atMs: 0,
      type: 'broker.tookLeadership',
      broker: 2,
      metadataOffset: 1,
      partitions: topics.map((topic, partition) => ({
        topic,
        partition,
        leaderEpoch: 1,
        electedAtMs: 0,
      })),
    });
    expect(aboutInternalTopicOnly(took(['__consumer_offsets', '__consumer_offsets']))).toBe(true);
    expect(aboutInternalTopicOnly(took(['__consumer_offsets', 'orders']))).toBe(false);
    expect(aboutInternalTopicOnly({ atMs: 0, type: 'broker.crashed', broker: 1 })).toBe(false);
  });
});

describe('lossReason: records lost in a clean election', () => {
  it('says that the in-sync replica elected did not have them, so "clean" is not read as "safe"', () => {
    expect(lossReason('clean election of broker 4 (epoch 1)')).toBe(
      'clean election of broker 4 (epoch 1), a replica in the ISR that did not have them: the old leader had acknowledged them before its followers copied them (acks=1)',
    );
    expect(lossReason('preferred election of broker 3 (epoch 2)')).toContain(
      'a replica in the ISR that did not have them',
    );
    expect(lossReason('unclean election of broker 4 (epoch 1)')).toBe(
      'unclean election of broker 4 (epoch 1)',
    );
  });
});

describe('consumer.offsetReset: what auto.offset.reset means for a new group', () => {
  const reset = (strategy: string, offset: number, reason = 'no committed offset'): SimEvent => ({
    atMs: 0,
    type: 'consumer.offsetReset',
    consumer: 'billing-1',
    topic: 'orders',
    partition: 2,
    strategy,
    offset,
    reason,
  });

  it('latest: says the records already in the log are never read', () => {
    expect(describeEvent(reset('latest', 297)).text).toBe(
      'billing-1 has no committed offset for orders-2: it starts at the log end, offset 297 (auto.offset.reset=latest), and never reads the records written before',
    );
  });

  it('earliest: says it reads everything still in the log', () => {
    expect(describeEvent(reset('earliest', 0)).text).toContain(
      'starts at the log start, offset 0 (auto.offset.reset=earliest), and reads everything still in the log',
    );
  });

  it('a position out of range says why', () => {
    expect(describeEvent(reset('earliest', 40, 'OFFSET_OUT_OF_RANGE at 12')).text).toBe(
      'billing-1 reset orders-2 to offset 40 (auto.offset.reset=earliest): OFFSET_OUT_OF_RANGE at 12',
    );
  });
});

describe('timelineLines: the scenario note lists what the scenario does, and when', () => {
  it('in time order, each command in its own words, the rest counted', () => {
    const setup = scenarioEntry(findShippedScenario('acks1-data-loss')!).setup;
    const { lines, more } = timelineLines(setup);
    expect(lines[0]).toEqual({ at: '10.0 s', command: 'broker.slow broker=4 extraLatencyMs=3000' });
    expect(lines.map((l) => l.command)).toContain('broker.crash broker=3');
    expect(lines.map((l) => l.at)).toEqual(
      [...lines.map((l) => l.at)].sort((a, b) => parseFloat(a) - parseFloat(b)),
    );
    expect(more).toBe(0);
    expect(timelineLines(null)).toEqual({ lines: [], more: 0 });
  });
});
