import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../src/scenario/parse.ts';
import { scenarioFromText } from '../../src/scenario/load.ts';

/** The example of DESIGN.md "Scenario file (JSON)", without its consumer groups. */
const GOOD = {
  version: 1,
  name: 'acks=all across the durability boundary',
  seed: 42,
  cluster: { brokers: 3 },
  topics: [
    {
      name: 'orders',
      partitions: 3,
      replicationFactor: 3,
      config: { 'min.insync.replicas': 2 },
    },
  ],
  producers: [
    {
      id: 'checkout',
      topic: 'orders',
      ratePerSec: 50,
      keys: ['user-1', 'user-2'],
      config: { acks: 'all', 'linger.ms': 5 },
    },
  ],
  timeline: [
    { at: 5000, command: { type: 'broker.crash', broker: 2 } },
    { at: 15000, command: { type: 'broker.crash', broker: 3 } },
  ],
};

function problemsOf(json: unknown) {
  const r = parseScenario(json);
  if (r.ok) throw new Error('expected problems');
  return r.problems;
}

function pathsOf(json: unknown): string[] {
  return problemsOf(json).map((p) => p.path);
}

describe('parseScenario: a good file', () => {
  it('parses the example of DESIGN.md and gives the engine setup', () => {
    const r = parseScenario(GOOD);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.scenario).toEqual(GOOD);
    expect(r.setup).toEqual({
      seed: 42,
      brokers: 3,
      topics: GOOD.topics,
      producers: GOOD.producers,
      timeline: GOOD.timeline,
    });
  });

  it('maps cluster config and network to the setup', () => {
    const r = parseScenario({
      ...GOOD,
      cluster: {
        brokers: 3,
        config: { 'num.partitions': 2 },
        network: { latencyMs: 5, jitterMs: 0 },
      },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.setup.brokerConfig).toEqual({ 'num.partitions': 2 });
    expect(r.setup.network).toEqual({ latencyMs: 5, jitterMs: 0 });
  });

  it('needs only version, name, seed and cluster', () => {
    const r = parseScenario({ version: 1, name: 'empty', seed: 0, cluster: { brokers: 1 } });
    expect(r.ok).toBe(true);
  });

  it('keeps the keys in the order of the format', () => {
    const r = parseScenario({
      cluster: { brokers: 1 },
      seed: 1,
      description: 'd',
      name: 'n',
      version: 1,
    });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(Object.keys(r.scenario)).toEqual(['version', 'name', 'description', 'seed', 'cluster']);
  });

  it('accepts standalone consumers with an assign list', () => {
    const r = parseScenario({
      ...GOOD,
      consumers: [
        { id: 'billing', assign: ['orders-0', 'orders-1'], processingTimeMs: 2, config: {} },
      ],
    });
    expect(r.ok).toBe(true);
  });
});

describe('parseScenario: every structural problem, with its JSON path', () => {
  it('refuses a file that is not an object', () => {
    for (const json of [null, [], 'scenario', 3]) {
      expect(problemsOf(json)).toEqual([
        { path: '', reason: expect.stringMatching(/JSON object/) },
      ]);
    }
  });

  it('reports missing required keys', () => {
    expect(pathsOf({})).toEqual(['version', 'name', 'seed', 'cluster']);
  });

  it('refuses another version and says which one it reads', () => {
    expect(problemsOf({ ...GOOD, version: 2 })).toEqual([
      { path: 'version', reason: 'unsupported version 2: this simulator reads version 1' },
    ]);
  });

  it('refuses unknown top-level keys, suggesting the nearest', () => {
    const [p] = problemsOf({ ...GOOD, topic: [] });
    expect(p).toEqual({ path: 'topic', reason: expect.stringContaining('did you mean "topics"') });
  });

  it('checks the types of name, description and seed', () => {
    expect(pathsOf({ ...GOOD, name: '', description: 5, seed: 1.5 })).toEqual([
      'name',
      'description',
      'seed',
    ]);
  });

  it('checks the cluster down to the network', () => {
    expect(pathsOf({ ...GOOD, cluster: 3 })).toEqual(['cluster']);
    expect(pathsOf({ ...GOOD, cluster: {} })).toEqual(['cluster.brokers']);
    expect(
      pathsOf({
        ...GOOD,
        cluster: { brokers: '3', config: [], network: { latencyMs: 'x', lag: 1 } },
      }),
    ).toEqual([
      'cluster.brokers',
      'cluster.config',
      'cluster.network.lag',
      'cluster.network.latencyMs',
    ]);
  });

  it('reports problems inside topics, producers and consumers by index and field', () => {
    const paths = pathsOf({
      ...GOOD,
      topics: [{ name: 'a', partitions: 'three' }, 'b', { partitions: 1 }],
      producers: [GOOD.producers[0], { id: 'p2', topic: 'orders', config: 'acks=all' }],
      consumers: [{ id: 'c', assign: 'orders-0' }, { assign: ['orders-0'] }, { id: 'd' }],
    });
    expect(paths).toEqual([
      'topics[0].partitions',
      'topics[1]',
      'topics[2].name',
      'producers[1].config',
      'consumers[0].assign',
      'consumers[1].id',
      'consumers[2].assign',
    ]);
  });

  it('reports a replica assignment problem down to the broker id', () => {
    expect(
      pathsOf({
        ...GOOD,
        topics: [
          {
            name: 't',
            replicaAssignment: [
              [1, 2],
              [2, '3'],
            ],
          },
        ],
      }),
    ).toEqual(['topics[0].replicaAssignment[1][1]']);
  });

  it('refuses a list that is not a list', () => {
    expect(pathsOf({ ...GOOD, topics: { name: 'orders' } })).toEqual(['topics']);
  });

  it('refuses duplicate names and says where the first one is', () => {
    const problems = problemsOf({
      ...GOOD,
      topics: [{ name: 'a' }, { name: 'b' }, { name: 'a' }],
      producers: [
        { id: 'p', topic: 'a' },
        { id: 'p', topic: 'b' },
      ],
      consumers: [
        { id: 'c', assign: ['a-0'] },
        { id: 'c', assign: ['b-0'] },
      ],
    });
    expect(problems).toEqual([
      { path: 'topics[2].name', reason: 'duplicate topic name "a" (also at topics[0].name)' },
      { path: 'producers[1].id', reason: 'duplicate producer id "p" (also at producers[0].id)' },
      { path: 'consumers[1].id', reason: 'duplicate consumer id "c" (also at consumers[0].id)' },
    ]);
  });

  it('checks timeline entries: at is a time >= 0, command is parsed', () => {
    const problems = problemsOf({
      ...GOOD,
      timeline: [
        { at: -1, command: { type: 'broker.crash', broker: 2 } },
        { at: 10, command: { type: 'broker.crash' } },
        { command: { type: 'nope' } },
        { at: 5, command: { type: 'broker.crash', broker: 1 }, note: 'x' },
        'later',
      ],
    });
    expect(problems.map((p) => p.path)).toEqual([
      'timeline[0].at',
      'timeline[1].command.broker',
      'timeline[2].at',
      'timeline[2].command.type',
      'timeline[3].note',
      'timeline[4]',
    ]);
  });

  it('reports every problem of a file at once', () => {
    expect(
      pathsOf({
        version: 1,
        name: 'n',
        seed: 'x',
        cluster: { brokers: 3 },
        topics: [{}],
        extra: 1,
      }),
    ).toEqual(['extra', 'seed', 'topics[0].name']);
  });
});

describe('parseScenario: consumer groups', () => {
  const group = {
    id: 'billing',
    topics: ['orders'],
    members: 2,
    config: { 'partition.assignment.strategy': 'cooperative-sticky' },
  };

  it('accepts well-formed groups and hands them to the engine as they are', () => {
    const groups = [
      group,
      { ...group, id: 'audit', members: ['alice', 'bob'], staticMembership: true },
    ];
    const r = parseScenario({ ...GOOD, consumerGroups: groups });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.scenario.consumerGroups).toEqual(groups);
    expect(r.setup.groups).toEqual(groups);
  });

  it('checks the structure of each group', () => {
    const paths = pathsOf({
      ...GOOD,
      consumerGroups: [
        { id: 'a', topics: 'orders', members: -1 },
        { id: 'a', topics: ['orders'], members: ['x', 'x', 3], assignor: 'range' },
        { topics: ['orders'], staticMembership: 'yes' },
      ],
    });
    expect(paths).toEqual([
      'consumerGroups[0].topics',
      'consumerGroups[0].members',
      'consumerGroups[1].assignor',
      'consumerGroups[1].members[2]',
      'consumerGroups[1].members[1]',
      'consumerGroups[2].id',
      'consumerGroups[2].staticMembership',
      'consumerGroups[2].members',
      'consumerGroups[1].id',
    ]);
  });

  it('accepts an empty list of groups, and a group whose members join later', () => {
    expect(parseScenario({ ...GOOD, consumerGroups: [] }).ok).toBe(true);
    expect(parseScenario({ ...GOOD, consumerGroups: [{ ...group, members: 0 }] }).ok).toBe(true);
  });
});

describe('scenarioFromText', () => {
  it('parses JSON text', () => {
    expect(scenarioFromText(JSON.stringify(GOOD)).ok).toBe(true);
  });

  it('accepts a byte order mark', () => {
    expect(scenarioFromText(`\uFEFF${JSON.stringify(GOOD)}`).ok).toBe(true);
  });

  it("gives one clear problem for invalid JSON, with the parser's message", () => {
    const r = scenarioFromText('{\n  "version": 1,\n  "name": "x",\n}');
    if (r.ok) throw new Error('expected a problem');
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]?.path).toBe('');
    expect(r.problems[0]?.reason).toMatch(/^not valid JSON: /);
    expect(r.problems[0]?.reason).toMatch(/line 4/);
  });
});
