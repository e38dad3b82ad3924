/**
 * Exporting a run as a scenario: the scenario it started from, with the commands issued since
 * added to its timeline, so loading the export replays the run.
 */
import type { CommandLogEntry } from '../engine/model.ts';
import type { Scenario, ScenarioTimelineEntry } from './types.ts';

/**
 * The scenario with its timeline plus the commands a person issued since (the `user` entries
 * of state.commandLog), sorted by time; entries at the same time keep their order, the
 * original timeline first.
 */
export function exportScenario(
  scenario: Scenario,
  commandLog: readonly CommandLogEntry[],
): Scenario {
  const original = scenario.timeline ?? [];
  const issued: ScenarioTimelineEntry[] = commandLog
    .filter((e) => e.source === 'user')
    .map((e) => ({ at: e.atMs, command: e.command }));
  // Array.prototype.sort is stable (ES2019), so equal times keep their order.
  const timeline = [...original, ...issued]
    .map((e) => ({ at: e.at, command: structuredCopy(e.command) }))
    .sort((a, b) => a.at - b.at);
  const out = structuredCopy(scenario);
  delete out.timeline;
  if (timeline.length > 0) out.timeline = timeline;
  return out;
}

function structuredCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
