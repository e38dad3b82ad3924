/**
 * Structural validation of commands: the right `type`, the required fields, and each field of
 * the right JSON type, with every problem located by its JSON path. Whether a command makes
 * sense right now (does broker 7 exist, is the replication factor above the live brokers, is
 * `acks: "two"` a valid value) is decided by the engine when it applies the command, so that
 * those answers carry Kafka's error names. Config values are not looked at here, only that
 * `config` is an object (the engine parses it with `parseConfig`).
 *
 * The field rules are shared with the scenario file (src/scenario), whose topics, producers
 * and consumers are the same specs as `topic.create`, `producer.add` and `consumer.add`.
 */
import { COMMAND_TYPES, type Command, type CommandType } from './commands.ts';
import type { SetupProblem } from './setup.ts';

export type FieldKind =
  | 'string'
  | 'id'
  | 'int'
  | 'number'
  | 'count'
  | 'nullableString'
  | 'boolean'
  | 'stringList'
  | 'topicPartitionList'
  | 'replicaAssignment'
  | 'brokerList'
  | 'config'
  | 'object';

export interface FieldRule {
  kind: FieldKind;
  required?: boolean;
}

export type FieldRules = Readonly<Record<string, FieldRule>>;

/** Most records one `producer.send` may ask for: bounds the work one command can cause. */
export const MAX_SEND_COUNT = 100_000;

const req = (kind: FieldKind): FieldRule => ({ kind, required: true });
const opt = (kind: FieldKind): FieldRule => ({ kind });

/** TopicSpec: the scenario's `topics[i]` and the `topic.create` command. */
export const TOPIC_FIELDS: FieldRules = {
  name: req('string'),
  partitions: opt('int'),
  replicationFactor: opt('int'),
  config: opt('config'),
  replicaAssignment: opt('replicaAssignment'),
};

/** ProducerSpec without its id (`id` in a scenario, `producer` in `producer.add`). */
export const PRODUCER_FIELDS: FieldRules = {
  topic: req('string'),
  ratePerSec: opt('number'),
  keys: opt('stringList'),
  keySpace: opt('int'),
  valueBytes: opt('int'),
  partition: opt('int'),
  config: opt('config'),
};

/** ConsumerSpec without its id; `assign` is required in a scenario, optional in `consumer.add`. */
export const CONSUMER_FIELDS: FieldRules = {
  assign: opt('topicPartitionList'),
  processingTimeMs: opt('number'),
  config: opt('config'),
};

/** ConnectorSpec: the scenario's `connectors[i]` and the `connector.add` command. */
export const CONNECTOR_FIELDS: FieldRules = {
  name: req('id'),
  kind: req('string'),
  system: req('string'),
  topic: opt('string'),
  topics: opt('stringList'),
  tasks: opt('int'),
  ratePerSec: opt('number'),
  table: opt('string'),
  config: opt('config'),
};

const broker = { broker: req('int') };
const connectorTask = { connector: req('id'), task: req('int') };
const consumer = { consumer: req('id') };

/** The fields of every command type; `satisfies` makes a new command type a compile error here. */
const COMMAND_FIELDS = {
  'broker.crash': broker,
  'broker.restart': broker,
  'broker.shutdown': broker,
  'broker.isolate': broker,
  'broker.heal': broker,
  'broker.add': { broker: opt('int') },
  'broker.slow': { broker: req('int'), extraLatencyMs: req('number') },
  'topic.create': TOPIC_FIELDS,
  'topic.addPartitions': { topic: req('string'), partitions: req('int') },
  'topic.setConfig': { topic: req('string'), config: req('config') },
  'partition.reassign': {
    topic: req('string'),
    partition: req('int'),
    replicas: req('brokerList'),
  },
  'partition.cancelReassignment': { topic: req('string'), partition: req('int') },
  'producer.add': { producer: req('id'), ...PRODUCER_FIELDS },
  'producer.remove': { producer: req('id') },
  'producer.send': {
    producer: req('id'),
    key: opt('nullableString'),
    value: opt('nullableString'),
    count: opt('count'),
    partition: opt('int'),
    topic: opt('string'),
  },
  'producer.setConfig': { producer: req('id'), config: req('config') },
  'producer.setRate': { producer: req('id'), ratePerSec: req('number') },
  'producer.setKeys': { producer: req('id'), keys: opt('stringList'), keySpace: opt('int') },
  'consumer.add': {
    consumer: opt('id'),
    group: opt('id'),
    topics: opt('stringList'),
    ...CONSUMER_FIELDS,
  },
  'consumer.leave': consumer,
  'consumer.crash': consumer,
  'consumer.setProcessingTime': { consumer: req('id'), processingTimeMs: req('number') },
  'consumer.commit': consumer,
  'group.setConfig': { group: req('id'), config: req('config') },
  'connector.add': CONNECTOR_FIELDS,
  'connector.crashTask': connectorTask,
  'connector.restartTask': connectorTask,
} satisfies Record<CommandType, FieldRules>;

export type ParseCommandResult =
  { ok: true; command: Command } | { ok: false; problems: SetupProblem[] };

/**
 * Checks the structure of one command. On success the command is a fresh copy holding only
 * its known fields (`type` first, then the fields in a fixed order), so the command log never
 * shares objects with the caller.
 */
export function parseCommand(raw: unknown, path = 'command'): ParseCommandResult {
  if (!isPlainObject(raw)) {
    const reason = `a command must be an object with a "type", like {"type": "broker.crash", "broker": 2}; got ${describeValue(raw)}`;
    return { ok: false, problems: [{ path, reason }] };
  }
  const type = raw['type'];
  const typePath = joinPath(path, 'type');
  if (type === undefined) {
    return {
      ok: false,
      problems: [{ path: typePath, reason: `missing; valid types: ${COMMAND_TYPES.join(', ')}` }],
    };
  }
  if (typeof type !== 'string' || !isCommandType(type)) {
    return { ok: false, problems: [{ path: typePath, reason: unknownTypeReason(type) }] };
  }
  const problems: SetupProblem[] = [];
  const rest: Record<string, unknown> = { ...raw };
  delete rest['type'];
  const fields = checkFields(rest, COMMAND_FIELDS[type], path, problems, type);
  if (problems.length > 0) return { ok: false, problems };
  // The field rules above mirror the Command union, so the checked copy is that command.
  return { ok: true, command: { type, ...fields } as Command };
}

function isCommandType(type: string): type is CommandType {
  return Object.hasOwn(COMMAND_FIELDS, type);
}

function unknownTypeReason(type: unknown): string {
  const near = typeof type === 'string' ? closest(type, COMMAND_TYPES) : null;
  const hint = near === null ? '' : ` (did you mean "${near}"?)`;
  return `unknown command type ${describeValue(type)}${hint}; valid types: ${COMMAND_TYPES.join(', ')}`;
}

/**
 * Checks `obj` against `rules`, pushing every problem with its path, and returns a copy that
 * holds only the known fields present, in the order of `rules`. `what` names the object in
 * messages ("broker.crash", "a topic").
 */
export function checkFields(
  obj: Record<string, unknown>,
  rules: FieldRules,
  path: string,
  problems: SetupProblem[],
  what: string,
): Record<string, unknown> {
  const known = Object.keys(rules);
  for (const key of Object.keys(obj)) {
    if (Object.hasOwn(rules, key)) continue;
    const near = closest(key, known);
    const hint = near === null ? '' : ` (did you mean "${near}"?)`;
    const expected = known.length > 0 ? `; ${what} has: ${known.join(', ')}` : '';
    problems.push({
      path: joinPath(path, key),
      reason: `unknown field "${key}"${hint}${expected}`,
    });
  }
  const out: Record<string, unknown> = {};
  for (const [key, rule] of Object.entries(rules)) {
    const fieldPath = joinPath(path, key);
    if (!Object.hasOwn(obj, key) || obj[key] === undefined) {
      if (rule.required)
        problems.push({ path: fieldPath, reason: `missing: ${what} needs ${key}` });
      continue;
    }
    const value = checkValue(obj[key], rule.kind, fieldPath, problems);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** Checks one value; returns a copy when it is valid, undefined (and a problem) when not. */
export function checkValue(
  value: unknown,
  kind: FieldKind,
  path: string,
  problems: SetupProblem[],
): unknown {
  const fail = (reason: string): undefined => {
    problems.push({ path, reason });
    return undefined;
  };
  switch (kind) {
    case 'string':
      return typeof value === 'string'
        ? value
        : fail(`expected a string, got ${describeValue(value)}`);
    case 'id':
      if (typeof value !== 'string')
        return fail(`expected a name (a string), got ${describeValue(value)}`);
      return value.length > 0 ? value : fail('must not be empty');
    case 'nullableString':
      return value === null || typeof value === 'string'
        ? value
        : fail(`expected a string or null, got ${describeValue(value)}`);
    case 'boolean':
      return typeof value === 'boolean'
        ? value
        : fail(`expected true or false, got ${describeValue(value)}`);
    case 'int':
      return Number.isSafeInteger(value)
        ? value
        : fail(`expected a whole number, got ${describeValue(value)}`);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? value
        : fail(`expected a number, got ${describeValue(value)}`);
    case 'count':
      return Number.isSafeInteger(value) &&
        (value as number) >= 1 &&
        (value as number) <= MAX_SEND_COUNT
        ? value
        : fail(`expected a whole number from 1 to ${MAX_SEND_COUNT}, got ${describeValue(value)}`);
    case 'config':
      return isPlainObject(value)
        ? { ...value }
        : fail(
            `expected an object of Kafka config keys, like {"linger.ms": 5}; got ${describeValue(value)}`,
          );
    case 'object':
      return isPlainObject(value)
        ? { ...value }
        : fail(`expected an object, got ${describeValue(value)}`);
    case 'stringList':
      return checkList(value, path, problems, (v, p) => checkValue(v, 'string', p, problems));
    case 'topicPartitionList':
      return checkList(value, path, problems, (v, p) => checkTopicPartition(v, p, problems));
    case 'replicaAssignment':
      return checkList(value, path, problems, (v, p) =>
        checkList(v, p, problems, (id, q) => checkValue(id, 'int', q, problems)),
      );
    case 'brokerList':
      return checkList(value, path, problems, (id, q) => checkValue(id, 'int', q, problems));
  }
}

/** A list whose items all pass `item`; every bad item is reported at `path[i]`. */
function checkList(
  value: unknown,
  path: string,
  problems: SetupProblem[],
  item: (v: unknown, path: string) => unknown,
): unknown[] | undefined {
  if (!Array.isArray(value)) {
    problems.push({ path, reason: `expected a list, got ${describeValue(value)}` });
    return undefined;
  }
  const before = problems.length;
  const out = value.map((v, i) => item(v, `${path}[${i}]`));
  return problems.length === before ? out : undefined;
}

/** "orders-0" → { topic: "orders", partition: 0 }; topic names may contain '-'. */
export function parseTopicPartition(s: string): { topic: string; partition: number } | null {
  const m = /^(.+)-(\d+)$/.exec(s);
  return m ? { topic: m[1]!, partition: Number(m[2]) } : null;
}

/** "orders-0": a topic name, a dash, a partition number. */
function checkTopicPartition(value: unknown, path: string, problems: SetupProblem[]): unknown {
  if (typeof value === 'string' && parseTopicPartition(value) !== null) return value;
  problems.push({
    path,
    reason: `expected a topic-partition like "orders-0", got ${describeValue(value)}`,
  });
  return undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `a.b`, or just `b` at the root (path ''). */
export function joinPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** A short, readable description of a JSON value for problem messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `the string ${JSON.stringify(shown)}`;
  }
  return String(value);
}

/** The candidate nearest to `word` by edit distance, if it is near enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost));
    }
    prev = row;
  }
  return prev[b.length]!;
}
