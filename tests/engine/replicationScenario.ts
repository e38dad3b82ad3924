/**
 * One run of the replication property tests (replicationProperties.test.ts): the cluster, the
 * topic `orders` (replication factor 3), the producers and the steps. A failing run, printed by
 * fast-check, can be saved as a fixture and replayed with `simulationOf` (see
 * divergenceBelowLogStart.test.ts).
 */
import { createSimulation, type Simulation } from '../../src/engine/simulation.ts';

/**
 * A step: advance the clock, apply a command, or (settling only) kill every broker still in a
 * controlled shutdown, as an operator kills a stop that hangs (it may wait minutes for a
 * controller when shutdowns took the quorum's majority away).
 */
export type Op =
  { advanceMs: number } | { command: Record<string, unknown> } | { killStuckStops: true };

export interface Scenario {
  seed: number;
  brokers: number;
  partitions: number;
  brokerConfig: Record<string, unknown>;
  topicConfig: Record<string, unknown>;
  /** The machines' page cache: small ones evict while the logs grow (pageCache.ts). */
  pageCacheBytes: number;
  producers: {
    id: string;
    ratePerSec: number;
    keySpace: number;
    config: Record<string, unknown>;
  }[];
  ops: Op[];
}

/** The simulation a scenario starts with, before its steps. */
export function simulationOf(sc: Scenario): Simulation {
  const created = createSimulation({
    seed: sc.seed,
    brokers: sc.brokers,
    brokerConfig: sc.brokerConfig,
    pageCache: { sizeBytes: sc.pageCacheBytes },
    topics: [
      { name: 'orders', partitions: sc.partitions, replicationFactor: 3, config: sc.topicConfig },
    ],
    producers: sc.producers.map((p) => ({
      id: p.id,
      topic: 'orders',
      ratePerSec: p.ratePerSec,
      keySpace: p.keySpace,
      config: p.config,
    })),
  });
  if (!created.ok) throw new Error(`bad setup: ${JSON.stringify(created.problems)}`);
  return created.simulation;
}
