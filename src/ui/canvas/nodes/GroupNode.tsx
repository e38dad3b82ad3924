/**
 * A consumer group as the coordinator sees it: its state machine with the current state lit,
 * generation, assignor and rebalance protocol, the coordinator broker, and the partitions no
 * member consumes right now. Its members are nodes of their own, placed inside this one.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { formatCount, formatTenths } from '../../format.ts';
import { memo, type MouseEvent } from 'react';
import type { GroupStateName } from '../../../engine/groupTypes.ts';
import { useSim, useSimulationStore } from '../../StoreContext.tsx';
import { ASSIGNOR_CHOICES, type GroupView } from '../groupView.ts';
import { GROUP_MACHINE_HEIGHT, GROUP_META_HEIGHT } from '../layout.ts';
import { useNodeData } from '../nodeData.ts';
import type { GroupNode as GroupNodeType } from '../selectNodes.ts';
import { PausedChip } from './PartitionChip.tsx';

const STATE_HELP: Record<string, string> = {
  Empty: 'Empty: no members (committed offsets are kept)',
  PreparingRebalance:
    'PreparingRebalance: the coordinator waits for every member to send JoinGroup',
  CompletingRebalance:
    'CompletingRebalance: the leader computes the assignment; members wait in SyncGroup',
  Stable: 'Stable: every member has its assignment and heartbeats',
};

function StatePill({ name, current }: { name: GroupStateName; current: GroupStateName | null }) {
  const on = name === current;
  return (
    <span
      className={`gsm-state${on ? ' is-current' : ''}`}
      data-state={name}
      {...(on ? { 'data-current': 'true', 'aria-current': 'step' as const } : {})}
      title={STATE_HELP[name]}
    >
      {name}
    </span>
  );
}

/** Empty → PreparingRebalance → CompletingRebalance → Stable, and Stable back to Preparing. */
const StateMachine = memo(function StateMachine({ current }: { current: GroupStateName | null }) {
  return (
    <div
      className="gsm"
      style={{ height: GROUP_MACHINE_HEIGHT }}
      role="group"
      aria-label={`Group state: ${current ?? 'none yet'}`}
    >
      <StatePill name="Empty" current={current} />
      <span className="gsm-arrow" aria-hidden="true">
        →
      </span>
      <StatePill name="PreparingRebalance" current={current} />
      <span />
      <span className="gsm-arrow" aria-hidden="true" title="A member joins, leaves or fails">
        ↗
      </span>
      <span className="gsm-arrow" aria-hidden="true">
        ↓
      </span>
      <StatePill name="Stable" current={current} />
      <span className="gsm-arrow" aria-hidden="true">
        ←
      </span>
      <StatePill name="CompletingRebalance" current={current} />
    </div>
  );
});

/** Past this many characters a group's name is set smaller: the header also holds the coordinator and "+ member". */
const LONG_GROUP_ID = 9;

/** The status line's tooltip: the line, or what the line is too short to say. */
function statusTitle(v: GroupView): string {
  if (v.rebalancing && v.initialDelay !== null)
    return `The group's first rebalance waits group.initial.rebalance.delay.ms (${formatTenths(v.initialDelay.delayMs)}, extended by the same again while new members keep joining, up to the rebalance timeout) so that members starting together get one assignment instead of a rebalance each; ${formatTenths(v.initialDelay.leftMs)} left. No partition is consumed meanwhile.`;
  return statusLine(v);
}

/** What the group is doing, in a line. */
function statusLine(v: GroupView): string {
  if (v.state === null) return 'Looking for its coordinator (FindCoordinator)';
  if (v.coordinator === null)
    return 'No coordinator has the group loaded: the leader of its __consumer_offsets partition is down or moving';
  if (v.rebalancing) {
    const since = v.rebalanceForMs === null ? '' : ` for ${formatTenths(v.rebalanceForMs)}`;
    if (v.initialDelay !== null)
      return `Initial rebalance delay: ${formatTenths(v.initialDelay.leftMs)} left`;
    const waitingFor = v.members.filter((m) => m.notRejoined !== null).map((m) => m.id);
    if (waitingFor.length > 0 && waitingFor.length < v.members.length)
      return `Rebalancing${since}: waiting for ${waitingFor.join(', ')} to rejoin`;
    return `Rebalancing${since}: ${v.reason ?? 'members are rejoining'}`;
  }
  if (v.state === 'Empty') return 'No members: offsets are kept for when one joins';
  const free = v.paused.length + v.hiddenPaused;
  const gone = v.members.filter((m) => m.status === 'gone').map((m) => m.id);
  if (gone.length > 0)
    return `Stable, but ${gone.join(', ')} is gone: its partitions wait for its session timeout`;
  if (free > 0 && v.protocol === 'cooperative')
    return `Stable; ${free} released: a second rebalance hands them over`;
  if (free > 0) return `Stable, but ${free} partitions have no consumer`;
  const k = v.connect;
  if (k && k.duplicates > 0)
    return `Stable; ${formatCount(k.duplicates)} records written to ${k.system} twice after a task crash (at-least-once)`;
  if (k)
    return `Stable: ${formatCount(k.written)} written to ${k.system}, ${formatCount(k.commits)} commits`;
  const s = v.streams;
  if (s && s.duplicates > 0)
    return `Stable; ${formatCount(s.duplicates)} outputs written twice after reprocessing (at-least-once)`;
  if (s) return `Stable: ${formatCount(s.processed)} processed, ${formatCount(s.commits)} commits`;
  return 'Stable: each partition has exactly one consumer';
}

/** A Kafka Connect sink's external system: where its tasks write what they consume. */
function SinkSystem({ v }: { v: GroupView }) {
  const k = v.connect!;
  return (
    <span
      className="connect-system"
      data-testid={`connect-system-${k.name}`}
      title={`Sink connector ${k.name}: its ${k.tasks.length} tasks (tasks.max=${k.tasksMax}) are the members of ${v.id}; each writes the records it polls to ${k.system} and commits its offsets every offset.flush.interval.ms (${formatCount(k.offsetFlushIntervalMs)} ms)`}
    >
      → {k.system}
    </span>
  );
}

/** A Kafka Streams application's output: where its members write what they process. */
function StreamsOutput({ v }: { v: GroupView }) {
  const s = v.streams!;
  return (
    <span
      className="streams-output"
      data-testid={`streams-output-${v.id}`}
      title={`Kafka Streams: every record processed is written to ${s.outputTopic} by the member's embedded producer (processing.guarantee=${s.guarantee}, commit.interval.ms=${s.commitIntervalMs}). Its assignor is StreamsPartitionAssignor, cooperative (stood in by cooperative-sticky)`}
    >
      → {s.outputTopic}
    </span>
  );
}

const PROTOCOL_HELP = {
  eager: 'Eager rebalance: every member gives up all its partitions before rejoining',
  cooperative:
    'Cooperative rebalance: members keep their partitions; only the ones that move stop, in a second rebalance',
  mixed: 'Members disagree on the rebalance protocol (some eager, some cooperative)',
} as const;

function AssignorSelect({ v }: { v: GroupView }) {
  const store = useSimulationStore();
  const configured = v.configuredAssignors.join(', ');
  const known = (ASSIGNOR_CHOICES as readonly string[]).includes(configured);
  return (
    <select
      className="assignor-select nodrag nopan"
      data-testid={`assignor-${v.id}`}
      value={configured}
      title={`partition.assignment.strategy = ${configured || '(none)'}; the coordinator chose ${v.assignor ?? 'none yet'}. Changing it makes every member rejoin.`}
      aria-label={`Assignor of group ${v.id}`}
      onChange={(e) =>
        store.getState().send({
          type: 'group.setConfig',
          group: v.id,
          config: { 'partition.assignment.strategy': e.currentTarget.value },
        })
      }
      onClick={(e) => e.stopPropagation()}
    >
      {!known && <option value={configured}>{configured || '(none)'}</option>}
      {ASSIGNOR_CHOICES.map((a) => (
        <option key={a} value={a}>
          {a}
        </option>
      ))}
    </select>
  );
}

function Meta({ v }: { v: GroupView }) {
  return (
    <div className="group-meta" style={{ height: GROUP_META_HEIGHT }}>
      <div className="group-meta-line">
        <span title="The generation: bumped by every rebalance">
          generation <strong data-testid={`generation-${v.id}`}>{v.generationId}</strong>
        </span>
        {v.streams ? (
          <StreamsOutput v={v} />
        ) : v.connect ? (
          <SinkSystem v={v} />
        ) : (
          <AssignorSelect v={v} />
        )}
        {v.protocol && !v.streams && (
          <span
            className={`protocol-badge protocol-${v.protocol}`}
            data-testid={`protocol-${v.id}`}
            title={PROTOCOL_HELP[v.protocol]}
          >
            {v.protocol}
          </span>
        )}
      </div>
      <div className="group-status" data-testid={`group-status-${v.id}`} title={statusTitle(v)}>
        {statusLine(v)}
      </div>
    </div>
  );
}

function PausedLane({ v, flies }: { v: GroupView; flies: boolean }) {
  // The clock moves every frame; only a lane with paused partitions shows it (for how long).
  const nowMs = useSim((s) => (v.paused.some((p) => p.sinceMs !== null) ? s.nowMs : 0));
  const none = v.paused.length === 0 && v.hiddenPaused === 0;
  return (
    <div className={`group-paused${none ? ' is-empty' : ''}`}>
      <div className="group-paused-label">
        {none ? 'Unowned: none' : `Unowned: ${v.paused.length + v.hiddenPaused}, not consumed`}
      </div>
      <ul className={`chips${v.shortChips ? '' : ' chips-long'}`} data-testid={`paused-${v.id}`}>
        {v.paused.map((p) => (
          <PausedChip
            key={p.key}
            groupId={v.id}
            chipKey={p.key}
            label={p.label}
            forMs={p.sinceMs === null ? null : nowMs - p.sinceMs}
            flies={flies}
          />
        ))}
        {v.hiddenPaused > 0 && <li className="chip chip-more">+{v.hiddenPaused}</li>}
      </ul>
    </div>
  );
}

export const GroupNode = memo(function GroupNode({ id, data: flowData }: NodeProps<GroupNodeType>) {
  const data = useNodeData(id, flowData);
  const v = data.view;
  const store = useSimulationStore();
  const selected = useSim((s) => s.selected?.kind === 'group' && s.selected.id === v.id);
  const select = () => store.getState().select({ kind: 'group', id: v.id });
  // A sink connector's tasks are started by Connect (tasks.max), not added by hand.
  const canAdd = v.connect === null;
  const addMember = (e: MouseEvent) => {
    e.stopPropagation();
    store.getState().send({ type: 'consumer.add', group: v.id });
  };
  return (
    <div
      className={`node node-group${v.rebalancing ? ' is-rebalancing' : ''}${selected ? ' is-selected' : ''}`}
      style={{ width: data.width, height: data.height }}
      data-testid={`group-${v.id}`}
      data-state={v.state ?? 'none'}
      data-generation={v.generationId}
    >
      <Handle
        type="target"
        position={Position.Left}
        isConnectable={false}
        className="group-handle"
      />
      <header className="node-header group-header" onClick={select} title="Show the group">
        <span className="node-name">
          <span
            className="node-kind"
            data-testid={`group-kind-${v.id}`}
            title={v.connect ? `Kafka Connect · sink → ${v.connect.system}` : undefined}
          >
            {v.streams ? 'Kafka Streams' : v.connect ? 'Kafka Connect · sink' : 'Consumer group'}
          </span>
          <span
            className={v.id.length > LONG_GROUP_ID ? 'node-title is-long' : 'node-title'}
            title={v.id}
          >
            {v.id}
          </span>
        </span>
        <span
          className="coordinator-badge"
          data-testid={`coordinator-${v.id}`}
          title={
            v.offsetsPartition === null
              ? 'The group coordinator: the broker leading the group’s __consumer_offsets partition'
              : `The group coordinator: the leader of __consumer_offsets-${v.offsetsPartition}`
          }
        >
          <span className="coordinator-label">coordinator</span>
          <span className="coordinator-value">
            {v.coordinator === null ? 'none' : `broker ${v.coordinator}`}
          </span>
        </span>
        {canAdd && (
          <button
            type="button"
            className="node-action node-action-add nodrag nopan"
            data-testid={`add-member-${v.id}`}
            onClick={addMember}
            title={`Start one more consumer in group ${v.id} (consumer.add)`}
          >
            + member
          </button>
        )}
      </header>
      <StateMachine current={v.state} />
      <Meta v={v} />
      <PausedLane v={v} flies={data.chipMotion} />
    </div>
  );
});
