/**
 * A member of a consumer group as the member itself sees it: its MemberState, the partitions it
 * consumes (chips), whether it leads the group (runs the assignor), its static
 * group.instance.id; and the ways to break it: crash, leave gracefully, slow its processing.
 * A member whose consumer is gone but the coordinator still counts is drawn as a ghost with
 * the time its session has left.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { STREAMS_ANCHOR_FRACTION, STREAMS_OUT_HANDLE } from '../streamsView.ts';
import { memo, type MouseEvent } from 'react';
import { leaveHint } from '../../leaveHint.ts';
import { RESTART_HINT, restartCommand } from '../../restartConsumer.ts';
import { formatCount, formatTenths } from '../../format.ts';
import { useSim, useSimulationStore } from '../../StoreContext.tsx';
import type { MemberView } from '../groupView.ts';
import { CHIP_GAP, CHIP_ROW_HEIGHT } from '../layout.ts';
import { useNodeData } from '../nodeData.ts';
import type { MemberNode as MemberNodeType } from '../selectNodes.ts';
import { OwnedChip } from './PartitionChip.tsx';

/** Processing time per record a person can pick (consumer.setProcessingTime). */
export const PROCESSING_CHOICES_MS: readonly number[] = [0, 1, 5, 20, 100, 500, 1000];

const STATE_HELP: Record<string, string> = {
  UNJOINED: 'UNJOINED: not in the group yet (finding the coordinator, or between joins)',
  PREPARING_REBALANCE: 'PREPARING_REBALANCE: sent JoinGroup, waiting for the other members',
  COMPLETING_REBALANCE: 'COMPLETING_REBALANCE: joined; waiting in SyncGroup for its assignment',
  STABLE: 'STABLE: has its assignment and heartbeats',
};

function stop(e: MouseEvent) {
  e.stopPropagation();
}

function Actions({ v }: { v: MemberView }) {
  const store = useSimulationStore();
  const send = (type: 'consumer.crash' | 'consumer.leave') => (e: MouseEvent) => {
    e.stopPropagation();
    store.getState().send({ type, consumer: v.id });
  };
  return (
    <span className="member-actions">
      <button
        type="button"
        className="node-action nodrag nopan"
        data-testid={`crash-${v.id}`}
        onClick={send('consumer.crash')}
        title="Kill the process: no LeaveGroup; the coordinator notices only when session.timeout.ms passes without a heartbeat"
      >
        Crash
      </button>
      <button
        type="button"
        className="node-action nodrag nopan"
        data-testid={`leave-${v.id}`}
        onClick={send('consumer.leave')}
        title={leaveHint(v.groupInstanceId)}
      >
        Leave
      </button>
    </span>
  );
}

/** A crashed member its group still counts: started again as the same client. */
function RestartAction({ v }: { v: MemberView }) {
  const store = useSimulationStore();
  const restart = (e: MouseEvent) => {
    e.stopPropagation();
    const state = store.getState().simulation?.state;
    const command = state ? restartCommand(state, v.id, v.groupId) : null;
    if (command !== null) store.getState().send(command);
  };
  return (
    <span className="member-actions">
      <button
        type="button"
        className="node-action nodrag nopan"
        data-testid={`restart-${v.id}`}
        aria-label={`Restart ${v.id}`}
        onClick={restart}
        title={RESTART_HINT}
      >
        Restart
      </button>
    </span>
  );
}

function ProcessingSelect({ v }: { v: MemberView }) {
  const store = useSimulationStore();
  const choices = PROCESSING_CHOICES_MS.includes(v.processingTimeMs)
    ? PROCESSING_CHOICES_MS
    : [...PROCESSING_CHOICES_MS, v.processingTimeMs].sort((a, b) => a - b);
  return (
    <label
      className="member-processing"
      title="Processing time per record returned by poll(): a slow member can exceed max.poll.interval.ms and be removed from the group"
    >
      <select
        className="nodrag nopan"
        data-testid={`processing-${v.id}`}
        value={v.processingTimeMs}
        aria-label={`Processing time per record of ${v.id}`}
        onClick={stop}
        onChange={(e) =>
          store.getState().send({
            type: 'consumer.setProcessingTime',
            consumer: v.id,
            processingTimeMs: Number(e.currentTarget.value),
          })
        }
      >
        {choices.map((ms) => (
          <option key={ms} value={ms}>
            {ms} ms
          </option>
        ))}
      </select>
      <span>/record</span>
    </label>
  );
}

function Badges({ v }: { v: MemberView }) {
  return (
    <div className="member-state">
      {v.status === 'gone' ? (
        <span className="member-badge badge-gone" title="Its consumer is gone">
          GONE
        </span>
      ) : (
        <span
          className={`member-badge badge-${v.memberState ?? 'none'}`}
          data-testid={`member-state-${v.id}`}
          title={STATE_HELP[v.memberState ?? ''] ?? ''}
        >
          {v.memberState}
        </span>
      )}
      {v.notRejoined !== null && (
        <span
          className="member-badge badge-not-rejoined"
          data-testid={`not-rejoined-${v.id}`}
          title={
            v.notRejoined.busyMs === null
              ? 'The group is rebalancing and this member has not sent its JoinGroup yet: it learns of the rebalance from its next heartbeat’s answer (REBALANCE_IN_PROGRESS, every heartbeat.interval.ms) and rejoins from its next poll(). The whole group waits for it (up to max.poll.interval.ms)'
              : `The group is rebalancing and this member has not rejoined: it is still processing the records of its last poll (${formatTenths(v.notRejoined.busyMs)} more), and rejoins only from its next poll(). The whole group waits for it (up to max.poll.interval.ms); with eager rebalancing nobody consumes meanwhile`
          }
        >
          {v.notRejoined.busyMs === null
            ? 'not rejoined'
            : `busy ${formatTenths(v.notRejoined.busyMs)} · not rejoined`}
        </span>
      )}
      {v.leader && (
        <span
          className="member-badge badge-leader"
          data-testid={`leader-${v.id}`}
          title="Group leader: the member that runs the assignor and sends everyone's assignment in its SyncGroup"
        >
          leader
        </span>
      )}
      {v.streamsPhase !== null && v.streamsPhase !== 'running' && (
        <span
          className="member-badge badge-streams"
          data-testid={`streams-phase-${v.id}`}
          title={
            v.streamsPhase === 'flushing'
              ? 'Kafka Streams commit: waiting for its producer to have every output acknowledged (flush), before committing its offsets'
              : 'Kafka Streams commit: its producer is flushed; waiting for the OffsetCommit answer (commitSync)'
          }
        >
          {v.streamsPhase}
        </span>
      )}
      {v.groupInstanceId !== null && (
        <span
          className="member-badge badge-static"
          title={`Static member (KIP-345): group.instance.id=${v.groupInstanceId}. A restart within session.timeout.ms gets its partitions back without a rebalance`}
        >
          static: {v.groupInstanceId}
        </span>
      )}
    </div>
  );
}

function Chips({ v, rows, flies }: { v: MemberView; rows: number; flies: boolean }) {
  const height = rows * CHIP_ROW_HEIGHT + CHIP_GAP;
  if (v.status === 'gone') {
    const left = v.sessionExpiresInMs ?? 0;
    return (
      <div className="member-chips member-ghost-text" style={{ height }}>
        <span>
          Crashed or closed: the coordinator still counts it until its session times out in{' '}
          <strong data-testid={`session-left-${v.id}`}>{(left / 1000).toFixed(1)} s</strong>
        </span>
      </div>
    );
  }
  if (v.error !== null) {
    return (
      <div className="member-chips member-error-text" style={{ height }} role="alert">
        <span>Stopped: {v.error}</span>
      </div>
    );
  }
  if (v.chips.length === 0) {
    return (
      <div className="member-chips member-idle-text" style={{ height }}>
        <span>{v.note}</span>
      </div>
    );
  }
  return (
    <div className="member-chips" style={{ height }}>
      <ul className={`chips${v.shortChips ? '' : ' chips-long'}`} data-testid={`chips-${v.id}`}>
        {v.chips.map((c) => (
          <OwnedChip
            key={c.key}
            groupId={v.groupId}
            owner={v.id}
            chipKey={c.key}
            label={c.label}
            partition={c.partition}
            position={c.position}
            lag={c.lag}
            revoking={c.revoking}
            staleOwner={c.staleOwner}
            flies={flies}
          />
        ))}
        {v.hiddenChips > 0 && <li className="chip chip-more">+{v.hiddenChips}</li>}
      </ul>
    </div>
  );
}

function Footer({ v }: { v: MemberView }) {
  if (v.status === 'gone') return <p className="member-footer" />;
  const lag = v.chips.reduce((n, c) => n + (c.lag ?? 0), 0);
  return (
    <p className="member-footer">
      <span title="Records poll() returned to the application">
        <strong data-testid={`consumed-${v.id}`}>{formatCount(v.consumed)}</strong> read
      </span>
      {v.chips.length > 0 && (
        <span title="records-lag, the consumer's own metric: on its partitions, the high watermark of its last fetch minus its position. The charts and kafka-consumer-groups show lag from the committed offset instead, which is larger">
          records-lag <strong>{formatCount(lag)}</strong>
        </span>
      )}
      <ProcessingSelect v={v} />
    </p>
  );
}

/**
 * Names longer than this keep their near size when the canvas is far (detailLevel.ts): the
 * header shares its line with the Crash and Leave buttons.
 */
const LONG_NAME_CHARS = 10;

/** Characters kept at a name's end when it does not fit: what tells payments-app-1 from -2. */
const NAME_TAIL_CHARS = 3;

/**
 * A member's name, cut in the middle when it does not fit (payments-a…p-1), not at its end:
 * members of one group share their beginning and differ at the end.
 */
function MemberName({ name }: { name: string }) {
  if (name.length <= NAME_TAIL_CHARS + 3) return name;
  return (
    <>
      <span className="member-name-head">{name.slice(0, -NAME_TAIL_CHARS)}</span>
      <span className="member-name-tail">{name.slice(-NAME_TAIL_CHARS)}</span>
    </>
  );
}

export const MemberNode = memo(function MemberNode({
  id,
  data: flowData,
}: NodeProps<MemberNodeType>) {
  const data = useNodeData(id, flowData);
  const v = data.view;
  const store = useSimulationStore();
  const selected = useSim((s) => s.selected?.kind === 'consumer' && s.selected.id === v.id);
  const classes = [
    'node',
    'node-member',
    `member-${v.status}`,
    v.idle ? 'is-idle' : '',
    selected ? 'is-selected' : '',
  ].filter(Boolean);
  const name = v.connectTask === null ? v.id : `task ${v.connectTask} · ${v.id}`;
  return (
    <div
      className={classes.join(' ')}
      style={{ width: data.width, height: data.height }}
      data-testid={`member-${v.id}`}
      data-member-state={v.memberState ?? 'GONE'}
      data-idle={v.idle}
      data-leader={v.leader}
      onClick={() => store.getState().select({ kind: 'consumer', id: v.id })}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      {v.streamsPhase !== null && (
        // Its embedded producer's line back to the brokers, below the fetch line (streamsEdges).
        <Handle
          type="source"
          id={STREAMS_OUT_HANDLE}
          position={Position.Left}
          isConnectable={false}
          className="streams-handle"
          style={{ top: `${STREAMS_ANCHOR_FRACTION * 100}%` }}
        />
      )}
      <header className="member-header">
        <span
          className={`member-name${name.length > LONG_NAME_CHARS ? ' is-long' : ''}`}
          title={`${v.connectTask === null ? '' : `${v.id}: a Kafka Connect sink task; `}member id ${v.memberId ?? '(none yet)'}`}
        >
          <MemberName name={name} />
        </span>
        {v.status === 'live' && <Actions v={v} />}
        {v.restartable && <RestartAction v={v} />}
      </header>
      <Badges v={v} />
      <Chips v={v} rows={data.chipRows} flies={data.chipMotion} />
      <Footer v={v} />
    </div>
  );
});
