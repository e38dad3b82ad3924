#!/usr/bin/env node
// Runs a TypeScript file with tsx's loader API, no build step:
//   node bin/run-ts.mjs <file.ts> [args…]   (used by `npm run bench`)
// The script sees its own arguments in process.argv.slice(2), as if run directly. tsx is
// registered for the whole process (not a namespace), so import.meta.url stays a plain URL.
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { register } from 'tsx/esm/api';

const [file, ...args] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: node bin/run-ts.mjs <file.ts> [args…]\n');
  process.exit(2);
}
const path = resolve(file);
process.argv = [process.argv[0], path, ...args];
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import(pathToFileURL(path).href);
