/**
 * Commands: the only way anything changes a running simulation. Plain serialisable objects
 * keyed by `type`, the same objects the UI sends and a scenario's timeline holds. Their
 * names are public (DESIGN.md): extend freely, rename only with a format version bump.
 *
 * Config objects use Kafka's own key spelling and accept JSON numbers, booleans or strings.
 */

export type RawConfig = Record<string, unknown>;

/** A topic, as in the scenario's `topics` list and the `topic.create` command. */
export interface TopicSpec {
  name: string;
  partitions?: number;
  replicationFactor?: number;
  config?: RawConfig;
  /** One list of broker ids per partition; the first is the preferred leader. */
  replicaAssignment?: number[][];
}

/** A producer, as in the scenario's `producers` list and the `producer.add` command. */
export interface ProducerSpec {
  id: string;
  topic: string;
  /** Steady load in records per second (0: only explicit `producer.send`). */
  ratePerSec?: number;
  /** Keys taken in turn from this list; omit (and omit keySpace) for records without a key. */
  keys?: string[];
  /** Keys drawn at random from `key-0` … `key-(N-1)`. */
  keySpace?: number;
  /** Size of each generated value in bytes (default 100). */
  valueBytes?: number;
  /** Send every generated record to this partition instead of asking the partitioner. */
  partition?: number;
  config?: RawConfig;
}

/** A consumer group as a scenario lists it; members are added with `consumer.add`. */
export interface ConsumerGroupSpec {
  id: string;
  topics: string[];
  /** How many members (named `<id>-1`, `<id>-2`, …), or their names. */
  members: number | string[];
  /** Each member's group.instance.id is its name (static membership, KIP-345). */
  staticMembership?: boolean;
  /** Processing time per record of every member. */
  processingTimeMs?: number;
  config?: RawConfig;
  /**
   * The group is a Kafka Streams application (its application.id is the group id): each member
   * writes one record to `to` for every record it processes (streams.ts).
   */
  streams?: StreamsSpec;
}

/** A Kafka Streams topology `builder.stream(topics).mapValues(…).to(to)`, and its StreamsConfig. */
export interface StreamsSpec {
  /** The output topic. */
  to: string;
  /** processing.guarantee, commit.interval.ms, and producer.-prefixed keys for its producer. */
  config?: RawConfig;
}

/**
 * A Kafka Connect connector (connect.ts): a source reads rows of an external system into a
 * topic; a sink delivers topics to an external system through the consumer group
 * `connect-<name>`.
 */
export interface ConnectorSpec {
  name: string;
  kind: 'source' | 'sink';
  /** The external system's name, as the UI shows it ("MySQL", "Elasticsearch"). */
  system: string;
  /** Source: the topic it writes. */
  topic?: string;
  /** Sink: the topics it reads. */
  topics?: string[];
  /** tasks.max (default 1). A source reading one table runs one task whatever tasks.max says. */
  tasks?: number;
  /** Source: rows appearing in the external table per second. */
  ratePerSec?: number;
  /** Source: the table's name (default "rows"); record keys are `<table>:<id>`. */
  table?: string;
  /** offset.flush.interval.ms, exactly.once.* and producer.override.* / consumer.override.* keys. */
  config?: RawConfig;
}

/** A standalone consumer with manually assigned partitions (`KafkaConsumer.assign`). */
export interface ConsumerSpec {
  id: string;
  /** Partitions as "topic-partition", e.g. "orders-0". */
  assign: string[];
  /** Processing time per record returned by poll. */
  processingTimeMs?: number;
  config?: RawConfig;
}

export type Command =
  | { type: 'broker.crash'; broker: number }
  | { type: 'broker.restart'; broker: number }
  /** A graceful stop: a controlled shutdown, then the process exits (its log stays on disk). */
  | { type: 'broker.shutdown'; broker: number }
  | { type: 'broker.isolate'; broker: number }
  | { type: 'broker.heal'; broker: number }
  | { type: 'broker.add'; broker?: number }
  | { type: 'broker.slow'; broker: number; extraLatencyMs: number }
  | ({ type: 'topic.create' } & TopicSpec)
  | { type: 'topic.addPartitions'; topic: string; partitions: number }
  | { type: 'topic.setConfig'; topic: string; config: RawConfig }
  /** kafka-reassign-partitions --execute for one partition: its new replicas, preferred first. */
  | { type: 'partition.reassign'; topic: string; partition: number; replicas: number[] }
  /** kafka-reassign-partitions --cancel for one partition. */
  | { type: 'partition.cancelReassignment'; topic: string; partition: number }
  | ({ type: 'producer.add' } & Omit<ProducerSpec, 'id'> & { producer: string })
  | { type: 'producer.remove'; producer: string }
  | {
      type: 'producer.send';
      producer: string;
      key?: string | null;
      value?: string | null;
      count?: number;
      partition?: number;
      topic?: string;
    }
  | { type: 'producer.setConfig'; producer: string; config: RawConfig }
  | { type: 'producer.setRate'; producer: string; ratePerSec: number }
  /** Keys of the generated records from now on: a list, a key space, or neither (no key). */
  | { type: 'producer.setKeys'; producer: string; keys?: string[]; keySpace?: number }
  | ({ type: 'consumer.add' } & Partial<Omit<ConsumerSpec, 'id'>> & {
        consumer?: string;
        /** Join this group (KafkaConsumer.subscribe); its spec gives topics and config. */
        group?: string;
        /** Topics to subscribe to, when the group's spec does not give them. */
        topics?: string[];
      })
  | { type: 'consumer.leave'; consumer: string }
  | { type: 'consumer.crash'; consumer: string }
  | { type: 'consumer.setProcessingTime'; consumer: string; processingTimeMs: number }
  | { type: 'consumer.commit'; consumer: string }
  | { type: 'group.setConfig'; group: string; config: RawConfig }
  | ({ type: 'connector.add' } & ConnectorSpec)
  /** A connector task dies without closing (its worker crashed): its task goes FAILED. */
  | { type: 'connector.crashTask'; connector: string; task: number }
  /** POST /connectors/<name>/tasks/<task>/restart: a FAILED task starts again. */
  | { type: 'connector.restartTask'; connector: string; task: number };

export type CommandType = Command['type'];

export const COMMAND_TYPES: readonly CommandType[] = [
  'broker.crash',
  'broker.restart',
  'broker.shutdown',
  'broker.isolate',
  'broker.heal',
  'broker.add',
  'broker.slow',
  'topic.create',
  'topic.addPartitions',
  'topic.setConfig',
  'partition.reassign',
  'partition.cancelReassignment',
  'producer.add',
  'producer.remove',
  'producer.send',
  'producer.setConfig',
  'producer.setRate',
  'producer.setKeys',
  'consumer.add',
  'consumer.leave',
  'consumer.crash',
  'consumer.setProcessingTime',
  'consumer.commit',
  'group.setConfig',
  'connector.add',
  'connector.crashTask',
  'connector.restartTask',
];
