/**
 * Loading a scenario with the engine (what is checked: check.ts). The CLI, the tests and the
 * headless runner use these; the page loads check.ts itself, with its first scenario file.
 */
import { createSimulation } from '../engine/simulation.ts';
import { checkScenario, checkScenarioText, type LoadScenarioResult } from './check.ts';

export { formatProblem, readJson, scenarioFromText, type LoadScenarioResult } from './check.ts';

/** Full validation: the structure, then the meaning in the engine. */
export function loadScenario(json: unknown): LoadScenarioResult {
  return checkScenario(json, createSimulation);
}

/** `loadScenario` from JSON text. */
export function loadScenarioText(text: string): LoadScenarioResult {
  return checkScenarioText(text, createSimulation);
}
