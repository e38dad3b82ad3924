/**
 * What each config means, in plain words, for the inspector (and when the simulator accepts a
 * key but does not model it, why). Kept apart from config.ts so the page loads these texts only
 * with the inspector: the engine needs the keys, types and defaults, not the prose.
 */
import type { ConfigScope } from './config.ts';

export interface ConfigDoc {
  doc: string;
  /** Set when the simulator accepts the key but does not (yet) model its effect. */
  notSimulated?: string;
}

const DOCS: Record<ConfigScope, Record<string, ConfigDoc>> = {
  topic: {
    'cleanup.policy': {
      doc: 'delete: retention.ms / retention.bytes delete old segments. compact: the log cleaner keeps only the newest record of each key (and removes tombstones, records with a null value, after delete.retention.ms); records without a key are refused (INVALID_RECORD). compact,delete: both.',
    },
    'retention.ms': {
      doc: 'Delete a closed segment once its newest record is older than this (-1: keep forever).',
    },
    'retention.bytes': {
      doc: 'Delete oldest closed segments while the partition is larger than this (-1: no limit).',
    },
    'segment.bytes': {
      doc: 'Roll a new segment when the active one would grow past this size. Kafka requires at least 1 MiB; the simulator allows down to 14 bytes so that segments roll and retention acts within seconds.',
    },
    'segment.ms': {
      doc: 'Roll a new segment when the active one is older than this.',
    },
    'min.insync.replicas': {
      doc: 'With acks=all, the fewest in-sync replicas that must hold a write. This, not the disk, is what makes an acknowledged write durable: Kafka does not fsync each write by default (log.flush.interval.messages is unlimited) and leaves it to the page cache.',
    },
    'max.message.bytes': {
      doc: 'Largest record batch the broker accepts (MESSAGE_TOO_LARGE above).',
    },
    'unclean.leader.election.enable': {
      doc: 'Allow an out-of-sync replica to become leader when no in-sync one is left (can lose acknowledged records).',
    },
    'remote.storage.enable': {
      doc: 'Tiered storage (KIP-405): the leader copies closed segments to remote storage, brokers keep only local.retention.* on their disks, and reads of older records go to remote storage. Needs remote.log.storage.system.enable on the brokers.',
    },
    'local.retention.ms': {
      doc: "With remote storage: how long a segment stays on the brokers' disks once it is in remote storage (-2: retention.ms; -1: forever). retention.ms still bounds the whole log.",
    },
    'local.retention.bytes': {
      doc: 'With remote storage: how many bytes of copied segments each replica keeps on its disk (-2: retention.bytes; -1: no limit).',
    },
    'min.cleanable.dirty.ratio': {
      doc: 'Compacted topics: clean a log once the part written since its last cleaning (the dirty part, closed segments only) is at least this share of the log.',
    },
    'min.compaction.lag.ms': {
      doc: 'Compacted topics: a record stays uncompacted at least this long (segments with newer records are not cleaned yet).',
    },
    'max.compaction.lag.ms': {
      doc: 'Compacted topics: clean a log whose oldest dirty record is older than this, whatever its dirty ratio. The active segment is never cleaned, so it only counts once segment.ms or segment.bytes has closed it.',
    },
    'delete.retention.ms': {
      doc: 'Compacted topics: how long a tombstone stays after the cleaning that first kept it, so that consumers reading the log see the delete before it goes.',
    },
  },
  broker: {
    'log.retention.check.interval.ms': {
      doc: 'How often each broker looks for log segments to delete.',
    },
    'log.cleaner.enable': {
      doc: 'Run the log cleaner, which compacts the logs of topics with cleanup.policy=compact (including __consumer_offsets).',
    },
    'log.cleaner.backoff.ms': {
      doc: 'How long the log cleaner sleeps when it finds no log to clean. Cleaning itself takes no simulated time here.',
    },
    'remote.log.storage.system.enable': {
      doc: 'Tiered storage on the brokers (KIP-405): topics may set remote.storage.enable. The remote store is an object store outside the cluster (S3 and the like).',
    },
    'remote.log.manager.task.interval.ms': {
      doc: 'How often each leader copies its closed, committed segments to remote storage and deletes remote segments past retention.ms / retention.bytes (RemoteLogManager).',
    },
    'num.partitions': {
      doc: 'Partitions of a topic created without a partition count.',
    },
    'default.replication.factor': {
      doc: 'Replication factor of a topic created without one.',
    },
    'min.insync.replicas': {
      doc: 'Default min.insync.replicas for topics.',
    },
    'message.max.bytes': {
      doc: 'Default max.message.bytes for topics.',
    },
    'replica.lag.time.max.ms': {
      doc: 'A follower that has not caught up for this long leaves the ISR (checked every half of it).',
    },
    'replica.fetch.wait.max.ms': {
      doc: 'How long a follower fetch waits at the leader for replica.fetch.min.bytes.',
    },
    'replica.fetch.min.bytes': {
      doc: 'Bytes a follower fetch waits for.',
    },
    'replica.fetch.max.bytes': {
      doc: 'Bytes a follower fetches per partition (the first batch comes even when larger).',
    },
    'replica.fetch.response.max.bytes': {
      doc: 'Bytes a follower fetch returns in all.',
    },
    'replica.fetch.backoff.ms': {
      doc: 'How long a follower waits after a failed fetch before fetching that partition again.',
    },
    'broker.session.timeout.ms': {
      doc: 'The controller fences a broker that sent no heartbeat for this long: it leaves every ISR and loses its leaderships.',
    },
    'broker.heartbeat.interval.ms': {
      doc: 'How often each broker sends a heartbeat to the active controller.',
    },
    'controlled.shutdown.enable': {
      doc: 'A broker that is stopped (broker.shutdown) first asks the controller to move its leaderships away, and stops once the other brokers know the new leaders. Off: it stops at once and the controller notices after broker.session.timeout.ms.',
    },
    'controller.quorum.fetch.timeout.ms': {
      doc: 'How long controller voters wait without hearing from the active controller before electing another.',
    },
    'controller.quorum.election.timeout.ms': {
      doc: 'Upper bound of the random wait before a voter stands for election.',
    },
    'unclean.leader.election.enable': {
      doc: 'Default unclean.leader.election.enable for topics.',
    },
    'eligible.leader.replicas.version': {
      doc: 'Feature level of eligible leader replicas (KIP-966, kafka-features.sh). 1: the replicas in the ISR when it falls below min.insync.replicas stay eligible to lead (the high watermark stops there), and the ISR may become empty. 0 (clusters formatted with Kafka 4.0): off; clusters formatted with 4.1 or later start at 1.',
    },
    'auto.leader.rebalance.enable': {
      doc: 'Move leadership back to the preferred replica (the first in the assignment) when it is in sync.',
    },
    'leader.imbalance.check.interval.seconds': {
      doc: 'How often the controller looks for partitions not led by their preferred replica.',
    },
    'unclean.leader.election.interval.ms': {
      doc: 'How often the controller looks for leaderless partitions it may now elect uncleanly (a Kafka internal config).',
    },
    'offsets.topic.num.partitions': {
      doc: 'Partitions of __consumer_offsets, created with the first group; a group lives on partition abs(hash(group.id)) % this.',
    },
    'offsets.topic.replication.factor': {
      doc: 'Replicas of each __consumer_offsets partition (the simulator uses at most the live brokers; Kafka would wait for enough brokers).',
    },
    'offsets.topic.segment.bytes': {
      doc: 'Segment size of __consumer_offsets.',
    },
    'offsets.commit.timeout.ms': {
      doc: 'A coordinator write (an offset commit, a group assignment) fails when not replicated within this time.',
    },
    'group.initial.rebalance.delay.ms': {
      doc: 'The first rebalance of an empty group waits this long for more members, again while new ones keep arriving.',
    },
    'group.min.session.timeout.ms': {
      doc: 'The smallest session.timeout.ms a member may ask for.',
    },
    'group.max.session.timeout.ms': {
      doc: 'The largest session.timeout.ms a member may ask for.',
    },
  },
  producer: {
    acks: {
      doc: 'How many replicas must have a write before it is acknowledged: 0, 1 or all (-1).',
    },
    'batch.size': {
      doc: 'Upper size of a record batch per partition, in bytes; also the sticky partitioner switch size.',
    },
    'linger.ms': {
      doc: 'How long to wait for more records before sending a batch that is not full.',
    },
    'max.in.flight.requests.per.connection': {
      doc: 'Unanswered produce requests allowed per broker.',
    },
    'enable.idempotence': {
      doc: 'Producer ids and sequence numbers: the broker writes a retried batch once, and retries keep their order.',
      notSimulated:
        'Producer epoch bumps are not simulated: after a batch fails for good the producer takes a new producer id where Kafka bumps the epoch (KIP-360). Sequence numbers are given when a batch is created, not when it is first sent.',
    },
    retries: {
      doc: 'How often a failed batch is retried (bounded by delivery.timeout.ms).',
    },
    'delivery.timeout.ms': {
      doc: 'Upper bound on the time from send to success or failure.',
    },
    'request.timeout.ms': {
      doc: 'How long to wait for a produce response before retrying.',
    },
    'retry.backoff.ms': {
      doc: 'Wait before retrying a failed batch.',
    },
    'metadata.max.age.ms': {
      doc: 'Refresh the metadata (where each partition leader is) at least this often, even without errors.',
    },
    'retry.backoff.max.ms': {
      doc: 'Cap of the exponential retry backoff.',
    },
    'max.request.size': {
      doc: 'Largest produce request, in bytes.',
    },
    'partitioner.class': {
      doc: 'null: the built-in partitioner; RoundRobinPartitioner: spread records evenly.',
    },
    'partitioner.adaptive.partitioning.enable': {
      doc: 'Sticky partitioner favours partitions with shorter queues (KIP-794).',
    },
    'buffer.memory': {
      doc: 'Memory for records waiting to be sent; when it is full, send() blocks (max.block.ms).',
    },
    'max.block.ms': {
      doc: 'How long send() may block waiting for buffer.memory before it fails (BufferExhaustedException); while it blocks, the application (one sending thread here) sends nothing else. Kafka also counts the wait for topic metadata in it; the simulated client has its metadata from the start.',
    },
    'partitioner.ignore.keys': {
      doc: 'Use the sticky partitioner even for records with a key.',
    },
    'compression.type': {
      doc: 'Batch compression. Only none is simulated.',
    },
  },
  consumer: {
    'group.id': {
      doc: 'Consumer group; needed to commit offsets.',
    },
    'fetch.min.bytes': {
      doc: 'The broker answers a fetch once this many bytes are available…',
    },
    'fetch.max.wait.ms': {
      doc: '…or once this much time has passed.',
    },
    'fetch.max.bytes': {
      doc: 'Largest fetch response (at least one batch is always returned).',
    },
    'max.partition.fetch.bytes': {
      doc: 'Largest amount of data per partition in a fetch response.',
    },
    'max.poll.records': {
      doc: 'Most records one poll returns to the application.',
    },
    'auto.offset.reset': {
      doc: 'Where to start when there is no valid position: latest, earliest or none (fail).',
    },
    'enable.auto.commit': {
      doc: 'Commit positions every auto.commit.interval.ms from poll (only with a group.id).',
    },
    'auto.commit.interval.ms': {
      doc: 'How often poll commits positions when auto commit is on.',
    },
    'isolation.level': {
      doc: 'read_uncommitted reads up to the high watermark. Transactions are not simulated.',
    },
    'request.timeout.ms': {
      doc: 'How long to wait for a response.',
    },
    'metadata.max.age.ms': {
      doc: 'Refresh the metadata (where each partition leader is) at least this often, even without errors.',
    },
    'retry.backoff.ms': {
      doc: 'Wait before retrying a failed request or refreshing metadata.',
    },
    'retry.backoff.max.ms': {
      doc: 'Cap of the retry backoff (the simulated consumer waits retry.backoff.ms, at most this).',
    },
    'group.instance.id': {
      doc: 'Static membership (KIP-345): a member that returns within session.timeout.ms gets its partitions back without a rebalance.',
    },
    'session.timeout.ms': {
      doc: 'The group coordinator removes a member that sent no heartbeat for this long.',
    },
    'heartbeat.interval.ms': {
      doc: 'How often the heartbeat thread tells the coordinator the member is alive.',
    },
    'max.poll.interval.ms': {
      doc: 'A member that does not call poll this often leaves the group; also its rebalance timeout.',
    },
    'partition.assignment.strategy': {
      doc: 'Assignors in order of preference: range, roundrobin, sticky, cooperative-sticky (or their Kafka class names).',
    },
  },
};

/** The doc of a config key, or an empty one for a key without any. */
export function configDoc(scope: ConfigScope, key: string): ConfigDoc {
  return (Object.hasOwn(DOCS[scope], key) ? DOCS[scope][key] : undefined) ?? { doc: '' };
}
