/**
 * Exporting a run as a scenario: the scenario it started from, with the commands issued since
 * added to its timeline, so loading the export replays the run.
 */
import { parseCommand } from '../engine/commandParse.ts';
import type { Command } from '../engine/commands.ts';
import type { TimelineEntry } from '../engine/model.ts';
import type { Scenario, ScenarioTimelineEntry } from './types.ts';

/**
 * The scenario with its timeline plus `commandLog` (state.commandLog), sorted by time; entries
 * at the same time keep their order, the original timeline first.
 *
 * The command log also holds the timeline's own commands once they ran, so a log entry equal
 * to a not yet matched timeline entry (same time, same command) is that entry, not a new one.
 */
export function exportScenario(
  scenario: Scenario,
  commandLog: readonly TimelineEntry[],
): Scenario {
  const original = scenario.timeline ?? [];
  const unmatched = new Map<string, number>();
  for (const e of original) {
    const key = entryKey(e.at, e.command);
    unmatched.set(key, (unmatched.get(key) ?? 0) + 1);
  }
  const issued: ScenarioTimelineEntry[] = [];
  for (const e of commandLog) {
    const key = entryKey(e.atMs, e.command);
    const left = unmatched.get(key) ?? 0;
    if (left > 0) unmatched.set(key, left - 1);
    else issued.push({ at: e.atMs, command: e.command });
  }
  // Array.prototype.sort is stable (ES2019), so equal times keep their order.
  const timeline = [...original, ...issued]
    .map((e) => ({ at: e.at, command: structuredCopy(e.command) }))
    .sort((a, b) => a.at - b.at);
  const out = structuredCopy(scenario);
  delete out.timeline;
  if (timeline.length > 0) out.timeline = timeline;
  return out;
}

/** Same time and same command: compared in the parser's canonical field order. */
function entryKey(at: number, command: Command): string {
  const parsed = parseCommand(command);
  return `${at}|${JSON.stringify(parsed.ok ? parsed.command : command)}`;
}

function structuredCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
