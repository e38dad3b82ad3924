/**
 * A Vite plugin: the module `virtual:shipped-scenario-titles` is the title (`name`) of every
 * scenario file in scenarios/, by file name, read when the page is built. The page lists the
 * shipped scenarios by title but loads a scenario's file only when it is opened (each file is a
 * chunk of its own), so the initial JavaScript carries the titles, not the files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';

export const SHIPPED_TITLES_MODULE = 'virtual:shipped-scenario-titles';
const RESOLVED = `\0${SHIPPED_TITLES_MODULE}`;

/** The `name` of a scenario file, or null when it is not readable JSON with a name. */
function titleOf(path: string): string | null {
  try {
    const json: unknown = JSON.parse(readFileSync(path, 'utf8'));
    const name =
      typeof json === 'object' && json !== null ? (json as { name?: unknown }).name : null;
    return typeof name === 'string' ? name : null;
  } catch {
    // A broken file keeps its file name as its title; the page shows its problems when opened.
    return null;
  }
}

export function shippedTitles(root: string): Plugin {
  const dir = resolve(root, 'scenarios');
  return {
    name: 'shipped-scenario-titles',
    resolveId: (id) => (id === SHIPPED_TITLES_MODULE ? RESOLVED : null),
    load(id) {
      if (id !== RESOLVED) return null;
      const titles: Record<string, string> = {};
      for (const file of readdirSync(dir).sort()) {
        if (!file.endsWith('.json')) continue;
        const path = join(dir, file);
        this.addWatchFile(path);
        const name = file.slice(0, -'.json'.length);
        titles[name] = titleOf(path) ?? name;
      }
      return `export default ${JSON.stringify(titles)};`;
    },
  };
}
