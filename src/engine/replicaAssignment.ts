/**
 * Where a new partition's replicas go. Two Kafka algorithms live here, both rack-unaware
 * (the simulator has no racks):
 *
 * 1. `assignReplicasToBrokers`: AdminUtils.assignReplicasToBrokersRackUnaware
 *    (org.apache.kafka.admin.AdminUtils in server-common; kafka.admin.AdminUtils before). The
 *    ZooKeeper-mode controller used it for topic creation and AdminZkClient.addPartitions;
 *    `kafka-reassign-partitions --generate` still does. The first replica of each partition goes
 *    round robin from `startIndex`; the others follow at a shift that grows once per round.
 * 2. `placeReplicasStriped`: StripedReplicaPlacer (org.apache.kafka.metadata.placement), what
 *    the KRaft controller uses: ReplicationControlManager.createTopic and createPartitions both
 *    call `clusterControl.replicaPlacer().place(...)`, and QuorumController's default placer is
 *    `new StripedReplicaPlacer(new Random())`. Kafka 4 runs only in KRaft mode, so this is what
 *    a Kafka 4 cluster really does.
 *
 * Both take their randomness from the caller (start index and shift, or a `nextInt` function),
 * so the simulation stays deterministic under its seed.
 */

/** Kafka error names these checks can give (Errors.INVALID_PARTITIONS, …). */
export type PlacementErrorName = 'INVALID_PARTITIONS' | 'INVALID_REPLICATION_FACTOR';

export type PlacementCheck =
  { ok: true } | { ok: false; error: PlacementErrorName; message: string };

// ---------------------------------------------------------------------------------------------
// AdminUtils (rack-unaware)
// ---------------------------------------------------------------------------------------------

/**
 * The argument checks at the top of AdminUtils.assignReplicasToBrokers, with its messages.
 * `assignReplicasToBrokers` itself assumes they passed.
 */
export function validateReplicaAssignmentArgs(
  brokerCount: number,
  numPartitions: number,
  replicationFactor: number,
): PlacementCheck {
  if (numPartitions <= 0) {
    return {
      ok: false,
      error: 'INVALID_PARTITIONS',
      message: 'Number of partitions must be larger than 0.',
    };
  }
  if (replicationFactor <= 0) {
    return {
      ok: false,
      error: 'INVALID_REPLICATION_FACTOR',
      message: 'Replication factor must be larger than 0.',
    };
  }
  if (replicationFactor > brokerCount) {
    return {
      ok: false,
      error: 'INVALID_REPLICATION_FACTOR',
      message: `Replication factor: ${replicationFactor} larger than available brokers: ${brokerCount}.`,
    };
  }
  return { ok: true };
}

/** AdminUtils.replicaIndex: where replica `replicaIndex + 1` of a partition goes. */
function replicaIndex(
  first: number,
  shift: number,
  replicaIndex: number,
  nBrokers: number,
): number {
  const step = 1 + ((shift + replicaIndex) % (nBrokers - 1));
  return (first + step) % nBrokers;
}

/**
 * AdminUtils.assignReplicasToBrokersRackUnaware. Returns one replica list per partition,
 * partitions `startPartitionId` … `startPartitionId + numPartitions - 1` in order; the first
 * replica is the preferred leader.
 *
 * Kafka passes one `fixedStartIndex` as both `startIndex` and `nextReplicaShift`, or draws
 * each at random in [0, brokers) when none is fixed; both are taken here so the caller can
 * draw them from the seeded PRNG. Brokers are sorted by id first, as AdminZkClient's broker
 * list is. The shift grows by one each time `currentPartitionId` wraps past the broker count,
 * so later rounds do not repeat the same follower sets.
 */
export function assignReplicasToBrokers(
  brokerIds: readonly number[],
  numPartitions: number,
  replicationFactor: number,
  startIndex: number,
  nextReplicaShift: number,
  startPartitionId = 0,
): number[][] {
  const brokers = [...brokerIds].sort((a, b) => a - b);
  const n = brokers.length;
  const result: number[][] = [];
  let currentPartitionId = Math.max(0, startPartitionId);
  let shift = nextReplicaShift;
  for (let i = 0; i < numPartitions; i++) {
    if (currentPartitionId > 0 && currentPartitionId % n === 0) shift += 1;
    const first = (currentPartitionId + startIndex) % n;
    const replicas = [brokers[first]!];
    for (let j = 0; j < replicationFactor - 1; j++) {
      replicas.push(brokers[replicaIndex(first, shift, j, n)]!);
    }
    result.push(replicas);
    currentPartitionId += 1;
  }
  return result;
}

/**
 * Replicas for partitions added to an existing topic, as AdminZkClient.createNewPartitionsAssignment
 * (ZooKeeper mode) computes them: the replication factor is partition 0's, the fixed start index
 * is the position (in the sorted broker list) of the first broker whose id is >= partition 0's
 * first replica (0 if none), and numbering continues at the existing partition count. That makes
 * the new partitions continue the round robin of the old ones when the broker set is unchanged.
 * Returns the lists for the new partitions only. Assumes `newTotal > existing.length >= 1`.
 */
export function assignReplicasForNewPartitions(
  brokerIds: readonly number[],
  existingAssignment: readonly (readonly number[])[],
  newTotal: number,
): number[][] {
  const partition0 = existingAssignment[0] ?? [];
  const sorted = [...brokerIds].sort((a, b) => a - b);
  const leader0 = partition0[0] ?? 0;
  const startIndex = Math.max(
    0,
    sorted.findIndex((id) => id >= leader0),
  );
  return assignReplicasToBrokers(
    sorted,
    newTotal - existingAssignment.length,
    partition0.length,
    startIndex,
    startIndex,
    existingAssignment.length,
  );
}

// ---------------------------------------------------------------------------------------------
// StripedReplicaPlacer (KRaft), single rack
// ---------------------------------------------------------------------------------------------

/**
 * A broker as ClusterControlManager.usableBrokers() reports it (UsableBroker): every registered
 * broker that is not in controlled shutdown, fenced ones included but flagged.
 */
export interface StripedBroker {
  id: number;
  /** A fenced broker (no heartbeat within broker.session.timeout.ms) may hold followers only. */
  fenced: boolean;
}

/** Java's Random.nextInt(bound): uniform in [0, bound). */
export type NextInt = (bound: number) => number;

/**
 * The checks StripedReplicaPlacer.place makes, worded as ReplicationControlManager returns
 * them to the client ("Unable to replicate the partition N time(s): …"), plus its own
 * partition-count check.
 */
export function validateStripedPlacementArgs(
  brokers: readonly StripedBroker[],
  numPartitions: number,
  replicationFactor: number,
): PlacementCheck {
  if (numPartitions <= 0) {
    return {
      ok: false,
      error: 'INVALID_PARTITIONS',
      message: 'Number of partitions was set to an invalid non-positive value.',
    };
  }
  const fail = (reason: string): PlacementCheck => ({
    ok: false,
    error: 'INVALID_REPLICATION_FACTOR',
    message: `Unable to replicate the partition ${replicationFactor} time(s): ${reason}`,
  });
  if (replicationFactor <= 0) {
    return fail(
      `Invalid replication factor ${replicationFactor}: the replication factor must be positive.`,
    );
  }
  if (!brokers.some((b) => !b.fenced)) return fail('All brokers are currently fenced.');
  if (replicationFactor > brokers.length) {
    return fail(
      `The target replication factor of ${replicationFactor} cannot be reached because only ` +
        `${brokers.length} broker(s) are registered.`,
    );
  }
  return { ok: true };
}

/** StripedReplicaPlacer.BrokerList: a sorted list walked from a moving offset, once per epoch. */
interface BrokerList {
  brokers: number[];
  index: number;
  offset: number;
  epoch: number;
}

function brokerList(ids: number[], nextInt: NextInt): BrokerList {
  const list: BrokerList = { brokers: ids.sort((a, b) => a - b), index: 0, offset: 0, epoch: 0 };
  if (ids.length > 0) list.offset = nextInt(ids.length); // BrokerList.initialize(Random)
  return list;
}

/** BrokerList.next: the next broker of this epoch, or -1 once all were returned. */
function nextBroker(list: BrokerList, epoch: number): number {
  const size = list.brokers.length;
  if (size === 0) return -1;
  if (list.epoch !== epoch) {
    list.epoch = epoch;
    list.index = 0;
    list.offset = (list.offset + 1) % size;
  }
  if (list.index >= size) return -1;
  return list.brokers[(list.index++ + list.offset) % size]!;
}

/** Java's Collections.shuffle(list, random) for a RandomAccess list. */
function shuffle(list: number[], nextInt: NextInt): void {
  for (let i = list.length; i > 1; i--) {
    const j = nextInt(i);
    const tmp = list[i - 1]!;
    list[i - 1] = list[j]!;
    list[j] = tmp;
  }
}

/**
 * StripedReplicaPlacer.place for a cluster without racks (every broker in one rack). Calls
 * `nextInt` exactly as Kafka calls its Random, so with a Java-compatible `nextInt` the result is
 * Kafka's own. Assumes `validateStripedPlacementArgs` passed.
 *
 * With one rack the placer reduces to: the leader is the next unfenced broker (round robin over
 * the sorted unfenced brokers from a random offset, one step further per partition); followers
 * continue through the unfenced brokers, then the fenced ones. After as many partitions as there
 * are unfenced brokers, both lists are shuffled so the next round gets different follower sets.
 */
export function placeReplicasStriped(
  brokers: readonly StripedBroker[],
  numPartitions: number,
  replicationFactor: number,
  nextInt: NextInt,
): number[][] {
  // RackList constructor: Rack.initialize does the fenced list first, then the unfenced one;
  // then the rack offset is drawn (always 0 with one rack, but Kafka still draws it).
  const fenced = brokerList(
    brokers.filter((b) => b.fenced).map((b) => b.id),
    nextInt,
  );
  const unfenced = brokerList(
    brokers.filter((b) => !b.fenced).map((b) => b.id),
    nextInt,
  );
  nextInt(1);
  const numUnfenced = unfenced.brokers.length;
  let epoch = 0;
  const result: number[][] = [];
  for (let p = 0; p < numPartitions; p++) {
    if (epoch === numUnfenced && numUnfenced > 1) {
      // RackList.shuffle: the rack list (one rack: no draw), then each rack's lists.
      shuffle(fenced.brokers, nextInt);
      shuffle(unfenced.brokers, nextInt);
      epoch = 0;
    }
    const replicas = [nextBroker(unfenced, epoch)]; // Rack.nextUnfenced: the leader
    while (replicas.length < replicationFactor) {
      const next = nextBroker(unfenced, epoch); // Rack.next: unfenced first, then fenced
      replicas.push(next >= 0 ? next : nextBroker(fenced, epoch));
    }
    result.push(replicas);
    epoch++;
  }
  return result;
}
