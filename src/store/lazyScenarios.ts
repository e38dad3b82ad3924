/**
 * The shipped scenarios as the page knows them: every title at once (from the build,
 * scripts/shippedTitlesPlugin.ts), each file only when it is opened. Each scenario file is a
 * chunk of its own, so the page's first load carries one scenario, not thirty.
 */
import titles from 'virtual:shipped-scenario-titles';
import { SHIPPED_ORDER } from '../scenario/shippedOrder.ts';
import { scenarioEntry, type ScenarioEntry } from './scenarios.ts';

const files = import.meta.glob<unknown>('../../scenarios/*.json', { import: 'default' });

/** Every shipped scenario by its title, not loaded yet (`pending`). */
export function pendingScenarioEntries(): ScenarioEntry[] {
  return SHIPPED_ORDER.map((name) => ({
    name,
    title: titles[name] ?? name,
    description: '',
    setup: null,
    problems: [],
    pending: true,
  }));
}

function text(json: unknown, key: 'name' | 'description'): string {
  const v = typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[key] : '';
  return typeof v === 'string' ? v : '';
}

/**
 * The shipped scenario `name`, loaded and checked; null when there is no such file. A file that
 * does not parse comes back with its problems, like any scenario file.
 */
export async function loadShippedEntry(name: string): Promise<ScenarioEntry | null> {
  const load = files[`../../scenarios/${name}.json`];
  if (!load) return null;
  const json = await load();
  return scenarioEntry({
    id: name,
    title: text(json, 'name') || (titles[name] ?? name),
    description: text(json, 'description'),
    json,
  });
}
