/**
 * The scenarios the page can start from: the shipped scenario files (src/scenario), each
 * checked by the scenario parser. A file with problems stays in the list and shows its
 * problems instead of a canvas, so a broken file never takes the page down.
 */
import type { SetupProblem, SimulationSetup } from '../engine/setup.ts';
import { checkScenario, type Create } from '../scenario/check.ts';
import { parseScenario } from '../scenario/parse.ts';
import type { ShippedScenario } from '../scenario/shipped.ts';

export interface ScenarioEntry {
  /** The name used in links: `?scenario=<name>`. */
  name: string;
  title: string;
  description: string;
  /** Null when the file has problems. */
  setup: SimulationSetup | null;
  problems: SetupProblem[];
  /** Only the title is known yet: the page loads the file when the scenario is opened. */
  pending?: boolean;
}

export function scenarioEntry(shipped: ShippedScenario, createSimulation: Create): ScenarioEntry {
  const parsed = parseScenario(shipped.json);
  const common = { name: shipped.id, title: shipped.title, description: shipped.description };
  if (parsed.ok) return { ...common, setup: parsed.setup, problems: [] };
  // A broken file lists every problem, its meaning's too (loadScenario checks both).
  const loaded = checkScenario(shipped.json, createSimulation);
  return { ...common, setup: null, problems: loaded.ok ? [] : loaded.problems };
}

export { scenarioNameFromQuery } from './scenarioQuery.ts';
