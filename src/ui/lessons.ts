/**
 * Questions people bring to Kafka, and the shipped scenario that answers each, with what to watch
 * (the same lessons as the README's table). The help panel lists them; a scenario opens with a
 * click. Text between backticks is a Kafka name (a config, a metric), drawn as code.
 */
export interface Lesson {
  question: string;
  /** Shipped scenario names (scenarios/<name>.json). */
  scenarios: readonly string[];
  watch: string;
}

export const LESSONS: readonly Lesson[] = [
  {
    question: 'Where does a record go? Why do keys matter? Is order kept?',
    scenarios: ['hello', 'keys-and-partitions'],
    watch:
      'a key always lands on the partition `murmur2(key) % partitions` picks (click a record in the log view); records without a key stick to one partition, then move on. Order holds within a partition only: one key’s records keep theirs (one partition, rising offsets; with idempotence, the default, even across retries), records of different partitions have none between them',
  },
  {
    question: 'Why batch? What does `linger.ms` cost?',
    scenarios: ['batching-tradeoff'],
    watch: "the producers' requests, records per request and latency in the inspector",
  },
  {
    question: 'What if a batch is over `max.message.bytes`?',
    scenarios: ['message-too-large'],
    watch:
      "refused batches (red) split and sent again, halving until they fit; batch splits and latency in the producer's inspector",
  },
  {
    question: 'Can a replica outside the ISR lead safely?',
    scenarios: ['eligible-leader-replicas'],
    watch:
      'the ELR in the partition inspector; broker 4 leads with nothing lost though it was not in the ISR',
  },
  {
    question: 'What if the brokers cannot keep up with a producer?',
    scenarios: ['producer-backpressure'],
    watch:
      "buffer.memory fills, send() blocks (the producer's 'send() blocked' mark), max.block.ms failures, the catch-up",
  },
  {
    question: 'Does reading delete a record?',
    scenarios: ['retention', 'pubsub-vs-queue'],
    watch: 'consumers move their positions; only retention deletes, a whole segment at a time',
  },
  {
    question: 'Kafka writes to disk: how is it fast?',
    scenarios: ['page-cache'],
    watch:
      "recent records are read from the page cache (memory); a group replaying old records waits for the disk on every fetch, and a second group right behind it gets those pages from memory (broker inspector, the log view's cache bar)",
  },
  {
    question: 'Where do old records go with tiered storage?',
    scenarios: ['tiered-storage'],
    watch:
      "the leader copies closed segments to remote storage; brokers keep 20 s locally; a replaying group reads remote storage (the log view's remote block, the broker inspector), a restarted broker does not copy the history back",
  },
  {
    question: 'What does a compacted topic keep?',
    scenarios: ['log-compaction'],
    watch:
      'the log cleaner keeps the newest record of each key: below the cleaner checkpoint most offsets are empty slots (the log view), a tombstone deletes a key and goes after delete.retention.ms, a record without a key is refused, and a group reading from the start gets far fewer records than offsets',
  },
  {
    question: 'Queue or publish-subscribe?',
    scenarios: ['pubsub-vs-queue', 'idle-members'],
    watch:
      'each group reads everything; inside a group a partition has one reader, extra members sit idle',
  },
  {
    question: 'Do consumers without a group share an offset?',
    scenarios: ['standalone-consumers', 'shared-group-id-manual-assignment'],
    watch:
      'each keeps its own position in the client and reads everything; with nothing committed a restart starts over from `auto.offset.reset`; only a shared `group.id` makes their commits overwrite each other',
  },
  {
    question: 'Can one group read several topics? What happens when a topic gets more partitions?',
    scenarios: ['multi-topic-subscription'],
    watch:
      "the range assignor deals each topic's partitions out separately; partitions added to a topic are noticed at the group leader's next metadata refresh (`metadata.max.age.ms`) and handed out in a rebalance",
  },
  {
    question: 'How does a stream processor chain topics? What does at-least-once mean downstream?',
    scenarios: ['streams-pipeline'],
    watch:
      "the Kafka Streams group writes one record per click to `clicks-enriched` (dashed lines: its members' producers); after `enricher-2` crashes, the records it processed since its last commit are processed again and their outputs appear twice (group inspector: reprocessed, duplicates; click a record in `clicks-enriched` to see its source)",
  },
  {
    question: 'How do data move from MySQL into Kafka and on to Elasticsearch without code?',
    scenarios: ['connect-pipeline'],
    watch:
      'the Kafka Connect source (`MySQL · orders`) and sink (`→ Elasticsearch`) connectors commit every `offset.flush.interval.ms`; after a sink task crash Elasticsearch gets records twice, after the source task crash rows land twice in `orders` (inspectors: duplicates)',
  },
  {
    question: 'Do more consumers read faster?',
    scenarios: ['consumer-parallelism'],
    watch:
      'one slow member falls behind; each member that joins takes partitions and the lag turns and falls; past one member per partition the extra ones sit idle',
  },
  {
    question: 'What happens when a consumer dies or is slow?',
    scenarios: ['group-member-crash', 'group-slow-member', 'group-scale-out-in'],
    watch:
      'the session timeout, the rebalance, and the records delivered again after the last commit',
  },
  {
    question: 'Eager or cooperative rebalancing?',
    scenarios: ['eager-vs-cooperative', 'static-membership-rolling-restart'],
    watch:
      'how long partitions sit unowned (the group’s unowned chips, the Unowned partitions chart), and the member the eager group waits for (“busy · not rejoined”)',
  },
  {
    question: 'Why three brokers and `min.insync.replicas=2`?',
    scenarios: ['durability-boundary'],
    watch:
      'writes commit with one broker down, are refused with two, and nothing acknowledged is lost',
  },
  {
    question: 'How do I lose data?',
    scenarios: ['acks1-data-loss', 'unclean-election-on', 'unclean-election-off'],
    watch:
      'the red “acknowledged records lost” notice on the canvas, the producer’s “acked lost”, and the lost records in the event log (`acknowledgedLost` in the headless report)',
  },
  {
    question: 'What does the controller do?',
    scenarios: ['broker-restart', 'network-partition', 'controller-quorum', 'coordinator-failover'],
    watch: 'fencing, leader elections with epochs, the quorum, and who coordinates a group',
  },
  {
    question: 'I added a broker: why is it empty, and how do partitions move?',
    scenarios: ['reassign-partitions'],
    watch:
      "a new broker holds nothing until a reassignment: the new replica copies the log and joins the ISR, then the old one is removed and deletes its copy (the partition's inspector reassigns)",
  },
  {
    question: 'Do retries duplicate records?',
    scenarios: ['idempotence'],
    watch: 'duplicates and reordering without idempotence, none with it',
  },
  {
    question: 'How do I restart a broker without an outage?',
    scenarios: ['graceful-shutdown'],
    watch:
      "a crash stalls `acks=all` writes until the broker's session expires; a controlled shutdown moves its leaderships first, and writes barely pause",
  },
];
