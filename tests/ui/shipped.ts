/**
 * A shipped scenario as the page starts it (its scenario entry's setup), for the canvas and
 * store tests.
 */
import { createSimulation, type Simulation } from '../../src/engine/simulation.ts';
import { findShippedScenario } from '../../src/scenario/shipped.ts';
import { scenarioEntry } from '../../src/store/scenarios.ts';

export function startShipped(name: string): Simulation {
  const shipped = findShippedScenario(name);
  if (!shipped) throw new Error(`no shipped scenario ${name}`);
  const setup = scenarioEntry(shipped).setup;
  if (!setup) throw new Error(`scenario ${name} has problems`);
  const created = createSimulation(setup);
  if (!created.ok) throw new Error(JSON.stringify(created.problems));
  return created.simulation;
}
