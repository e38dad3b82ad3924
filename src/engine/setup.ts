/**
 * What a simulation starts from: the scenario file (src/scenario) after its structure was
 * checked, in the engine's terms. Topics, producers and consumers are created by applying the
 * matching commands at time 0, so a scenario and a command can never disagree on the rules.
 */
import type {
  Command,
  ConnectorSpec,
  ConsumerGroupSpec,
  ConsumerSpec,
  ProducerSpec,
  RawConfig,
  TopicSpec,
} from './commands.ts';

export interface SimulationSetup {
  seed: number;
  /** Number of brokers; their ids are 1 … brokers. */
  brokers: number;
  brokerConfig?: RawConfig;
  network?: { latencyMs?: number; jitterMs?: number };
  /** Each broker machine's OS page cache (pageCache.ts): its size, and what a disk read adds. */
  pageCache?: { sizeBytes?: number; diskReadMs?: number };
  /** Remote storage for tiered topics (tieredStorage.ts): one-way latency to it from a broker. */
  remoteStorage?: { latencyMs?: number };
  topics?: TopicSpec[];
  producers?: ProducerSpec[];
  consumers?: ConsumerSpec[];
  /** Consumer groups: their members are added at time 0 with `consumer.add`. */
  groups?: ConsumerGroupSpec[];
  /** Kafka Connect connectors, added after the groups with `connector.add` (connect.ts). */
  connectors?: ConnectorSpec[];
  timeline?: { at: number; command: Command }[];
}

/** A problem with a setup, located by its JSON path in the scenario file. */
export interface SetupProblem {
  path: string;
  reason: string;
}

export const DEFAULT_LINK_LATENCY_MS = 2;
export const DEFAULT_LINK_JITTER_MS = 1;
export const MAX_BROKERS = 100;
