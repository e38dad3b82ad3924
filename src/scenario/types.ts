/**
 * The scenario file (DESIGN.md "Scenario file (JSON)"), format version 1: everything needed to
 * reproduce a run. Its names are public: lessons, shared links and people's scripts depend on
 * them, so change them only with a version bump and a migration.
 */
import type {
  Command,
  ConnectorSpec,
  ConsumerGroupSpec,
  ConsumerSpec,
  ProducerSpec,
  RawConfig,
  TopicSpec,
} from '../engine/commands.ts';

export type { ConnectorSpec, ConsumerGroupSpec };

export const SCENARIO_VERSION = 1;

export interface ScenarioCluster {
  /** Number of brokers; their ids are 1 … brokers. */
  brokers: number;
  /** Broker configs with Kafka's spelling (`log.retention.check.interval.ms`, …). */
  config?: RawConfig;
  network?: { latencyMs?: number; jitterMs?: number };
  /** Each broker machine's OS page cache: its size in bytes, and the time a disk read adds. */
  pageCache?: { sizeBytes?: number; diskReadMs?: number };
  /** Remote storage for tiered topics (not a Kafka config): one-way latency to it from a broker. */
  remoteStorage?: { latencyMs?: number };
}

export interface ScenarioTimelineEntry {
  /** Simulated time in milliseconds. */
  at: number;
  command: Command;
}

export interface Scenario {
  version: typeof SCENARIO_VERSION;
  name: string;
  description?: string;
  seed: number;
  cluster: ScenarioCluster;
  topics?: TopicSpec[];
  producers?: ProducerSpec[];
  consumers?: ConsumerSpec[];
  consumerGroups?: ConsumerGroupSpec[];
  /** Kafka Connect source and sink connectors, started after the groups. */
  connectors?: ConnectorSpec[];
  timeline?: ScenarioTimelineEntry[];
}
