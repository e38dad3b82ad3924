/**
 * The headless runner, `kafka-sim run scenario.json --until 60000` (DESIGN.md "Headless
 * runner"). stdout carries exactly one JSON report and nothing else; everything meant for
 * people goes to stderr. Started by bin/kafka-sim.mjs, which loads this file through tsx.
 */
import { readFile } from 'node:fs/promises';
import { formatProblem } from '../scenario/load.ts';
import { parseArgs, USAGE } from './args.ts';
import { formatReport, runScenarioText } from './run.ts';

export interface CliIo {
  readFile(path: string): Promise<string>;
  stdout(text: string): void;
  stderr(text: string): void;
}

const nodeIo: CliIo = {
  readFile: (path) => readFile(path, 'utf8'),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export const EXIT_OK = 0;
export const EXIT_INVALID_SCENARIO = 1;
export const EXIT_USAGE = 2;

/** Runs the CLI; resolves to the exit status (the caller sets process.exitCode). */
export async function main(argv: readonly string[], io: CliIo = nodeIo): Promise<number> {
  const args = parseArgs(argv);
  if (args.command === 'help') {
    io.stdout(`${USAGE}\n`);
    return EXIT_OK;
  }
  if (args.command === 'usageError') {
    io.stderr(`kafka-sim: ${args.message}\n\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  let text: string;
  try {
    text = await io.readFile(args.file);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    io.stderr(`kafka-sim: cannot read ${args.file}: ${reason}\n`);
    return EXIT_INVALID_SCENARIO;
  }
  const result = runScenarioText(text, args.untilMs);
  if (!result.ok) {
    const count = result.problems.length;
    io.stderr(
      `kafka-sim: ${args.file} is not a valid scenario (${count} problem${count === 1 ? '' : 's'}); nothing was run:\n`,
    );
    for (const p of result.problems) io.stderr(`  ${formatProblem(p)}\n`);
    return EXIT_INVALID_SCENARIO;
  }
  io.stdout(formatReport(result.report, args.pretty));
  for (const r of result.rejected) {
    io.stderr(`kafka-sim: the timeline's ${r.type} at ${r.atMs} ms was rejected: ${r.reason}\n`);
  }
  const violations = result.report.invariantViolations.length;
  if (violations > 0) {
    io.stderr(
      `kafka-sim: ${violations} invariant violation(s); see the report's invariantViolations\n`,
    );
  }
  return EXIT_OK;
}
