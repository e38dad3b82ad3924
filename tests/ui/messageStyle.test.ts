import { describe, expect, it } from 'vitest';
import {
  ERROR_COLOUR,
  messageCategory,
  messageLook,
  PARTITION_COLOURS,
  partitionColour,
} from '../../src/ui/canvas/messageStyle.ts';
import { broker, consumer, message, produce, produceResponse } from './messages.ts';

describe('messageCategory', () => {
  it('puts the record path between clients and brokers under data', () => {
    for (const kind of ['produce', 'produceResponse', 'fetch', 'fetchResponse'])
      expect(messageCategory(kind, false, 0)).toBe('data');
  });

  it('calls fetches between brokers replication', () => {
    for (const kind of ['fetch', 'fetchResponse', 'replicaFetch', 'replicaFetchResponse'])
      expect(messageCategory(kind, true, 0)).toBe('replication');
  });

  it('calls offset lookups, metadata and heartbeats control', () => {
    for (const kind of ['listOffsets', 'metadata', 'brokerHeartbeat', 'alterPartition'])
      expect(messageCategory(kind, kind !== 'listOffsets' && kind !== 'metadata', 0)).toBe(
        'control',
      );
  });

  it('gives a kind it does not know a safe category from its name, endpoints and records', () => {
    expect(messageCategory('joinGroup', false, 0)).toBe('control');
    expect(messageCategory('offsetCommit', false, 0)).toBe('control');
    expect(messageCategory('somethingNew', true, 0)).toBe('control');
    expect(messageCategory('followerCatchUp', true, 0)).toBe('replication');
    expect(messageCategory('somethingNew', true, 12)).toBe('replication');
    expect(messageCategory('somethingNew', false, 12)).toBe('data');
    // Names that are also Object.prototype members are not kinds.
    expect(messageCategory('toString', false, 0)).toBe('control');
  });
});

describe('partitionColour', () => {
  it('is stable by partition number and cycles through the palette', () => {
    expect(partitionColour(0)).toBe(PARTITION_COLOURS[0]);
    expect(partitionColour(3)).toBe(partitionColour(3 + PARTITION_COLOURS.length));
    expect(new Set(PARTITION_COLOURS.map((_, i) => partitionColour(i))).size).toBe(
      PARTITION_COLOURS.length,
    );
  });

  it('never uses the error red', () => {
    expect(PARTITION_COLOURS).not.toContain(ERROR_COLOUR);
  });
});

describe('messageLook', () => {
  it('has one segment per batch, coloured by partition, with its record count', () => {
    const look = messageLook(
      produce('p', 1, [
        [2, 10],
        [5, 1],
      ]),
    );
    expect(look.category).toBe('data');
    expect(look.records).toBe(11);
    expect(look.error).toBeNull();
    expect(look.segments.map((s) => [s.partition, s.records, s.colour])).toEqual([
      [2, 10, partitionColour(2)],
      [5, 1, partitionColour(5)],
    ]);
  });

  it('carries the error of a failed request', () => {
    const look = messageLook(produceResponse('p', 1, 'NOT_ENOUGH_REPLICAS'));
    expect(look.error).toBe('NOT_ENOUGH_REPLICAS');
    expect(look.segments).toEqual([]);
  });

  it('reads a kind the engine summary does not know as an empty control message', () => {
    const look = messageLook(message('brokerChatter', broker(1), broker(2), { whatever: 1 }));
    expect(look).toEqual({
      category: 'control',
      segments: [],
      records: 0,
      error: null,
      notice: null,
    });
  });

  it('draws the group protocol quietly, its rejoin signals as notices, not errors', () => {
    const heartbeat = (error: string | null) =>
      messageLook(
        message('heartbeatResponse', broker(2), consumer('billing-1'), {
          client: 'billing-1',
          requestId: 'r',
          error,
        }),
      );
    expect(heartbeat(null)).toMatchObject({ category: 'control', error: null, notice: null });
    // REBALANCE_IN_PROGRESS is how the coordinator tells a member to rejoin (KIP-62 heartbeats).
    expect(heartbeat('REBALANCE_IN_PROGRESS')).toMatchObject({
      error: null,
      notice: 'REBALANCE_IN_PROGRESS',
    });
    expect(heartbeat('UNKNOWN_MEMBER_ID')).toMatchObject({
      error: 'UNKNOWN_MEMBER_ID',
      notice: null,
    });
    for (const kind of ['joinGroup', 'syncGroup', 'heartbeat', 'offsetCommit', 'leaveGroup'])
      expect(messageCategory(kind, false, 0)).toBe('control');
  });
});
