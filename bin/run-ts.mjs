#!/usr/bin/env node
// Runs a TypeScript file with tsx's loader API, no build step:
//   node bin/run-ts.mjs <file.ts> [args…]   (used by `npm run bench`)
// The script sees its own arguments in process.argv.slice(2), as if run directly.
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const [file, ...args] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: node bin/run-ts.mjs <file.ts> [args…]\n');
  process.exit(2);
}
const url = pathToFileURL(resolve(file)).href;
process.argv = [process.argv[0], fileURLToPath(url), ...args];
const tsconfig = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
await tsImport(url, { parentURL: import.meta.url, tsconfig });
