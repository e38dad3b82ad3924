/**
 * Command-line arguments of the headless runner. Pure, so usage errors are unit-tested
 * without spawning a process.
 */

export const DEFAULT_UNTIL_MS = 60_000;

export const USAGE = `Usage: kafka-sim run <scenario.json> [--until <time>] [--pretty]
       kafka-sim --help

Runs a scenario without a browser and prints one JSON report on stdout.

  --until <time>  simulated time to run to: milliseconds (60000) or with a unit
                  (500ms, 60s, 10m, 1h); default ${DEFAULT_UNTIL_MS}
  --pretty        indent the JSON report

Exit status: 0 after a run; 1 when the scenario cannot be read or is invalid (every
problem is printed on stderr and nothing runs); 2 for bad usage.`;

export type CliArgs =
  | { command: 'help' }
  | { command: 'run'; file: string; untilMs: number; pretty: boolean }
  | { command: 'usageError'; message: string };

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "60000", "500ms", "60s", "1.5s", "10m", "1h" → milliseconds; null when not a duration. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return null;
  const ms = Number(m[1]) * (UNIT_MS[m[2] ?? 'ms'] ?? 1);
  // Simulated time is whole milliseconds.
  return Number.isSafeInteger(ms) ? ms : null;
}

export function parseArgs(argv: readonly string[]): CliArgs {
  if (argv.length === 0) return usageError('no command given');
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help')
    return { command: 'help' };
  const [command, ...rest] = argv;
  if (command !== 'run') return usageError(`unknown command "${command}"`);
  let file: string | undefined;
  let untilMs = DEFAULT_UNTIL_MS;
  let pretty = false;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--pretty') pretty = true;
    else if (arg === '--until' || arg.startsWith('--until=')) {
      const value = arg === '--until' ? rest[++i] : arg.slice('--until='.length);
      if (value === undefined) return usageError('--until needs a time, like 60000 or 60s');
      const ms = parseDuration(value);
      if (ms === null)
        return usageError(`--until: "${value}" is not a time (try 60000, 60s or 10m)`);
      untilMs = ms;
    } else if (arg.startsWith('-') && arg !== '-') return usageError(`unknown option "${arg}"`);
    else if (file === undefined) file = arg;
    else return usageError(`one scenario file at a time (got "${file}" and "${arg}")`);
  }
  if (file === undefined) return usageError('run needs a scenario file');
  return { command: 'run', file, untilMs, pretty };
}

function usageError(message: string): CliArgs {
  return { command: 'usageError', message };
}
