import { describe, expect, it } from 'vitest';
import {
  assignReplicasForNewPartitions,
  assignReplicasToBrokers,
  placeReplicasStriped,
  type StripedBroker,
  validateReplicaAssignmentArgs,
  validateStripedPlacementArgs,
} from '../../src/engine/replicaAssignment.ts';

/**
 * Kafka's test MockRandom (server-common testFixtures org.apache.kafka.server.util.MockRandom):
 * java.util.Random with a fixed LCG in next(bits), seed 17, and Random.nextInt(bound)'s own
 * algorithm on top. With it, placeReplicasStriped must give StripedReplicaPlacerTest's answers.
 */
function mockRandom(seed = 17n): (bound: number) => number {
  const MASK = (1n << 64n) - 1n;
  let state = seed;
  const next = (bits: number): number => {
    state = (state * 2862933555777941757n + 3037000493n) & MASK;
    return Number(BigInt.asIntN(32, state >> BigInt(64 - bits)));
  };
  return (bound: number): number => {
    let r = next(31);
    const m = bound - 1;
    if ((bound & m) === 0) return Number((BigInt(bound) * BigInt(r)) >> 31n);
    for (let u = r; ((u - (r = u % bound) + m) | 0) < 0; u = next(31));
    return r;
  };
}

const unfenced = (...ids: number[]): StripedBroker[] => ids.map((id) => ({ id, fenced: false }));

describe('AdminUtils.assignReplicasToBrokers (rack-unaware)', () => {
  it('AdminRackAwareTest.testReplicaAssignment: brokers 0..4, 10 partitions, RF 3, fixed start 0', () => {
    expect(assignReplicasToBrokers([0, 1, 2, 3, 4], 10, 3, 0, 0)).toEqual([
      [0, 1, 2],
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 0],
      [4, 0, 1],
      [0, 2, 3],
      [1, 3, 4],
      [2, 4, 0],
      [3, 0, 1],
      [4, 1, 2],
    ]);
  });

  it('AdminUtils javadoc example: the shift grows when the partition id wraps the broker count', () => {
    // Partitions 5..9 repeat the leaders of 0..4 but their second replica moves one broker on.
    const a = assignReplicasToBrokers([0, 1, 2, 3, 4], 10, 2, 0, 0);
    expect(a.slice(0, 5).map((r) => r[1])).toEqual([1, 2, 3, 4, 0]);
    expect(a.slice(5).map((r) => r[1])).toEqual([2, 3, 4, 0, 1]);
  });

  it('AdminUtils.assignReplicasToBrokers sorts broker ids and never repeats a broker in a partition', () => {
    const a = assignReplicasToBrokers([5, 1, 3], 7, 3, 1, 2);
    expect(a).toEqual(assignReplicasToBrokers([1, 3, 5], 7, 3, 1, 2));
    for (const r of a) expect(new Set(r).size).toBe(3);
  });

  it('AdminUtils.assignReplicasToBrokers spreads leaders and replicas evenly (AdminRackAwareTest distribution)', () => {
    const a = assignReplicasToBrokers([1, 2, 3, 4, 5, 6], 12, 3, 4, 1);
    const leaders = new Map<number, number>();
    const replicas = new Map<number, number>();
    for (const r of a) {
      leaders.set(r[0]!, (leaders.get(r[0]!) ?? 0) + 1);
      for (const b of r) replicas.set(b, (replicas.get(b) ?? 0) + 1);
    }
    expect([...leaders.values()]).toEqual([2, 2, 2, 2, 2, 2]);
    expect([...replicas.values()]).toEqual([6, 6, 6, 6, 6, 6]);
  });

  it('AdminUtils.assignReplicasToBrokers with startPartitionId continues the leaders, not the shift', () => {
    // Leaders continue at partition 6; the shift starts again from nextReplicaShift (Kafka does
    // not replay the bump at partition 5), so followers differ from a 10-partition creation.
    const all = assignReplicasToBrokers([0, 1, 2, 3, 4], 10, 3, 0, 0);
    const added = assignReplicasToBrokers([0, 1, 2, 3, 4], 4, 3, 0, 0, 6);
    expect(added.map((r) => r[0])).toEqual(all.slice(6).map((r) => r[0]));
    expect(added).toEqual([
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 0],
      [4, 0, 1],
    ]);
    // Crossing a multiple of the broker count still bumps the shift.
    expect(assignReplicasToBrokers([0, 1, 2, 3, 4], 2, 2, 0, 0, 9)).toEqual([
      [4, 0],
      [0, 2],
    ]);
  });

  it('AdminRackAwareTest.testReplicaAssignment: RF 0 and RF 6 on 5 brokers are INVALID_REPLICATION_FACTOR', () => {
    expect(validateReplicaAssignmentArgs(5, 10, 0)).toEqual({
      ok: false,
      error: 'INVALID_REPLICATION_FACTOR',
      message: 'Replication factor must be larger than 0.',
    });
    expect(validateReplicaAssignmentArgs(5, 10, 6)).toMatchObject({
      ok: false,
      error: 'INVALID_REPLICATION_FACTOR',
    });
  });

  it('AdminUtils: "Replication factor: 4 larger than available brokers: 3."', () => {
    expect(validateReplicaAssignmentArgs(3, 1, 4)).toEqual({
      ok: false,
      error: 'INVALID_REPLICATION_FACTOR',
      message: 'Replication factor: 4 larger than available brokers: 3.',
    });
  });

  it('AdminRackAwareTest.testAssignReplicasToBrokersWithInvalidParameters: 0 partitions is INVALID_PARTITIONS', () => {
    expect(validateReplicaAssignmentArgs(5, 0, 0)).toEqual({
      ok: false,
      error: 'INVALID_PARTITIONS',
      message: 'Number of partitions must be larger than 0.',
    });
    expect(validateReplicaAssignmentArgs(5, 10, 5)).toEqual({ ok: true });
  });
});

describe('AdminZkClient.createNewPartitionsAssignment (adding partitions)', () => {
  it('AdminZkClient.addPartitions continues the round robin when the brokers are unchanged', () => {
    const brokers = [0, 1, 2, 3, 4];
    const created = assignReplicasToBrokers(brokers, 3, 3, 2, 2);
    const added = assignReplicasForNewPartitions(brokers, created, 8);
    expect(added).toEqual(assignReplicasToBrokers(brokers, 8, 3, 2, 2).slice(3));
  });

  it('AdminZkClient.addPartitions: start index is the first broker with id >= partition 0 leader, RF from partition 0', () => {
    // Partition 0 led by 3 on brokers [1, 2, 4, 5]: the first id >= 3 is 4, at index 2.
    const added = assignReplicasForNewPartitions(
      [5, 1, 4, 2],
      [
        [3, 1],
        [4, 2],
      ],
      4,
    );
    expect(added).toEqual(assignReplicasToBrokers([1, 2, 4, 5], 2, 2, 2, 2, 2));
    expect(added.every((r) => r.length === 2)).toBe(true);
  });
});

describe('StripedReplicaPlacer (KRaft), single rack', () => {
  it('MockRandom port reproduces Java Random.nextInt (power of two and general bounds)', () => {
    const r = mockRandom();
    const values = Array.from({ length: 20 }, (_, i) => r((i % 7) + 1));
    values.forEach((v, i) => expect(v >= 0 && v < (i % 7) + 1).toBe(true));
  });

  it('StripedReplicaPlacerTest.testSuccessfulPlacement', () => {
    const brokers = unfenced(0, 3, 2, 1);
    expect(placeReplicasStriped(brokers, 5, 3, mockRandom())).toEqual([
      [2, 3, 0],
      [3, 0, 1],
      [0, 1, 2],
      [1, 2, 3],
      [1, 0, 2],
    ]);
  });

  it('StripedReplicaPlacerTest.testAvoidFencedReplicaIfPossibleOnSingleRack', () => {
    const brokers: StripedBroker[] = [
      { id: 3, fenced: false },
      { id: 1, fenced: true },
      { id: 0, fenced: false },
      { id: 4, fenced: false },
      { id: 2, fenced: false },
    ];
    expect(placeReplicasStriped(brokers, 5, 4, mockRandom())).toEqual([
      [3, 4, 0, 2],
      [4, 0, 2, 3],
      [0, 2, 3, 4],
      [2, 3, 4, 0],
      [0, 4, 3, 2],
    ]);
  });

  it('StripedReplicaPlacerTest.testPlacementOnFencedReplicaOnSingleRack: a fenced broker only as follower', () => {
    const brokers: StripedBroker[] = [
      { id: 3, fenced: false },
      { id: 1, fenced: true },
      { id: 2, fenced: false },
    ];
    expect(placeReplicasStriped(brokers, 4, 3, mockRandom())).toEqual([
      [3, 2, 1],
      [2, 3, 1],
      [3, 2, 1],
      [2, 3, 1],
    ]);
  });

  it('StripedReplicaPlacerTest.testMultiPartitionTopicPlacementOnSingleUnfencedBroker', () => {
    const brokers: StripedBroker[] = [
      { id: 0, fenced: false },
      { id: 1, fenced: true },
    ];
    expect(placeReplicasStriped(brokers, 3, 1, mockRandom())).toEqual([[0], [0], [0]]);
  });

  it('StripedReplicaPlacerTest.testEvenDistribution: 200 partitions, RF 2, 4 brokers', () => {
    const a = placeReplicasStriped(unfenced(0, 1, 2, 3), 200, 2, mockRandom());
    const counts = new Map<string, number>();
    for (const r of a) counts.set(r.join(','), (counts.get(r.join(',')) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({
      '0,1': 14,
      '0,2': 22,
      '0,3': 14,
      '1,0': 17,
      '1,2': 17,
      '1,3': 16,
      '2,0': 13,
      '2,1': 17,
      '2,3': 20,
      '3,0': 20,
      '3,1': 19,
      '3,2': 11,
    });
  });

  it('StripedReplicaPlacer never repeats a broker within a partition', () => {
    const next = mockRandom(99n);
    for (const r of placeReplicasStriped(unfenced(1, 2, 3, 4, 5), 50, 3, next)) {
      expect(new Set(r).size).toBe(3);
    }
  });

  it('StripedReplicaPlacerTest.testNotEnoughBrokers / testAllBrokersFenced / testNonPositiveReplicationFactor', () => {
    expect(validateStripedPlacementArgs(unfenced(11, 10), 1, 3)).toEqual({
      ok: false,
      error: 'INVALID_REPLICATION_FACTOR',
      message:
        'Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be ' +
        'reached because only 2 broker(s) are registered.',
    });
    const allFenced: StripedBroker[] = [
      { id: 11, fenced: true },
      { id: 10, fenced: true },
    ];
    expect(validateStripedPlacementArgs(allFenced, 1, 1)).toMatchObject({
      message: 'Unable to replicate the partition 1 time(s): All brokers are currently fenced.',
    });
    expect(validateStripedPlacementArgs(unfenced(11, 10), 1, 0)).toMatchObject({
      message:
        'Unable to replicate the partition 0 time(s): Invalid replication factor 0: the replication factor must be positive.',
    });
  });

  it('ReplicationControlManager.createTopic: a non-positive partition count is INVALID_PARTITIONS', () => {
    expect(validateStripedPlacementArgs(unfenced(1, 2, 3), 0, 1)).toEqual({
      ok: false,
      error: 'INVALID_PARTITIONS',
      message: 'Number of partitions was set to an invalid non-positive value.',
    });
    expect(validateStripedPlacementArgs(unfenced(1, 2, 3), 3, 3)).toEqual({ ok: true });
  });
});
