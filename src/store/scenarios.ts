/**
 * The scenarios the page can start from: the shipped scenario files (src/scenario), each
 * checked by the scenario parser. A file with problems stays in the list and shows its
 * problems instead of a canvas, so a broken file never takes the page down.
 */
import type { SetupProblem, SimulationSetup } from '../engine/setup.ts';
import { loadScenario } from '../scenario/load.ts';
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

export function scenarioEntry(shipped: ShippedScenario): ScenarioEntry {
  const parsed = parseScenario(shipped.json);
  const common = { name: shipped.id, title: shipped.title, description: shipped.description };
  if (parsed.ok) return { ...common, setup: parsed.setup, problems: [] };
  // A broken file lists every problem, its meaning's too (loadScenario checks both).
  const loaded = loadScenario(shipped.json);
  return { ...common, setup: null, problems: loaded.ok ? [] : loaded.problems };
}

/** The scenario a `?scenario=<name>` query asks for, or null when it names none. */
export function scenarioNameFromQuery(search: string): string | null {
  const name = new URLSearchParams(search).get('scenario');
  return name === null || name.trim() === '' ? null : name.trim();
}
