/**
 * One headless run: load the scenario (structure and semantics), advance simulated time to
 * `untilMs`, check the invariants, and build the report. No I/O, so it is testable directly.
 */
import { checkInvariants } from '../engine/invariants.ts';
import { buildReport, type SimReport } from '../engine/report.ts';
import type { SetupProblem } from '../engine/setup.ts';
import { loadScenarioText } from '../scenario/load.ts';

/** A timeline command the engine refused when its time came (an unknown broker, a bad value). */
export interface RejectedCommand {
  atMs: number;
  type: string;
  reason: string;
}

export type RunResult =
  | { ok: true; report: SimReport; rejected: RejectedCommand[] }
  | { ok: false; problems: SetupProblem[] };

export function runScenarioText(text: string, untilMs: number): RunResult {
  const loaded = loadScenarioText(text);
  if (!loaded.ok) return loaded;
  const sim = loaded.simulation;
  // Whether a timeline command is valid depends on the state when it runs (a broker added at
  // 5 s may be crashed at 10 s), so it is judged then, as the page does; the runner must still
  // say so, or a typo silently runs a different scenario.
  const rejected: RejectedCommand[] = [];
  for (const event of sim.advanceTo(untilMs)) {
    if (event.type !== 'command.rejected') continue;
    const command = event.command as { type?: unknown } | null;
    const type = typeof command?.type === 'string' ? command.type : 'command';
    rejected.push({ atMs: event.atMs, type, reason: event.reason });
  }
  return { ok: true, report: buildReport(sim.state, checkInvariants(sim.state)), rejected };
}

/** The report as printed: one JSON document and a newline. */
export function formatReport(report: SimReport, pretty: boolean): string {
  return `${JSON.stringify(report, null, pretty ? 2 : undefined)}\n`;
}
