/**
 * The ways to break (and mend) each thing on the canvas, as data: the context menu lists them,
 * the keyboard runs them on the selected entity, and the help lists their keys. Each action is
 * one or more engine commands; whether it is allowed right now is the engine's to say (a
 * refused command comes back as a `command.rejected` event and a notice).
 */
import { connectorOfClient } from '../engine/connect.ts';
import type { SimState } from '../engine/model.ts';
import type { EntityRef } from '../store/entities.ts';
import { ASSIGNOR_CHOICES } from './canvas/groupView.ts';
import { leaveHint } from './leaveHint.ts';
import { RESTART_HINT, restartCommand } from './restartConsumer.ts';

export { leaveHint };

export interface EntityAction {
  /** Stable id for tests: "crash", "isolate", "acks-1" … */
  id: string;
  label: string;
  /** The key that runs it on the selected entity (KeyboardEvent.key, case-insensitive). */
  key?: string;
  /** Commands sent in order; empty for UI-only actions (see `ui`). */
  commands: unknown[];
  /** A UI-only action: select the entity's partition log, for instance. */
  ui?: 'showLog';
  /** What it does, in Kafka's terms, for the tooltip. */
  hint: string;
  /** Destroys something (crash, remove): drawn in red. */
  danger?: boolean;
}

/** The extra latency "slow" gives a broker, and the processing time it gives a consumer. */
export const SLOW_BROKER_MS = 100;
export const SLOW_CONSUMER_MS = 100;

/**
 * `broker.isolate` is a network partition between brokers: the broker loses the controller and
 * the other brokers, while clients still reach it (network.ts linkCut). The words say exactly that.
 */
export const CUT_OFF_LABEL =
  'Cut off from the other brokers and the controller (clients still reach it)';
export const CUT_OFF_HINT =
  'A network partition: it loses the controller and the other brokers, but keeps running and clients still reach it. The controller fences it after broker.session.timeout.ms; as a leader it may acknowledge acks=1 writes it will lose';
export const RECONNECT_LABEL = 'Reconnect to the other brokers and the controller';

function brokerActions(state: SimState, id: number): EntityAction[] {
  const b = state.brokers.find((x) => x.id === id);
  if (!b) return [];
  const out: EntityAction[] = [];
  if (b.alive) {
    out.push({
      id: 'crash',
      label: 'Crash',
      key: 'c',
      commands: [{ type: 'broker.crash', broker: id }],
      hint: 'Kill the broker process: the controller fences it after broker.session.timeout.ms and moves its leaderships',
      danger: true,
    });
    if (!b.controlledShutdown)
      out.push({
        id: 'shutdown',
        label: 'Shut down gracefully',
        key: 'g',
        commands: [{ type: 'broker.shutdown', broker: id }],
        hint: 'A controlled shutdown: the controller moves its leaderships away first, and it stops once the others know the new leaders',
      });
  } else
    out.push({
      id: 'restart',
      label: 'Restart',
      key: 'r',
      commands: [{ type: 'broker.restart', broker: id }],
      hint: 'Start it again: it registers with the controller, truncates to the leader epoch and catches up',
    });
  // A broker that is down has no links at all: cutting it off or slowing it means nothing
  // until it restarts. What it carries over a restart (a cut, extra latency) can be undone.
  if (b.isolated)
    out.push({
      id: 'heal',
      label: RECONNECT_LABEL,
      key: 'i',
      commands: [{ type: 'broker.heal', broker: id }],
      hint: 'Heal the network partition: it reaches the controller and the other brokers again',
    });
  else if (b.alive)
    out.push({
      id: 'isolate',
      label: CUT_OFF_LABEL,
      key: 'i',
      commands: [{ type: 'broker.isolate', broker: id }],
      hint: CUT_OFF_HINT,
      danger: true,
    });
  if (b.extraLatencyMs > 0)
    out.push({
      id: 'unslow',
      label: `Remove the +${b.extraLatencyMs} ms latency`,
      key: 's',
      commands: [{ type: 'broker.slow', broker: id, extraLatencyMs: 0 }],
      hint: 'Back to the cluster’s normal network latency',
    });
  else if (b.alive)
    out.push({
      id: 'slow',
      label: `Slow down (+${SLOW_BROKER_MS} ms latency)`,
      key: 's',
      commands: [{ type: 'broker.slow', broker: id, extraLatencyMs: SLOW_BROKER_MS }],
      hint: 'Add latency to every message to and from it: followers fall behind, produce requests wait',
    });
  return out;
}

/**
 * A Kafka Connect source task's producer: crash the task, or restart it once it failed (the
 * REST call POST /connectors/<name>/tasks/<n>/restart), with the broker keys C and R.
 */
function connectTaskActions(state: SimState, clientId: string): EntityAction[] {
  const owner = connectorOfClient(state, clientId);
  if (!owner) return [];
  const { connector, task } = owner;
  const failed = connector.tasks.some((t) => t.task === task && t.state === 'FAILED');
  return [
    failed
      ? {
          id: 'restart-task',
          label: `Restart task ${task}`,
          key: 'r',
          commands: [{ type: 'connector.restartTask', connector: connector.name, task }],
          hint: 'POST /connectors/<name>/tasks/<n>/restart: it resumes from the last committed source offset, so rows read since then land twice',
        }
      : {
          id: 'crash-task',
          label: `Crash task ${task}`,
          key: 'c',
          commands: [{ type: 'connector.crashTask', connector: connector.name, task }],
          hint: 'The task dies: Connect marks it FAILED; what it read since its last offset commit is read again after a restart',
          danger: true,
        },
  ];
}

function producerActions(state: SimState, id: string): EntityAction[] {
  // A Kafka Connect source task's producer is the connector's: its rate is the table's, and
  // removing it would leave the connector without its task. Its task can crash and restart
  // (also while FAILED, when the producer is gone and its node stays).
  const task = connectTaskActions(state, id);
  if (task.length > 0) return task;
  const p = state.producers.find((x) => x.id === id);
  if (!p) return [];
  const rate = p.ratePerSec;
  const out: EntityAction[] = [
    {
      id: 'rate-up',
      label: `Double the rate (${Math.max(1, rate * 2)} rec/s)`,
      key: ']',
      commands: [{ type: 'producer.setRate', producer: id, ratePerSec: Math.max(1, rate * 2) }],
      hint: 'Send twice as many records per second',
    },
    {
      id: 'rate-down',
      label: `Halve the rate (${Math.floor(rate / 2)} rec/s)`,
      key: '[',
      commands: [{ type: 'producer.setRate', producer: id, ratePerSec: Math.floor(rate / 2) }],
      hint: 'Send half as many records per second',
    },
  ];
  for (const acks of ['0', '1', 'all'])
    out.push({
      id: `acks-${acks}`,
      label: `acks=${acks}`,
      key: acks === 'all' ? 'a' : acks,
      commands: [{ type: 'producer.setConfig', producer: id, config: { acks } }],
      hint:
        acks === '0'
          ? 'Fire and forget: no acknowledgement at all'
          : acks === '1'
            ? 'The leader alone acknowledges: a leader crash can lose acknowledged records'
            : 'Every in-sync replica must have it (min.insync.replicas)',
    });
  out.push({
    id: 'remove',
    label: 'Remove producer',
    key: 'Delete',
    commands: [{ type: 'producer.remove', producer: id }],
    hint: 'Close it at once: records not yet acknowledged are abandoned',
    danger: true,
  });
  return out;
}

/**
 * What close() does, for a dynamic or a static member: only a dynamic member sends LeaveGroup
 * (AbstractCoordinator.maybeLeaveGroup); a static one (KIP-345) keeps its place until
 * session.timeout.ms, so a quick restart costs no rebalance.
 */

function consumerActions(state: SimState, id: string): EntityAction[] {
  const c = state.consumers.find((x) => x.id === id);
  if (!c) {
    // Crashed, and its group still counts it: it can be started again.
    const restart = restartCommand(state, id);
    return restart === null
      ? []
      : [{ id: 'restart', label: 'Restart', key: 'r', commands: [restart], hint: RESTART_HINT }];
  }
  const slow = c.processingTimeMsPerRecord > 0;
  return [
    {
      id: 'crash',
      label: 'Crash',
      key: 'c',
      commands: [{ type: 'consumer.crash', consumer: id }],
      hint: 'Kill the process: no LeaveGroup; the coordinator notices after session.timeout.ms',
      danger: true,
    },
    {
      id: 'leave',
      label: 'Leave gracefully',
      key: 'l',
      commands: [{ type: 'consumer.leave', consumer: id }],
      hint: leaveHint(c.group?.groupInstanceId ?? null),
    },
    slow
      ? {
          id: 'unslow',
          label: 'Process at full speed (0 ms/record)',
          key: 's',
          commands: [{ type: 'consumer.setProcessingTime', consumer: id, processingTimeMs: 0 }],
          hint: 'No processing time per record',
        }
      : {
          id: 'slow',
          label: `Slow processing (${SLOW_CONSUMER_MS} ms/record)`,
          key: 's',
          commands: [
            {
              type: 'consumer.setProcessingTime',
              consumer: id,
              processingTimeMs: SLOW_CONSUMER_MS,
            },
          ],
          hint: 'Each record takes longer: lag grows, and past max.poll.interval.ms it leaves the group',
        },
  ];
}

function groupActions(id: string): EntityAction[] {
  const out: EntityAction[] = [
    {
      id: 'add-member',
      label: 'Add a member',
      key: '+',
      commands: [{ type: 'consumer.add', group: id }],
      hint: 'Start one more consumer in the group: a rebalance follows',
    },
  ];
  for (const a of ASSIGNOR_CHOICES)
    out.push({
      id: `assignor-${a}`,
      label: `Assignor: ${a}`,
      commands: [
        { type: 'group.setConfig', group: id, config: { 'partition.assignment.strategy': a } },
      ],
      hint: 'partition.assignment.strategy; every member rejoins with it (rolling bounces)',
    });
  return out;
}

function partitionActions(state: SimState, topic: string, partition: number): EntityAction[] {
  const t = state.topics.find((x) => x.name === topic);
  if (!t || t.internal) return [];
  const total = t.partitions.length + 1;
  const p = t.partitions[partition];
  const reassigning =
    p !== undefined && (p.addingReplicas.length > 0 || p.removingReplicas.length > 0);
  return [
    {
      id: 'show-log',
      label: 'Show the log',
      commands: [],
      ui: 'showLog',
      hint: 'Open the partition’s log under the canvas',
    },
    {
      id: 'add-partition',
      label: `Add a partition to ${topic} (${total} in all)`,
      key: 'p',
      commands: [{ type: 'topic.addPartitions', topic, partitions: total }],
      hint: 'kafka-topics --alter --partitions: keys may map to other partitions afterwards',
    },
    // A reassignment is started from the inspector (it needs the new replicas); stopped here too.
    ...(reassigning
      ? [
          {
            id: 'cancel-reassignment',
            label: 'Cancel the reassignment',
            commands: [{ type: 'partition.cancelReassignment', topic, partition }],
            hint: 'kafka-reassign-partitions --cancel: the replicas being added leave, the others stay',
          },
        ]
      : []),
  ];
}

/** What can be done to an entity now. */
export function entityActions(state: SimState, ref: EntityRef): EntityAction[] {
  switch (ref.kind) {
    case 'broker':
      return brokerActions(state, ref.id);
    case 'producer':
      return producerActions(state, ref.id);
    case 'consumer':
      return consumerActions(state, ref.id);
    case 'group':
      return groupActions(ref.id);
    case 'partition':
      return partitionActions(state, ref.topic, ref.partition);
  }
}

/** The action a key press runs on the entity, or null. Delete and Backspace both remove. */
export function actionForKey(actions: readonly EntityAction[], key: string): EntityAction | null {
  const k = key === 'Backspace' ? 'Delete' : key;
  return (
    actions.find((a) => a.key !== undefined && a.key.toLowerCase() === k.toLowerCase()) ?? null
  );
}

/** Every shortcut, for the help: per kind of entity, the keys and what they do. */
export const SHORTCUTS: readonly { what: string; keys: [string, string][] }[] = [
  {
    what: 'Anywhere',
    keys: [
      ['Space', 'play / pause'],
      ['?', 'this help'],
      ['F', 'focus on the canvas: fold the side panel away / bring it back'],
      ['Esc', 'close a menu, then deselect'],
    ],
  },
  {
    what: 'Selected broker',
    keys: [
      ['C', 'crash'],
      ['G', 'shut down gracefully (controlled shutdown)'],
      ['R', 'restart'],
      [
        'I',
        'cut off from the other brokers and the controller (clients still reach it) / reconnect',
      ],
      ['S', `slow (+${SLOW_BROKER_MS} ms) / normal`],
    ],
  },
  {
    what: 'Selected consumer',
    keys: [
      ['C', 'crash'],
      ['L', 'leave gracefully'],
      ['S', `slow processing (${SLOW_CONSUMER_MS} ms/record) / normal`],
    ],
  },
  { what: 'Selected group', keys: [['+', 'add a member']] },
  {
    what: 'Selected producer',
    keys: [
      ['0 1 A', 'acks=0, 1, all'],
      ['[ ]', 'halve / double the rate'],
      ['Delete', 'remove'],
      ['C R', 'a Kafka Connect source task: crash / restart'],
    ],
  },
  { what: 'Selected partition', keys: [['P', 'add a partition to its topic']] },
];
