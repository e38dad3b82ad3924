#!/usr/bin/env node
// Runs a TypeScript file bundled into one ES module by esbuild, as the page runs the engine
// (one bundle), rather than module by module through a loader:
//   node bin/run-bundled.mjs <file.ts> [args…]   (used by `npm run bench`)
// The script sees its own arguments in process.argv.slice(2), as if run directly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const [file, ...args] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: node bin/run-bundled.mjs <file.ts> [args…]\n');
  process.exit(2);
}
const entry = resolve(file);
const dir = mkdtempSync(join(tmpdir(), 'kafka-sim-'));
const outfile = join(dir, 'bundle.mjs');
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile,
  logLevel: 'warning',
  // import.meta.url in the bundle points at the source file, so relative files still resolve.
  define: { 'import.meta.url': JSON.stringify(pathToFileURL(entry).href) },
});
process.argv = [process.argv[0], entry, ...args];
try {
  await import(pathToFileURL(outfile).href);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
