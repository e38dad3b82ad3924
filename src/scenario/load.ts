/**
 * Loading a scenario: JSON text → structure (parse.ts) → semantics (the engine's
 * `createSimulation`, which checks config values, replication factors, topic references …).
 * Either every problem comes back with its JSON path, or a simulation at time 0 does.
 */
import type { SetupProblem, SimulationSetup } from '../engine/setup.ts';
import { createSimulation, type Simulation } from '../engine/simulation.ts';
import { parseScenario, type ParseScenarioResult } from './parse.ts';
import type { Scenario } from './types.ts';

export type LoadScenarioResult =
  | { ok: true; scenario: Scenario; setup: SimulationSetup; simulation: Simulation }
  | { ok: false; problems: SetupProblem[] };

/** Full validation: the structure here, then the meaning in the engine. */
export function loadScenario(json: unknown): LoadScenarioResult {
  const parsed = parseScenario(json);
  if (!parsed.ok) {
    // The meaning of what is readable is checked too, so every independent problem is
    // reported at once; one the structure already reported (at its path or a parent's, like
    // a missing seed or cluster the engine sees as NaN) is not reported twice.
    const { setup, topicInError } = parsed;
    const more = setup ? createSimulation(setup, topicInError ? { topicInError } : {}) : null;
    const semantic = more && !more.ok ? more.problems : [];
    const reported = (q: SetupProblem) => parsed.problems.some((p) => within(q.path, p.path));
    return { ok: false, problems: [...parsed.problems, ...semantic.filter((q) => !reported(q))] };
  }
  const created = createSimulation(parsed.setup);
  if (!created.ok) return { ok: false, problems: created.problems };
  return {
    ok: true,
    scenario: parsed.scenario,
    setup: parsed.setup,
    simulation: created.simulation,
  };
}

/** Whether `path` is `parent` or lies inside it (`topics[0].config.acks` in `topics[0]`). */
function within(path: string, parent: string): boolean {
  return (
    path === parent ||
    parent === '' ||
    path.startsWith(`${parent}.`) ||
    path.startsWith(`${parent}[`)
  );
}

/** Structure only, from JSON text (invalid JSON is one problem at the root). */
export function scenarioFromText(text: string): ParseScenarioResult {
  const json = readJson(text);
  return json.ok ? parseScenario(json.value) : json;
}

/** `loadScenario` from JSON text. */
export function loadScenarioText(text: string): LoadScenarioResult {
  const json = readJson(text);
  return json.ok ? loadScenario(json.value) : json;
}

export function readJson(
  text: string,
): { ok: true; value: unknown } | { ok: false; problems: SetupProblem[] } {
  // A byte order mark is legal at the start of a UTF-8 file but not in JSON.parse.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      problems: [{ path: '', reason: `not valid JSON: ${withLine(message, body)}` }],
    };
  }
}

/** Adds "line L, column C" to a parser message that only gives a character position. */
function withLine(message: string, text: string): string {
  const m = /at position (\d+)/.exec(message);
  if (!m || /line/i.test(message)) return message;
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}

/** "topics[0].partitions: reason", or "scenario: reason" for the whole file. */
export function formatProblem(p: SetupProblem): string {
  return `${p.path === '' ? 'scenario' : p.path}: ${p.reason}`;
}
