/** The scenario file: its format, validation, loading, export, and the shipped scenarios. */
export type {
  ConsumerGroupSpec,
  Scenario,
  ScenarioCluster,
  ScenarioTimelineEntry,
} from './types.ts';
export { SCENARIO_VERSION } from './types.ts';
export { parseScenario, toSetup } from './parse.ts';
export type { ParseScenarioResult } from './parse.ts';
export {
  formatProblem,
  loadScenario,
  loadScenarioText,
  readJson,
  scenarioFromText,
} from './load.ts';
export type { LoadScenarioResult } from './load.ts';
export { exportScenario } from './export.ts';
export { findShippedScenario, SHIPPED_SCENARIOS } from './shipped.ts';
export type { ShippedScenario } from './shipped.ts';
