import { describe, expect, it } from 'vitest';
import { DEFAULT_UNTIL_MS, parseArgs, parseDuration } from '../../src/cli/args.ts';

describe('parseDuration', () => {
  it('reads milliseconds and times with a unit', () => {
    expect(parseDuration('60000')).toBe(60_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('60s')).toBe(60_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('10m')).toBe(600_000);
    expect(parseDuration('1h')).toBe(3_600_000);
  });

  it('refuses what is not a whole number of milliseconds', () => {
    for (const text of ['', 'soon', '-5', '10x', '0.5', '1e3'])
      expect(parseDuration(text)).toBeNull();
  });
});

describe('parseArgs', () => {
  it('reads run with a file, --until and --pretty', () => {
    expect(parseArgs(['run', 'a.json', '--until', '10m', '--pretty'])).toEqual({
      command: 'run',
      file: 'a.json',
      untilMs: 600_000,
      pretty: true,
    });
    expect(parseArgs(['run', '--until=5000', 'a.json'])).toEqual({
      command: 'run',
      file: 'a.json',
      untilMs: 5000,
      pretty: false,
    });
  });

  it(`runs to ${DEFAULT_UNTIL_MS} ms when --until is not given`, () => {
    expect(parseArgs(['run', 'a.json'])).toMatchObject({ untilMs: DEFAULT_UNTIL_MS });
  });

  it('asks for help with --help, -h or help', () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['run', 'a.json', '--help']]) {
      expect(parseArgs(argv)).toEqual({ command: 'help' });
    }
  });

  it('calls everything else bad usage, with a reason', () => {
    const cases: [string[], RegExp][] = [
      [[], /no command/],
      [['walk', 'a.json'], /unknown command "walk"/],
      [['run'], /needs a scenario file/],
      [['run', 'a.json', '--until'], /needs a time/],
      [['run', 'a.json', '--until', 'soon'], /not a time/],
      [['run', 'a.json', '--fast'], /unknown option "--fast"/],
      [['run', 'a.json', 'b.json'], /one scenario file at a time/],
    ];
    for (const [argv, message] of cases) {
      const args = parseArgs(argv);
      expect(args.command, argv.join(' ')).toBe('usageError');
      if (args.command === 'usageError') expect(args.message).toMatch(message);
    }
  });
});
