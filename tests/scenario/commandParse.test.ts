import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/engine/commandParse.ts';
import { COMMAND_TYPES } from '../../src/engine/commands.ts';

function problems(raw: unknown, path?: string) {
  const r = parseCommand(raw, path);
  if (r.ok) throw new Error(`expected problems for ${JSON.stringify(raw)}`);
  return r.problems;
}

function paths(raw: unknown): string[] {
  return problems(raw).map((p) => p.path);
}

function accepted(raw: unknown) {
  const r = parseCommand(raw);
  if (!r.ok) throw new Error(`unexpected problems: ${JSON.stringify(r.problems)}`);
  return r.command;
}

/** One valid example of every command type: the parser accepts each as it is. */
const VALID: Record<string, Record<string, unknown>> = {
  'broker.crash': { type: 'broker.crash', broker: 2 },
  'broker.restart': { type: 'broker.restart', broker: 2 },
  'broker.shutdown': { type: 'broker.shutdown', broker: 2 },
  'broker.isolate': { type: 'broker.isolate', broker: 2 },
  'broker.heal': { type: 'broker.heal', broker: 2 },
  'broker.add': { type: 'broker.add', broker: 4 },
  'broker.slow': { type: 'broker.slow', broker: 1, extraLatencyMs: 200 },
  'topic.create': {
    type: 'topic.create',
    name: 'orders',
    partitions: 3,
    replicationFactor: 3,
    config: { 'min.insync.replicas': 2 },
  },
  'topic.addPartitions': { type: 'topic.addPartitions', topic: 'orders', partitions: 6 },
  'topic.setConfig': {
    type: 'topic.setConfig',
    topic: 'orders',
    config: { 'retention.ms': '60000' },
  },
  'partition.reassign': {
    type: 'partition.reassign',
    topic: 'orders',
    partition: 0,
    replicas: [4, 2, 3],
  },
  'partition.cancelReassignment': {
    type: 'partition.cancelReassignment',
    topic: 'orders',
    partition: 0,
  },
  'producer.add': {
    type: 'producer.add',
    producer: 'checkout',
    topic: 'orders',
    ratePerSec: 50,
    keys: ['user-1', 'user-2'],
    config: { acks: 'all', 'linger.ms': 5 },
  },
  'producer.remove': { type: 'producer.remove', producer: 'checkout' },
  'producer.send': {
    type: 'producer.send',
    producer: 'checkout',
    key: 'user-1',
    value: 'v',
    count: 1,
  },
  'producer.setConfig': { type: 'producer.setConfig', producer: 'checkout', config: { acks: 1 } },
  'producer.setRate': { type: 'producer.setRate', producer: 'checkout', ratePerSec: 12.5 },
  'producer.setKeys': { type: 'producer.setKeys', producer: 'checkout', keys: ['alice', 'bob'] },
  'consumer.add': {
    type: 'consumer.add',
    consumer: 'c',
    assign: ['orders-0'],
    processingTimeMs: 5,
  },
  'consumer.leave': { type: 'consumer.leave', consumer: 'billing-1' },
  'consumer.crash': { type: 'consumer.crash', consumer: 'billing-2' },
  'consumer.setProcessingTime': {
    type: 'consumer.setProcessingTime',
    consumer: 'c',
    processingTimeMs: 20,
  },
  'consumer.commit': { type: 'consumer.commit', consumer: 'c' },
  'group.setConfig': {
    type: 'group.setConfig',
    group: 'billing',
    config: { 'session.timeout.ms': 10000 },
  },
  'connector.add': {
    type: 'connector.add',
    name: 'db',
    kind: 'source',
    system: 'MySQL',
    topic: 'orders',
    tasks: 1,
    ratePerSec: 20,
    table: 'orders',
    config: { 'offset.flush.interval.ms': 10000 },
  },
  'connector.crashTask': { type: 'connector.crashTask', connector: 'db', task: 0 },
  'connector.restartTask': { type: 'connector.restartTask', connector: 'db', task: 0 },
};

describe('parseCommand: every command type', () => {
  it('has a valid example here for every type in COMMAND_TYPES', () => {
    expect(Object.keys(VALID).sort()).toEqual([...COMMAND_TYPES].sort());
  });

  for (const [type, command] of Object.entries(VALID)) {
    it(`accepts a well-formed ${type} unchanged`, () => {
      expect(accepted(command)).toEqual(command);
    });
  }

  it('returns a copy, so the command log never shares objects with the caller', () => {
    const raw = {
      type: 'producer.add',
      producer: 'p',
      topic: 't',
      keys: ['a'],
      config: { acks: 1 },
    };
    const command = accepted(raw);
    expect(command).not.toBe(raw);
    if (command.type !== 'producer.add') throw new Error('wrong type');
    expect(command.keys).not.toBe(raw.keys);
    expect(command.config).not.toBe(raw.config);
  });

  it('puts type first and the fields in a fixed order, whatever order they came in', () => {
    const command = accepted({
      replicationFactor: 1,
      partitions: 2,
      name: 't',
      type: 'topic.create',
    });
    expect(Object.keys(command)).toEqual(['type', 'name', 'partitions', 'replicationFactor']);
  });
});

describe('parseCommand: the command itself', () => {
  it('refuses a non-object with an example of a command', () => {
    for (const raw of [null, 'crash broker 1', 42, [{ type: 'broker.crash' }]]) {
      const [p] = problems(raw);
      expect(p?.path).toBe('command');
      expect(p?.reason).toMatch(/must be an object with a "type"/);
    }
  });

  it('refuses a missing type and lists the valid types', () => {
    expect(problems({ broker: 1 })).toEqual([
      { path: 'command.type', reason: expect.stringContaining('broker.crash, broker.restart') },
    ]);
  });

  it('refuses an unknown type, suggests the nearest and lists the valid types', () => {
    const [p] = problems({ type: 'broker.crsh', broker: 1 });
    expect(p?.path).toBe('command.type');
    expect(p?.reason).toMatch(/unknown command type the string "broker.crsh"/);
    expect(p?.reason).toMatch(/did you mean "broker.crash"/);
    expect(p?.reason).toContain(COMMAND_TYPES.join(', '));
  });

  it('refuses a type that is not a string', () => {
    expect(paths({ type: 7 })).toEqual(['command.type']);
  });

  it('reports under the path it is given (a scenario timeline entry)', () => {
    expect(problems({ type: 'broker.crash' }, 'timeline[3].command')[0]?.path).toBe(
      'timeline[3].command.broker',
    );
  });

  it('refuses unknown fields by name and suggests the nearest', () => {
    const [p] = problems({ type: 'broker.crash', broker: 1, brokr: 2 });
    expect(p?.path).toBe('command.brokr');
    expect(p?.reason).toMatch(/unknown field "brokr" \(did you mean "broker"\?\)/);
  });

  it('reports every problem at once', () => {
    expect(paths({ type: 'producer.add', producer: 3, ratePerSec: 'fast', extra: true })).toEqual([
      'command.extra',
      'command.producer',
      'command.topic',
      'command.ratePerSec',
    ]);
  });
});

describe('parseCommand: broker commands', () => {
  it('needs a whole-number broker id', () => {
    expect(paths({ type: 'broker.crash' })).toEqual(['command.broker']);
    expect(paths({ type: 'broker.restart', broker: '2' })).toEqual(['command.broker']);
    expect(paths({ type: 'broker.isolate', broker: 1.5 })).toEqual(['command.broker']);
    expect(paths({ type: 'broker.heal', broker: null })).toEqual(['command.broker']);
  });

  it('broker.add takes an optional id', () => {
    expect(accepted({ type: 'broker.add' })).toEqual({ type: 'broker.add' });
    expect(paths({ type: 'broker.add', broker: 'four' })).toEqual(['command.broker']);
  });

  it("broker.slow needs a finite extraLatencyMs (its range is the engine's to check)", () => {
    expect(paths({ type: 'broker.slow', broker: 1 })).toEqual(['command.extraLatencyMs']);
    expect(paths({ type: 'broker.slow', broker: 1, extraLatencyMs: Infinity })).toEqual([
      'command.extraLatencyMs',
    ]);
    expect(accepted({ type: 'broker.slow', broker: 1, extraLatencyMs: -5 })).toBeTruthy();
  });

  it('leaves whether a broker exists to the engine', () => {
    expect(accepted({ type: 'broker.crash', broker: 99 })).toEqual({
      type: 'broker.crash',
      broker: 99,
    });
  });
});

describe('parseCommand: topic commands', () => {
  it('topic.create needs a name and whole-number counts', () => {
    expect(paths({ type: 'topic.create' })).toEqual(['command.name']);
    expect(
      paths({ type: 'topic.create', name: 't', partitions: 2.5, replicationFactor: '3' }),
    ).toEqual(['command.partitions', 'command.replicationFactor']);
  });

  it('leaves partitions < 1 to the engine, which answers INVALID_PARTITIONS as Kafka does', () => {
    expect(accepted({ type: 'topic.create', name: 't', partitions: 0 })).toBeTruthy();
  });

  it('checks a replica assignment down to each broker id', () => {
    const p = problems({
      type: 'topic.create',
      name: 't',
      replicaAssignment: [[1, 2], [3, 'x'], 4],
    });
    expect(p.map((x) => x.path)).toEqual([
      'command.replicaAssignment[1][1]',
      'command.replicaAssignment[2]',
    ]);
    expect(paths({ type: 'topic.create', name: 't', replicaAssignment: { 0: [1] } })).toEqual([
      'command.replicaAssignment',
    ]);
  });

  it('config must be an object; its values are not looked at here', () => {
    expect(paths({ type: 'topic.setConfig', topic: 't', config: 'retention.ms=1' })).toEqual([
      'command.config',
    ]);
    expect(paths({ type: 'topic.setConfig', topic: 't', config: [] })).toEqual(['command.config']);
    expect(paths({ type: 'topic.setConfig', topic: 't' })).toEqual(['command.config']);
    expect(
      accepted({ type: 'topic.setConfig', topic: 't', config: { 'retention.ms': 'soon' } }),
    ).toBeTruthy();
  });

  it('topic.addPartitions needs the topic and the new total', () => {
    expect(paths({ type: 'topic.addPartitions', topic: 't' })).toEqual(['command.partitions']);
    expect(paths({ type: 'topic.addPartitions', partitions: 4 })).toEqual(['command.topic']);
  });
});

describe('parseCommand: producer commands', () => {
  it('producer.add needs an id and a topic; keys are a list of strings', () => {
    expect(paths({ type: 'producer.add' })).toEqual(['command.producer', 'command.topic']);
    expect(paths({ type: 'producer.add', producer: '', topic: 't' })).toEqual(['command.producer']);
    expect(paths({ type: 'producer.add', producer: 'p', topic: 't', keys: ['a', 1] })).toEqual([
      'command.keys[1]',
    ]);
    expect(paths({ type: 'producer.add', producer: 'p', topic: 't', keys: 'a' })).toEqual([
      'command.keys',
    ]);
  });

  it('producer.add: keySpace, valueBytes and partition are whole numbers', () => {
    expect(
      paths({
        type: 'producer.add',
        producer: 'p',
        topic: 't',
        keySpace: 1.5,
        valueBytes: '100',
        partition: -0.5,
      }),
    ).toEqual(['command.keySpace', 'command.valueBytes', 'command.partition']);
  });

  it('producer.send: key and value may be null, count is 1 to 100000', () => {
    expect(accepted({ type: 'producer.send', producer: 'p', key: null, value: null })).toBeTruthy();
    expect(paths({ type: 'producer.send', producer: 'p', key: 42 })).toEqual(['command.key']);
    for (const count of [0, 100_001, 2.5, '10']) {
      const [p] = problems({ type: 'producer.send', producer: 'p', count });
      expect(p).toEqual({ path: 'command.count', reason: expect.stringMatching(/1 to 100000/) });
    }
    expect(accepted({ type: 'producer.send', producer: 'p', count: 100_000 })).toBeTruthy();
  });

  it('producer.setRate needs a finite number', () => {
    expect(paths({ type: 'producer.setRate', producer: 'p' })).toEqual(['command.ratePerSec']);
    expect(paths({ type: 'producer.setRate', producer: 'p', ratePerSec: NaN })).toEqual([
      'command.ratePerSec',
    ]);
  });

  it('producer.setConfig and producer.remove name the producer', () => {
    expect(paths({ type: 'producer.setConfig', config: {} })).toEqual(['command.producer']);
    expect(paths({ type: 'producer.remove', producer: 5 })).toEqual(['command.producer']);
  });
});

describe('parseCommand: consumer and group commands', () => {
  it('consumer.add: assign entries look like "topic-N" (topic names may contain dashes)', () => {
    expect(accepted({ type: 'consumer.add', assign: ['my-topic-12'] })).toBeTruthy();
    const p = problems({ type: 'consumer.add', assign: ['orders-0', 'orders', 'orders-x', 3] });
    expect(p.map((x) => x.path)).toEqual([
      'command.assign[1]',
      'command.assign[2]',
      'command.assign[3]',
    ]);
    expect(p[0]?.reason).toMatch(/like "orders-0"/);
  });

  it('consumer.add with a group is well-formed (the engine says groups are not simulated yet)', () => {
    expect(accepted({ type: 'consumer.add', group: 'billing' })).toEqual({
      type: 'consumer.add',
      group: 'billing',
    });
  });

  it('consumer commands name the consumer', () => {
    for (const type of ['consumer.leave', 'consumer.crash', 'consumer.commit']) {
      expect(paths({ type })).toEqual(['command.consumer']);
    }
    expect(paths({ type: 'consumer.setProcessingTime', consumer: 'c' })).toEqual([
      'command.processingTimeMs',
    ]);
  });

  it('group.setConfig needs a group and a config object', () => {
    expect(paths({ type: 'group.setConfig', config: 1 })).toEqual([
      'command.group',
      'command.config',
    ]);
  });
});
