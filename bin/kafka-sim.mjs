#!/usr/bin/env node
// The headless runner (src/cli/main.ts), run straight from TypeScript through tsx's loader
// API: no build step. Only the report goes to stdout; main() returns the exit status.
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const tsconfig = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
const { main } = await tsImport('../src/cli/main.ts', { parentURL: import.meta.url, tsconfig });
process.exitCode = await main(process.argv.slice(2));
