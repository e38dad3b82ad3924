/**
 * Kafka Connect connectors, run by one simulated Connect worker (distributed mode is not
 * simulated). A source connector is a producer whose records come from an external system
 * (connectSource.ts); a sink connector is the consumer group `connect-<name>` whose members
 * deliver records to an external system (connectSink.ts). Both commit offsets every
 * offset.flush.interval.ms and are at-least-once: after a task crash, what was written since
 * the last commit is written again, and this module counts those duplicates.
 */
import type { Command, ConnectorSpec } from './commands.ts';
import { emit, findConsumer, findTopic, type Ctx } from './context.ts';
import { parseConnectConfig, sinkGroupId, taskClientId } from './connectConfig.ts';
import type { ConnectorState } from './connectModel.ts';
import { addConsumer, removeConsumer } from './consumer.ts';
import { addGroupSpec } from './groupCommands.ts';
import type { SimState } from './model.ts';
import { MAX_RATE_PER_SEC } from './producer.ts';
import { reject, type Rejection } from './rejection.ts';
import { crashSourceTask, restartSourceTask, startSourceTask } from './connectSource.ts';

/** Most tasks a sink connector may run (each is a consumer on the canvas). */
export const MAX_CONNECT_TASKS = 50;

export function findConnector(state: SimState, name: string): ConnectorState | undefined {
  return state.connectors.find((c) => c.name === name);
}

/** The connector whose task's client (producer or consumer) this is, with the task number. */
export function connectorOfClient(
  state: SimState,
  clientId: string,
): { connector: ConnectorState; task: number } | null {
  if (state.connectors.length === 0) return null;
  for (const connector of state.connectors)
    for (const t of connector.tasks) if (t.client === clientId) return { connector, task: t.task };
  return null;
}

function topicsOf(spec: ConnectorSpec): string[] | Rejection {
  if (spec.kind === 'source') {
    if (spec.topics !== undefined)
      return reject('a source connector writes one topic: give "topic"', null, 'topics');
    if (spec.topic === undefined || spec.topic === '')
      return reject('a source connector needs the topic it writes, in "topic"', null, 'topic');
    return [spec.topic];
  }
  if (spec.topic !== undefined)
    return reject('a sink connector reads "topics" (a list)', null, 'topic');
  if (spec.topics === undefined || spec.topics.length === 0)
    return reject('a sink connector needs the topics it reads, in "topics"', null, 'topics');
  return [...spec.topics];
}

function specProblem(state: SimState, spec: ConnectorSpec, topics: string[]): Rejection | null {
  if (findConnector(state, spec.name))
    return reject(`connector '${spec.name}' already exists`, null, 'name');
  if (spec.system.trim() === '')
    return reject('name the external system ("MySQL", "Elasticsearch")', null, 'system');
  const field = spec.kind === 'source' ? 'topic' : 'topics';
  for (const name of topics) {
    const topic = findTopic(state, name);
    if (!topic)
      return reject(
        `Topic '${name}' does not exist: create it first (topic.creation.enable is not simulated)`,
        'UNKNOWN_TOPIC_OR_PARTITION',
        field,
      );
    if (topic.internal)
      return reject(`'${name}' is Kafka's own topic: connectors cannot use it`, null, field);
  }
  const tasks = spec.tasks ?? 1;
  if (!Number.isInteger(tasks) || tasks < 1 || tasks > MAX_CONNECT_TASKS)
    return reject(
      `tasks.max must be a whole number from 1 to ${MAX_CONNECT_TASKS} (ConnectorConfig atLeast(1)), got ${tasks}`,
      'INVALID_CONFIG',
      'tasks',
    );
  if (spec.kind === 'sink' && (spec.ratePerSec !== undefined || spec.table !== undefined))
    return reject(
      'ratePerSec and table describe a source connector',
      null,
      spec.table === undefined ? 'ratePerSec' : 'table',
    );
  const rate = spec.ratePerSec ?? 0;
  if (!Number.isFinite(rate) || rate < 0 || rate > MAX_RATE_PER_SEC)
    return reject(
      `ratePerSec must be between 0 and ${MAX_RATE_PER_SEC}, got ${rate}`,
      null,
      'ratePerSec',
    );
  return null;
}

/** `connector.add`: checks the connector as the Connect worker would, then starts its tasks. */
export function addConnector(
  ctx: Ctx,
  cmd: Extract<Command, { type: 'connector.add' }>,
): Rejection | null {
  const spec: ConnectorSpec = cmd;
  if (spec.kind !== 'source' && spec.kind !== 'sink')
    return reject(
      `kind must be "source" or "sink", got ${JSON.stringify(spec.kind)}`,
      null,
      'kind',
    );
  const topics = topicsOf(spec);
  if ('reason' in topics) return topics;
  const problem = specProblem(ctx.state, spec, topics);
  if (problem) return problem;
  const settings = parseConnectConfig(spec.kind, spec.config);
  if ('reason' in settings) return settings;
  return spec.kind === 'source'
    ? addSource(ctx, spec, topics[0]!, settings)
    : addSink(ctx, spec, topics, settings);
}

function baseState(
  spec: ConnectorSpec,
  topics: string[],
  offsetFlushIntervalMs: number,
): ConnectorState {
  return {
    name: spec.name,
    kind: spec.kind,
    system: spec.system,
    topics,
    tasksMax: spec.tasks ?? 1,
    offsetFlushIntervalMs,
    config: { ...((spec.config ?? {}) as Record<string, never>) },
    tasks: [],
    source: null,
    sink: null,
    stats: {
      recordsPolled: 0,
      recordsWritten: 0,
      offsetCommits: 0,
      offsetCommitsFailed: 0,
      duplicates: 0,
      taskCrashes: 0,
      taskRestarts: 0,
    },
  };
}

/**
 * A source connector reading one table: the JDBC source gives at most one task per table, so
 * one task runs whatever tasks.max allows.
 */
function addSource(
  ctx: Ctx,
  spec: ConnectorSpec,
  topic: string,
  settings: { offsetFlushIntervalMs: number; clientConfig: Record<string, unknown> },
): Rejection | null {
  const connector = baseState(spec, [topic], settings.offsetFlushIntervalMs);
  connector.tasks.push({
    task: 0,
    client: taskClientId(spec.name, 'source', 0),
    state: 'RUNNING',
  });
  ctx.state.connectors.push(connector);
  const r = startSourceTask(ctx, connector, spec, settings.clientConfig);
  if (r) ctx.state.connectors.pop();
  return r;
}

function addSink(
  ctx: Ctx,
  spec: ConnectorSpec,
  topics: string[],
  settings: { offsetFlushIntervalMs: number; clientConfig: Record<string, unknown> },
): Rejection | null {
  const state = ctx.state;
  const group = sinkGroupId(spec.name);
  if (
    state.groupSpecs.some((g) => g.groupId === group) ||
    state.groups.some((g) => g.groupId === group)
  )
    return reject(
      `the consumer group '${group}' (this sink's group) is already in use`,
      null,
      'name',
    );
  const connector = baseState(spec, topics, settings.offsetFlushIntervalMs);
  connector.sink = { deliveredUpTo: {}, pending: {}, lastCommitMs: {}, commitNeeded: {} };
  const tasks = spec.tasks ?? 1;
  for (let task = 0; task < tasks; task++)
    connector.tasks.push({ task, client: taskClientId(spec.name, 'sink', task), state: 'RUNNING' });
  state.connectors.push(connector);
  const r = addGroupSpec(ctx, {
    id: group,
    topics,
    members: connector.tasks.map((t) => t.client),
    config: settings.clientConfig,
  });
  if (r) {
    state.connectors.pop();
    return { ...r, field: r.field?.startsWith('config.') ? r.field : 'tasks' };
  }
  return null;
}

function taskOf(
  state: SimState,
  name: string,
  task: number,
): { connector: ConnectorState; t: ConnectorState['tasks'][number] } | Rejection {
  const connector = findConnector(state, name);
  if (!connector) return reject(`connector '${name}' does not exist`, null, 'connector');
  const t = connector.tasks.find((x) => x.task === task);
  if (!t)
    return reject(
      `connector '${name}' has tasks 0 to ${connector.tasks.length - 1}, not ${task}`,
      null,
      'task',
    );
  return { connector, t };
}

/** `connector.crashTask`: the task dies without closing; Connect marks it FAILED. */
export function crashConnectorTask(ctx: Ctx, name: string, task: number): Rejection | null {
  const found = taskOf(ctx.state, name, task);
  if ('reason' in found) return found;
  const { connector, t } = found;
  if (t.state !== 'RUNNING')
    return reject(`task ${name}-${task} is ${t.state}, not running`, null, 'task');
  if (connector.kind === 'source') crashSourceTask(ctx, connector, t);
  // A sink task is its consumer: the crash is the consumer's (connectSink.ts counts it).
  else return removeConsumer(ctx, t.client, false);
  return null;
}

/** `connector.restartTask` (REST: POST /connectors/<name>/tasks/<task>/restart). */
export function restartConnectorTask(ctx: Ctx, name: string, task: number): Rejection | null {
  const found = taskOf(ctx.state, name, task);
  if ('reason' in found) return found;
  const { connector, t } = found;
  if (t.state === 'RUNNING')
    return reject(`task ${name}-${task} is running: crash it first`, null, 'task');
  if (connector.kind === 'source') return restartSourceTask(ctx, connector, t);
  if (findConsumer(ctx.state, t.client))
    return reject(`task ${name}-${task}'s consumer is still closing`, null, 'task');
  t.state = 'RUNNING';
  const r = addConsumer(ctx, {
    type: 'consumer.add',
    group: sinkGroupId(name),
    consumer: t.client,
  });
  if (r) {
    t.state = 'FAILED';
    return r;
  }
  // A restarted task's commit clock starts now (WorkerSinkTask.initializeAndStart).
  connector.stats.taskRestarts++;
  emit(ctx, { type: 'connect.taskRestarted', connector: name, task, fromOffset: null });
  return null;
}
