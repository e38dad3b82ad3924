/**
 * One headless run: load the scenario (structure and semantics), advance simulated time to
 * `untilMs`, check the invariants, and build the report. No I/O, so it is testable directly.
 */
import { checkInvariants } from '../engine/invariants.ts';
import { buildReport, type SimReport } from '../engine/report.ts';
import type { SetupProblem } from '../engine/setup.ts';
import { loadScenarioText } from '../scenario/load.ts';

export type RunResult = { ok: true; report: SimReport } | { ok: false; problems: SetupProblem[] };

export function runScenarioText(text: string, untilMs: number): RunResult {
  const loaded = loadScenarioText(text);
  if (!loaded.ok) return loaded;
  const sim = loaded.simulation;
  sim.advanceTo(untilMs);
  return { ok: true, report: buildReport(sim.state, checkInvariants(sim.state)) };
}

/** The report as printed: one JSON document and a newline. */
export function formatReport(report: SimReport, pretty: boolean): string {
  return `${JSON.stringify(report, null, pretty ? 2 : undefined)}\n`;
}
