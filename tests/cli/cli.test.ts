/**
 * The headless runner as people use it: a real process (node bin/kafka-sim.mjs), its stdout,
 * stderr and exit status.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/kafka-sim.mjs', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kafka-sim-')), name);
  writeFileSync(path, content);
  return path;
}

describe('kafka-sim run', { timeout: 60_000 }, () => {
  it('prints exactly one JSON report on stdout with the fields of the design', () => {
    const r = cli('run', 'scenarios/hello.json', '--until', '5000');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      timeMs: 5000,
      groups: [],
      acknowledgedLost: 0,
      invariantViolations: [],
    });
    expect(report.brokers.map((b: { id: number }) => b.id)).toEqual([1, 2, 3]);
    expect(report.partitions).toHaveLength(3);
    expect(report.partitions[0]).toEqual({
      topic: 'orders',
      partition: 0,
      leader: expect.any(Number),
      leaderEpoch: 0,
      replicas: expect.any(Array),
      isr: expect.any(Array),
      elr: [],
      logStartOffset: 0,
      logEndOffset: expect.any(Number),
      highWatermark: expect.any(Number),
      replicaLogEndOffsets: expect.any(Array),
    });
    expect(report.controller).toMatchObject({ active: 1, voters: [1, 2, 3], outage: null });
    expect(report.producers[0]).toMatchObject({ id: 'checkout', sent: 100, failed: 0, errors: {} });
    expect(report.consumers[0]).toMatchObject({
      id: 'billing',
      assignment: ['orders-0', 'orders-1', 'orders-2'],
    });
  });

  it('is byte-identical for the same scenario', () => {
    const first = cli('run', 'scenarios/keys-and-partitions.json', '--until', '10s');
    const second = cli('run', 'scenarios/keys-and-partitions.json', '--until', '10s');
    expect(first.status).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });

  it('indents the report with --pretty', () => {
    const r = cli('run', 'scenarios/hello.json', '--until', '1s', '--pretty');
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('{\n  "timeMs": 1000,')).toBe(true);
  });

  it('refuses an invalid scenario: every problem on stderr, exit 1, nothing on stdout', () => {
    const file = tempFile(
      'bad.json',
      JSON.stringify({
        version: 1,
        name: 'bad',
        seed: 1,
        cluster: { brokers: 3 },
        topics: [{ name: 'a', partitions: 'x' }],
        extra: 1,
      }),
    );
    const r = cli('run', file, '--until', '1000');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('2 problems');
    expect(r.stderr).toContain('extra: unknown key "extra"');
    expect(r.stderr).toContain('topics[0].partitions: expected a whole number');
  });

  it('reports five independent problems at once, each with its path', () => {
    const file = tempFile(
      'five.json',
      JSON.stringify({
        version: 1,
        name: 'five',
        cluster: { brokers: 0 },
        topics: [{ name: 'a', partitions: 'x' }],
        producers: [{ id: 'p', topic: 'b', config: { acks: 'two' } }],
      }),
    );
    const r = cli('run', file);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('5 problems');
    for (const line of [
      '  seed: missing',
      '  topics[0].partitions: expected a whole number',
      '  cluster.brokers: brokers must be a whole number from 1 to 100, got 0',
      "  producers[0].topic: Topic 'b'",
      '  producers[0].config.acks: expected 0, 1, all or -1',
    ])
      expect(r.stderr).toContain(line);
  });

  it('refuses a scenario the engine finds wrong (replication factor above the brokers)', () => {
    const file = tempFile(
      'rf.json',
      JSON.stringify({
        version: 1,
        name: 'rf',
        seed: 1,
        cluster: { brokers: 1 },
        topics: [{ name: 'a', replicationFactor: 3 }],
      }),
    );
    const r = cli('run', file);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      'topics[0].replicationFactor: Replication factor: 3 larger than available brokers: 1.',
    );
  });

  it('runs a timeline command that names nothing, and says on stderr that it was rejected', () => {
    const path = tempFile(
      'typo.json',
      JSON.stringify({
        version: 1,
        name: 'typo',
        seed: 1,
        cluster: { brokers: 3 },
        topics: [{ name: 'orders', partitions: 3, replicationFactor: 3 }],
        timeline: [
          { at: 0, command: { type: 'broker.crash', broker: 9 } },
          { at: 1000, command: { type: 'consumer.crash', consumer: 'biling-2' } },
          { at: 1500, command: { type: 'broker.crash', broker: 2 } },
        ],
      }),
    );
    const r = cli('run', path, '--until', '2000');
    expect(r.status).toBe(0);
    // Validity depends on the state when a command runs, so the run goes on: the report is
    // still the only thing on stdout, and each refusal is on stderr with its time and reason.
    expect(JSON.parse(r.stdout).timeMs).toBe(2000);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      "kafka-sim: the timeline's broker.crash at 0 ms was rejected: broker 9 does not exist (brokers: 1, 2, 3)",
      "kafka-sim: the timeline's consumer.crash at 1000 ms was rejected: consumer 'biling-2' does not exist",
    ]);
  });

  it("refuses a file that is not JSON, with the parser's message", () => {
    const r = cli('run', tempFile('broken.json', '{"version": 1,'));
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/scenario: not valid JSON: /);
  });

  it('exits 1 when the file cannot be read', () => {
    const r = cli('run', 'scenarios/does-not-exist.json');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/cannot read scenarios\/does-not-exist.json/);
  });

  it('exits 2 with the usage on stderr for bad usage', () => {
    for (const args of [
      [],
      ['run'],
      ['run', 'scenarios/hello.json', '--until', 'soon'],
      ['jump'],
    ]) {
      const r = cli(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/Usage: kafka-sim run/);
    }
  });

  it('prints the usage on stdout for --help', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: kafka-sim run <scenario.json>/);
  });
});
