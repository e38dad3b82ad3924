/**
 * The structure of a scenario file: every field of the right JSON type, no unknown keys, no
 * duplicate names, every problem reported at once with its JSON path (`topics[0].partitions`).
 * What the values mean (a replication factor above the broker count, a producer on a topic
 * that does not exist, `acks: "two"`) is checked by the engine in `createSimulation`; see
 * load.ts for the two together.
 */
import {
  checkFields,
  checkValue,
  closest,
  CONNECTOR_FIELDS,
  CONSUMER_FIELDS,
  describeValue,
  isPlainObject,
  joinPath,
  parseCommand,
  PRODUCER_FIELDS,
  TOPIC_FIELDS,
  type FieldRules,
} from '../engine/commandParse.ts';
import type { ConnectorSpec, ConsumerSpec, ProducerSpec, TopicSpec } from '../engine/commands.ts';
import type { SetupProblem, SimulationSetup } from '../engine/setup.ts';
import {
  SCENARIO_VERSION,
  type ConsumerGroupSpec,
  type Scenario,
  type ScenarioCluster,
  type ScenarioTimelineEntry,
} from './types.ts';

export type ParseScenarioResult =
  | { ok: true; scenario: Scenario; setup: SimulationSetup }
  /**
   * `setup` is what is readable of a broken file, so the engine can check its meaning too and
   * every independent problem is reported at once (load.ts): an unreadable seed or broker
   * count is NaN (the engine stands in for it), and a list entry with a problem is a hole in
   * its list (a sparse array: forEach skips it and the other entries keep their index, so
   * their problem paths stay right). `topicInError` names where a topic the setup lacks had
   * its problem, so entries that use that topic are not blamed for it.
   */
  | {
      ok: false;
      problems: SetupProblem[];
      setup?: SimulationSetup;
      topicInError?: (name: string) => string | undefined;
    };

const ROOT_KEYS = [
  'version',
  'name',
  'description',
  'seed',
  'cluster',
  'topics',
  'producers',
  'consumers',
  'consumerGroups',
  'connectors',
  'timeline',
] as const;

const PRODUCER_SPEC: FieldRules = { id: { kind: 'id', required: true }, ...PRODUCER_FIELDS };
const CONSUMER_SPEC: FieldRules = {
  id: { kind: 'id', required: true },
  ...CONSUMER_FIELDS,
  assign: { kind: 'topicPartitionList', required: true },
};
const NETWORK_SPEC: FieldRules = { latencyMs: { kind: 'number' }, jitterMs: { kind: 'number' } };
const PAGE_CACHE_SPEC: FieldRules = {
  sizeBytes: { kind: 'number' },
  diskReadMs: { kind: 'number' },
};
const REMOTE_STORAGE_SPEC: FieldRules = { latencyMs: { kind: 'number' } };
const GROUP_SPEC: FieldRules = {
  id: { kind: 'id', required: true },
  topics: { kind: 'stringList', required: true },
  staticMembership: { kind: 'boolean' },
  processingTimeMs: { kind: 'number' },
  config: { kind: 'config' },
  streams: { kind: 'object' }, // its fields are checked below
};
const STREAMS_SPEC: FieldRules = {
  to: { kind: 'id', required: true },
  config: { kind: 'config' },
};

/** Checks a scenario's structure; on success also gives the engine's setup for it. */
export function parseScenario(json: unknown): ParseScenarioResult {
  const problems: SetupProblem[] = [];
  if (!isPlainObject(json)) {
    const reason = `a scenario must be a JSON object like {"version": 1, "name": "…", "seed": 1, "cluster": {"brokers": 3}}; got ${describeValue(json)}`;
    return { ok: false, problems: [{ path: '', reason }] };
  }
  for (const key of Object.keys(json)) {
    if ((ROOT_KEYS as readonly string[]).includes(key)) continue;
    const near = closest(key, ROOT_KEYS);
    const hint = near === null ? '' : ` (did you mean "${near}"?)`;
    problems.push({
      path: key,
      reason: `unknown key "${key}"${hint}; a scenario has: ${ROOT_KEYS.join(', ')}`,
    });
  }
  checkVersion(json['version'], problems);
  const name = required(json, 'name', 'id', problems);
  const description =
    json['description'] === undefined
      ? undefined
      : checkValue(json['description'], 'string', 'description', problems);
  const seed = required(json, 'seed', 'int', problems);
  const cluster = parseCluster(json['cluster'], problems);
  const topics = parseList(json, 'topics', problems, (raw, path) =>
    parseSpec<TopicSpec>(raw, path, TOPIC_FIELDS, 'a topic', problems),
  );
  const producers = parseList(json, 'producers', problems, (raw, path) =>
    parseSpec<ProducerSpec>(raw, path, PRODUCER_SPEC, 'a producer', problems),
  );
  const consumers = parseList(json, 'consumers', problems, (raw, path) =>
    parseSpec<ConsumerSpec>(raw, path, CONSUMER_SPEC, 'a consumer', problems),
  );
  const groups = parseList(json, 'consumerGroups', problems, (raw, path) =>
    parseGroup(raw, path, problems),
  );
  const connectors = parseList(json, 'connectors', problems, (raw, path) =>
    parseSpec<ConnectorSpec>(raw, path, CONNECTOR_FIELDS, 'a Kafka Connect connector', problems),
  );
  const timeline = parseList(json, 'timeline', problems, (raw, path) =>
    parseTimelineEntry(raw, path, problems),
  );
  reportDuplicateFields(json['topics'], 'topics', 'name', 'topic name', problems);
  reportDuplicateFields(json['producers'], 'producers', 'id', 'producer id', problems);
  reportDuplicateFields(json['consumers'], 'consumers', 'id', 'consumer id', problems);
  reportDuplicateFields(json['consumerGroups'], 'consumerGroups', 'id', 'group id', problems);
  reportDuplicateFields(json['connectors'], 'connectors', 'name', 'connector name', problems);
  if (problems.length > 0 || cluster.valid === undefined) {
    const partial: Scenario = {
      version: SCENARIO_VERSION,
      name: '',
      seed: typeof seed === 'number' ? seed : NaN,
      cluster: cluster.readable,
    };
    if (topics) partial.topics = topics;
    if (producers) partial.producers = producers;
    if (consumers) partial.consumers = consumers;
    if (groups) partial.consumerGroups = groups;
    if (connectors) partial.connectors = connectors;
    if (timeline) partial.timeline = timeline;
    return {
      ok: false,
      problems,
      setup: toSetup(partial),
      topicInError: topicsInError(json['topics'], topics),
    };
  }
  // Keys in the order of the format, so an exported scenario reads like a written one.
  const scenario: Scenario = {
    version: SCENARIO_VERSION,
    name: name as string,
    ...(typeof description === 'string' ? { description } : {}),
    seed: seed as number,
    cluster: cluster.valid,
  };
  if (topics) scenario.topics = topics;
  if (producers) scenario.producers = producers;
  if (consumers) scenario.consumers = consumers;
  if (groups) scenario.consumerGroups = groups;
  if (connectors) scenario.connectors = connectors;
  if (timeline) scenario.timeline = timeline;
  return { ok: true, scenario, setup: toSetup(scenario) };
}

/**
 * Where the problem of a topic missing from the setup was reported: the topic's entry when it
 * was a hole, or the whole list when `topics` is not a list (any topic may have been in it).
 */
function topicsInError(
  raw: unknown,
  topics: TopicSpec[] | undefined,
): (name: string) => string | undefined {
  if (raw !== undefined && !Array.isArray(raw)) return () => 'topics';
  const holes = new Map<string, string>();
  if (Array.isArray(raw) && topics) {
    raw.forEach((item, i) => {
      const name = isPlainObject(item) ? item['name'] : undefined;
      if (!(i in topics) && typeof name === 'string' && !holes.has(name))
        holes.set(name, `topics[${i}]`);
    });
    // A duplicate entry is a hole too, but its name is still created by the first entry.
    topics.forEach((t) => holes.delete(t.name));
  }
  return (name) => holes.get(name);
}

/** The engine's terms for a checked scenario (the same lists, so problem paths match). */
export function toSetup(scenario: Scenario): SimulationSetup {
  const setup: SimulationSetup = { seed: scenario.seed, brokers: scenario.cluster.brokers };
  if (scenario.cluster.config) setup.brokerConfig = scenario.cluster.config;
  if (scenario.cluster.network) setup.network = scenario.cluster.network;
  if (scenario.cluster.pageCache) setup.pageCache = scenario.cluster.pageCache;
  if (scenario.cluster.remoteStorage) setup.remoteStorage = scenario.cluster.remoteStorage;
  if (scenario.topics) setup.topics = scenario.topics;
  if (scenario.producers) setup.producers = scenario.producers;
  if (scenario.consumers) setup.consumers = scenario.consumers;
  if (scenario.consumerGroups) setup.groups = scenario.consumerGroups;
  if (scenario.connectors) setup.connectors = scenario.connectors;
  if (scenario.timeline) setup.timeline = scenario.timeline;
  return setup;
}

function checkVersion(version: unknown, problems: SetupProblem[]): void {
  if (version === SCENARIO_VERSION) return;
  const reason =
    version === undefined
      ? `missing: a scenario needs "version": ${SCENARIO_VERSION}`
      : `unsupported version ${describeValue(version)}: this simulator reads version ${SCENARIO_VERSION}`;
  problems.push({ path: 'version', reason });
}

function required(
  obj: Record<string, unknown>,
  key: string,
  kind: 'id' | 'int',
  problems: SetupProblem[],
): unknown {
  if (obj[key] !== undefined) return checkValue(obj[key], kind, key, problems);
  problems.push({ path: key, reason: `missing: a scenario needs ${key}` });
  return undefined;
}

/**
 * The cluster: `valid` when it has no problem; `readable` always, for the engine's checks of
 * the rest (a broker count that cannot be read is NaN, sub-objects keep their valid fields).
 */
function parseCluster(
  raw: unknown,
  problems: SetupProblem[],
): { valid?: ScenarioCluster; readable: ScenarioCluster } {
  const rules: FieldRules = {
    brokers: { kind: 'int', required: true },
    config: { kind: 'config' },
    network: { kind: 'object' }, // its fields are checked below
    pageCache: { kind: 'object' },
    remoteStorage: { kind: 'object' },
  };
  const unreadable = { readable: { brokers: NaN } };
  if (raw === undefined) {
    problems.push({
      path: 'cluster',
      reason: 'missing: a scenario needs a cluster, like {"brokers": 3}',
    });
    return unreadable;
  }
  if (!isPlainObject(raw)) {
    problems.push({
      path: 'cluster',
      reason: `expected an object like {"brokers": 3}, got ${describeValue(raw)}`,
    });
    return unreadable;
  }
  const before = problems.length;
  const cluster = checkFields(raw, rules, 'cluster', problems, 'the cluster');
  if (isPlainObject(cluster['network'])) {
    cluster['network'] = checkFields(
      cluster['network'],
      NETWORK_SPEC,
      'cluster.network',
      problems,
      'the network',
    );
  }
  if (isPlainObject(cluster['pageCache'])) {
    cluster['pageCache'] = checkFields(
      cluster['pageCache'],
      PAGE_CACHE_SPEC,
      'cluster.pageCache',
      problems,
      'the page cache',
    );
  }
  if (isPlainObject(cluster['remoteStorage'])) {
    cluster['remoteStorage'] = checkFields(
      cluster['remoteStorage'],
      REMOTE_STORAGE_SPEC,
      'cluster.remoteStorage',
      problems,
      'remote storage',
    );
  }
  const readable = { ...cluster, brokers: cluster['brokers'] ?? NaN } as ScenarioCluster;
  return problems.length === before ? { valid: readable, readable } : { readable };
}

/**
 * An optional list at `key`, each item read by `item`; undefined when absent or not a list.
 * An entry with a problem is a hole in the result (see ParseScenarioResult).
 */
function parseList<T>(
  obj: Record<string, unknown>,
  key: string,
  problems: SetupProblem[],
  item: (raw: unknown, path: string) => T | undefined,
): T[] | undefined {
  const raw = obj[key];
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    problems.push({ path: key, reason: `expected a list, got ${describeValue(raw)}` });
    return undefined;
  }
  // Sized up front and filled by index, so a skipped entry stays a hole, not an undefined.
  const items = new Array<T>(raw.length);
  raw.forEach((r, i) => {
    const before = problems.length;
    const value = item(r, `${key}[${i}]`);
    if (value !== undefined && problems.length === before) items[i] = value;
  });
  return items;
}

function parseSpec<T>(
  raw: unknown,
  path: string,
  rules: FieldRules,
  what: string,
  problems: SetupProblem[],
): T | undefined {
  if (!isPlainObject(raw)) {
    problems.push({ path, reason: `expected an object (${what}), got ${describeValue(raw)}` });
    return undefined;
  }
  // The rules mirror the spec interfaces (commands.ts), so the checked copy is that spec.
  return checkFields(raw, rules, path, problems, what) as T;
}

/** A bound of the simulator's: keeps a typo from creating a million consumers. */
const MAX_GROUP_MEMBERS = 1000;

function parseGroup(
  raw: unknown,
  path: string,
  problems: SetupProblem[],
): ConsumerGroupSpec | undefined {
  if (!isPlainObject(raw)) {
    problems.push({
      path,
      reason: `expected an object (a consumer group), got ${describeValue(raw)}`,
    });
    return undefined;
  }
  const { members, ...rest } = raw;
  const group = checkFields(rest, GROUP_SPEC, path, problems, 'a consumer group');
  if (isPlainObject(group['streams']))
    group['streams'] = checkFields(
      group['streams'],
      STREAMS_SPEC,
      joinPath(path, 'streams'),
      problems,
      'a Kafka Streams block',
    );
  const membersPath = joinPath(path, 'members');
  if (members === undefined) {
    problems.push({
      path: membersPath,
      reason: 'missing: a consumer group needs members, a number or a list of names',
    });
  } else if (Array.isArray(members)) {
    members.forEach((m, i) => checkValue(m, 'id', `${membersPath}[${i}]`, problems));
    reportDuplicates(members, (i) => `${membersPath}[${i}]`, 'member name', problems);
    group['members'] = [...members];
  } else if (
    Number.isSafeInteger(members) &&
    (members as number) >= 0 &&
    (members as number) <= MAX_GROUP_MEMBERS
  ) {
    group['members'] = members;
  } else {
    problems.push({
      path: membersPath,
      reason: `expected a number of members (0 to ${MAX_GROUP_MEMBERS}) or a list of names, got ${describeValue(members)}`,
    });
  }
  return group as unknown as ConsumerGroupSpec;
}

function parseTimelineEntry(
  raw: unknown,
  path: string,
  problems: SetupProblem[],
): ScenarioTimelineEntry | undefined {
  if (!isPlainObject(raw)) {
    problems.push({
      path,
      reason: `expected an object like {"at": 5000, "command": {…}}, got ${describeValue(raw)}`,
    });
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    if (key !== 'at' && key !== 'command')
      problems.push({
        path: joinPath(path, key),
        reason: `unknown field "${key}"; a timeline entry has: at, command`,
      });
  }
  const at = raw['at'];
  const atOk = typeof at === 'number' && Number.isFinite(at) && at >= 0;
  if (!atOk) {
    const reason =
      at === undefined
        ? 'missing: the simulated time in ms'
        : `expected a time in ms (a number >= 0), got ${describeValue(at)}`;
    problems.push({ path: joinPath(path, 'at'), reason });
  }
  const parsed = parseCommand(raw['command'], joinPath(path, 'command'));
  if (!parsed.ok) problems.push(...parsed.problems);
  return atOk && parsed.ok ? { at, command: parsed.command } : undefined;
}

/** Reports every item whose `key` repeats an earlier item's, at `list[i].key`. */
function reportDuplicateFields(
  list: unknown,
  listPath: string,
  key: string,
  what: string,
  problems: SetupProblem[],
): void {
  if (!Array.isArray(list)) return;
  const names = list.map((item) => (isPlainObject(item) ? item[key] : undefined));
  reportDuplicates(names, (i) => `${listPath}[${i}].${key}`, what, problems);
}

/** Reports every name that repeats an earlier one, at `pathOf(i)`, naming the first. */
function reportDuplicates(
  names: unknown[],
  pathOf: (i: number) => string,
  what: string,
  problems: SetupProblem[],
): void {
  const firstAt = new Map<string, number>();
  names.forEach((name, i) => {
    if (typeof name !== 'string') return;
    const first = firstAt.get(name);
    if (first === undefined) firstAt.set(name, i);
    else
      problems.push({
        path: pathOf(i),
        reason: `duplicate ${what} "${name}" (also at ${pathOf(first)})`,
      });
  });
}
