/**
 * What the simulator simplifies, in plain words: every headless report carries these notes,
 * and the page lists them in its help. Kept apart from report.ts so the page can show them
 * without bundling the report builder.
 */

/** Said in every report until the mechanism exists; remove a line when it lands. */
export const REPORT_NOTES: readonly string[] = [
  'Consumer groups follow the classic protocol (group.protocol=classic); KIP-848 (group.protocol=consumer) is not simulated. __consumer_offsets is not compacted (compaction is not simulated) and its records are readable JSON.',
  'The KRaft quorum is simplified: an active controller exists while a majority of the voters is up and reachable; its election takes controller.quorum.fetch.timeout.ms plus a seeded random part of controller.quorum.election.timeout.ms, or 1 ms when the active controller resigned because its broker stopped cleanly.',
  'Eligible leader replicas (KIP-966 ELR) are off by default (eligible.leader.replicas.version=0, as in a cluster formatted with Kafka 4.0); clusters formatted with 4.1 or later have them on: set it to 1. LastKnownElr holds only the last leader (balanced recovery); the unclean.recovery.strategy of KIP-966 part 2 is not simulated.',
  'Compression is not simulated (compression.type=none): batch sizes are the uncompressed v2 record format. A batch a broker refuses as MESSAGE_TOO_LARGE is split (KIP-126, with the KAFKA-8350 halving); an idempotent producer sends the pieces one at a time, where Kafka may send the first one while later batches are still in flight.',
  'Each producer sends from one application thread: a send() blocked on a full buffer.memory holds up every later send of it, and max.block.ms covers only that wait (Kafka also counts the wait for topic metadata in it).',
  "Each broker machine's OS page cache is simulated (cluster.pageCache: its size, 1 GB by default, and the time a disk read adds, 10 ms by default; neither is a Kafka config). Writes land in it; per log it holds the newest records, and when it is full the oldest records (by their timestamps, where the kernel goes by last use) go first, a sixteenth of the cache at a time. A fetch answer that reads older records leaves the broker diskReadMs later; pages read from disk are not kept (a real kernel keeps them for a while), and a broker process crash keeps the cache.",
  'Kafka Streams applications (a group with a streams block) run one fixed topology, stream(input).mapValues(…).to(output), one output record per input record with the same key, under processing.guarantee=at_least_once; exactly_once_v2 needs transactions, which are not simulated. Records a poll returned are processed together at the end of their processing time. Before rejoining a rebalance a member flushes and commits (Streams commits the revoked tasks from its rebalance listener); a failed output send is counted, not fatal. StreamsPartitionAssignor is stood in by cooperative-sticky.',
  'Clients start with the cluster metadata of the moment they are added (the bootstrap round trip is not simulated).',
  "acknowledgedLost counts records a producer got a success for that the partition's current leader does not hold; retention deleting old segments is not loss.",
];
