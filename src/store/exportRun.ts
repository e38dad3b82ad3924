/**
 * Exporting the running simulation as a scenario file: the scenario it started from (seed,
 * cluster, topics, clients, timeline) plus every command a person issued since, at the
 * simulated time it was issued. Loading the file replays the run exactly: the engine applies a
 * timeline command at time t after all work due at t, as a live command sent at t was.
 */
import type { CommandLogEntry } from '../engine/model.ts';
import type { SimulationSetup } from '../engine/setup.ts';
import type { Simulation } from '../engine/simulation.ts';
import { exportScenario } from '../scenario/export.ts';
import { SCENARIO_VERSION, type Scenario } from '../scenario/types.ts';
import type { ScenarioEntry } from './scenarios.ts';

/** The scenario file a setup came from (the inverse of the scenario parser's `toSetup`). */
export function scenarioOfSetup(
  setup: SimulationSetup,
  name: string,
  description?: string,
): Scenario {
  const out: Scenario = {
    version: SCENARIO_VERSION,
    name,
    seed: setup.seed,
    cluster: { brokers: setup.brokers },
  };
  if (description !== undefined && description !== '') out.description = description;
  if (setup.brokerConfig) out.cluster.config = setup.brokerConfig;
  if (setup.network) out.cluster.network = setup.network;
  if (setup.pageCache) out.cluster.pageCache = setup.pageCache;
  if (setup.remoteStorage) out.cluster.remoteStorage = setup.remoteStorage;
  if (setup.topics) out.topics = setup.topics;
  if (setup.producers) out.producers = setup.producers;
  if (setup.consumers) out.consumers = setup.consumers;
  if (setup.groups) out.consumerGroups = setup.groups;
  if (setup.connectors) out.connectors = setup.connectors;
  if (setup.timeline) out.timeline = setup.timeline;
  return out;
}

/** The run so far as a scenario: its setup, with the user's commands added to the timeline. */
export function exportRun(
  setup: SimulationSetup,
  commandLog: readonly CommandLogEntry[],
  name: string,
  description?: string,
): Scenario {
  return exportScenario(scenarioOfSetup(setup, name, description), commandLog);
}

/** A file name for an export: "hello-t12.345s.json", safe on every file system. */
export function exportFileName(scenarioName: string, nowMs: number): string {
  const base = scenarioName.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'run';
  return `${base}-t${(Math.max(0, Math.floor(nowMs)) / 1000).toFixed(3)}s.json`;
}

/**
 * The store's running simulation as a scenario file and its file name; null before one runs.
 * This module loads when Export is first clicked (TopBar.tsx), not with the page.
 */
export function exportRunOf(s: {
  simulation: Simulation | null;
  scenario: ScenarioEntry;
}): { scenario: Scenario; fileName: string } | null {
  const { simulation, scenario } = s;
  if (!simulation || !scenario.setup) return null;
  return {
    scenario: exportRun(
      scenario.setup,
      simulation.state.commandLog,
      scenario.title,
      scenario.description,
    ),
    fileName: exportFileName(scenario.name, simulation.state.nowMs),
  };
}
