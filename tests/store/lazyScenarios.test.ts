/**
 * The page's scenario list: every shipped scenario by title at once, each file loaded when it
 * is opened (src/store/lazyScenarios.ts), the same as the scenarios the tests and the CLI use.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHIPPED_SCENARIOS } from '../../src/scenario/shipped.ts';
import { SHIPPED_ORDER } from '../../src/scenario/shippedOrder.ts';
import { loadShippedEntry, pendingScenarioEntries } from '../../src/store/lazyScenarios.ts';
import { scenarioEntry } from '../../src/store/scenarios.ts';

describe('the page loads shipped scenarios lazily', () => {
  it('lists every file in scenarios/, in the shipped order, with its title', () => {
    const files = readdirSync('scenarios')
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5));
    expect([...SHIPPED_ORDER].sort()).toEqual(files.sort());
    const pending = pendingScenarioEntries();
    expect(pending.map((e) => e.name)).toEqual(SHIPPED_SCENARIOS.map((s) => s.id));
    expect(pending.map((e) => e.title)).toEqual(SHIPPED_SCENARIOS.map((s) => s.title));
    expect(pending.every((e) => e.pending === true && e.setup === null)).toBe(true);
  });

  it('a loaded entry is the same as the eager one', async () => {
    for (const s of SHIPPED_SCENARIOS.slice(0, 5)) {
      const loaded = await loadShippedEntry(s.id);
      expect(loaded).toEqual(scenarioEntry(s));
    }
    expect(await loadShippedEntry('no-such-scenario')).toBeNull();
  });
});
