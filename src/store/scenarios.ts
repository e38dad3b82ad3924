/**
 * The scenarios the page can start from. Until the shipped scenarios (src/scenario) land,
 * the page starts from this one setup: the smallest cluster that still shows what Kafka is
 * about (three brokers, a replicated topic, keyed records, a reader behind the writer).
 */
import type { SimulationSetup } from '../engine/setup.ts';

export interface ScenarioEntry {
  /** The name used in links: `?scenario=<name>`. */
  name: string;
  title: string;
  setup: SimulationSetup;
}

export const HELLO_SETUP: SimulationSetup = {
  seed: 42,
  brokers: 3,
  topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
  producers: [
    {
      id: 'checkout',
      topic: 'orders',
      ratePerSec: 20,
      keys: ['user-1', 'user-2', 'user-3', 'user-4', 'user-5'],
    },
  ],
  consumers: [{ id: 'billing', assign: ['orders-0', 'orders-1', 'orders-2'] }],
};

export const LOCAL_SCENARIOS: readonly ScenarioEntry[] = [
  { name: 'hello', title: 'Hello, Kafka', setup: HELLO_SETUP },
];

/** The scenario a `?scenario=<name>` query asks for, or null when it names none. */
export function scenarioNameFromQuery(search: string): string | null {
  const name = new URLSearchParams(search).get('scenario');
  return name === null || name.trim() === '' ? null : name.trim();
}
