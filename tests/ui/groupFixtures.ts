/** Scenarios with consumer groups for the canvas tests: the e2e fixtures, loaded headless. */
import { readFileSync } from 'node:fs';
import type { Simulation } from '../../src/engine/simulation.ts';
import { loadScenario } from '../../src/scenario/load.ts';

export type GroupFixture = 'group-crash' | 'group-cooperative' | 'group-idle' | 'group-slow';

export function fixtureText(name: GroupFixture): string {
  return readFileSync(new URL(`../e2e/fixtures/${name}.json`, import.meta.url), 'utf8');
}

/** A fixture's simulation at time 0, with optional overrides of its group's config. */
export function startFixture(
  name: GroupFixture,
  groupConfig: Record<string, unknown> = {},
): Simulation {
  const json = JSON.parse(fixtureText(name)) as {
    consumerGroups: { config: Record<string, unknown> }[];
  };
  const group = json.consumerGroups[0]!;
  group.config = { ...group.config, ...groupConfig };
  const loaded = loadScenario(json);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.simulation;
}

/** Advances one millisecond at a time until `done` holds (or throws after `withinMs`). */
export function runUntil(sim: Simulation, done: () => boolean, withinMs = 60_000): void {
  const until = sim.state.nowMs + withinMs;
  while (!done()) {
    if (sim.state.nowMs >= until) throw new Error(`not reached by ${until} ms`);
    sim.advanceBy(1);
  }
}

/** The group is Stable, and every member of it has joined and holds its assignment. */
export function settled(sim: Simulation, groupId = 'billing'): boolean {
  const g = sim.state.groups.find((x) => x.groupId === groupId);
  const members = sim.state.consumers.filter((c) => c.group?.groupId === groupId);
  return (
    g?.state === 'Stable' &&
    g.members.length === members.length &&
    members.every((c) => c.group?.memberState === 'STABLE')
  );
}
