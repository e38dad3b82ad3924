import { Handle, Position, type NodeProps } from '@xyflow/react';
import { STREAMS_IN_HANDLE } from '../streamsView.ts';
import { memo } from 'react';
import { useSim, useSimulationStore } from '../../StoreContext.tsx';
import { formatCount, formatTenths } from '../../format.ts';
import { useNodeData } from '../nodeData.ts';
import type { BrokerNode as BrokerNodeType } from '../selectNodes.ts';
import type { BrokerView, InternalTopicView, ReplicaView } from '../views.ts';
import { BrokerFlash, LeaderMark, leaderLayoutId } from './MotionParts.tsx';
import {
  isrText,
  laggingInIsrMark,
  replicaTitle,
  staleLeaderMark,
  underMinIsr,
  underMinIsrMark,
} from './replicaText.ts';

function Offset({
  label,
  title,
  value,
  testId,
}: {
  label: string;
  title: string;
  value: number;
  testId?: string;
}) {
  return (
    <div className={`offset offset-${label.toLowerCase()}`} title={title}>
      <span className="offset-label">{label}</span>
      <span className="offset-value" {...(testId ? { 'data-testid': testId } : {})}>
        {formatCount(value)}
      </span>
    </div>
  );
}

/**
 * Names longer than this are set smaller when the canvas is far (detailLevel.ts): at its far
 * size a follower's name shares the tile's line with an offset of up to seven characters.
 */
const LONG_KEY_CHARS = 12;

function ReplicaTile({ broker, down, r }: { broker: number; down: boolean; r: ReplicaView }) {
  const store = useSimulationStore();
  const selected = useSim(
    (s) =>
      s.selected?.kind === 'partition' &&
      s.selected.topic === r.topic &&
      s.selected.partition === r.partition,
  );
  const leader = r.role === 'leader';
  const zombie = r.staleLeaderEpoch !== null;
  // Only the leader's offsets get the short test ids: there is one leader per partition.
  const ids = leader
    ? { leo: `leo-${r.key}`, hw: `hw-${r.key}` }
    : { leo: `leo-${broker}-${r.key}` };
  const elr = r.elr.length > 0 ? ` · ELR [${r.elr.join(', ')}]` : '';
  let detail: string;
  if (r.role === 'offline') detail = `no leader · ${isrText(r.isr)}${elr}`;
  else if (leader) detail = `${isrText(r.isr)}${elr}`;
  else if (r.eligible) detail = 'eligible (ELR)';
  else if (r.role === 'outOfSync') detail = 'out of sync';
  else detail = 'in sync';
  // In the ISR, yet behind for a while: the words say so (in sync ≠ has every record).
  const lagging = laggingInIsrMark(r);
  // A reassignment in progress: this copy is being added (catching up) or will be removed.
  if (r.reassignment === 'adding')
    detail = r.role !== 'outOfSync' ? `${detail} · adding` : down ? 'adding' : 'adding · copying';
  else if (r.reassignment === 'removing') detail = `${detail} · removing`;
  const badge = r.role === 'outOfSync' ? 'follower' : r.role;
  // A zombie leader's own view replaces the controller's words (the tooltip keeps both).
  const line = zombie ? (
    <span className="stale-leader" data-testid={`stale-leader-${broker}-${r.key}`}>
      {staleLeaderMark(r.staleLeaderEpoch ?? 0)}
    </span>
  ) : (
    <>
      <span className="role-badge">{badge}</span>{' '}
      {lagging !== null && r.reassignment === null ? (
        <span className="lagging-in-isr" data-testid={`lagging-${broker}-${r.key}`}>
          {lagging}
        </span>
      ) : (
        detail
      )}
      {underMinIsr(r) && (
        <>
          {' '}
          <span className="under-min-isr" data-testid={`under-min-isr-${r.key}`}>
            {underMinIsrMark(r)}
          </span>
        </>
      )}
    </>
  );
  return (
    <li
      className={`replica replica-${r.role}${zombie ? ' replica-stale-leader' : ''}${r.replicating ? '' : ' replica-idle'}${selected ? ' is-selected' : ''}`}
      data-testid={`replica-${broker}-${r.key}`}
      data-role={r.role}
      title={replicaTitle(r, broker, down)}
      onClick={(e) => {
        e.stopPropagation();
        store.getState().select({ kind: 'partition', topic: r.topic, partition: r.partition });
      }}
      onContextMenu={(e) => {
        e.preventDefault();
        e.stopPropagation();
        store.getState().openMenu({
          entity: { kind: 'partition', topic: r.topic, partition: r.partition },
          x: e.clientX,
          y: e.clientY,
        });
      }}
    >
      {leader && <LeaderMark layoutId={leaderLayoutId(r.key)} dependency={String(broker)} />}
      <div className="replica-name">
        <span className={`replica-key${r.key.length > LONG_KEY_CHARS ? ' is-long' : ''}`}>
          {r.key}
        </span>
        <span className="replica-detail" data-testid={`replica-detail-${broker}-${r.key}`}>
          {line}
        </span>
      </div>
      <div className="replica-offsets">
        {leader && (
          <Offset
            label="start"
            title="Log start offset: the oldest offset still in the log (retention moves it)"
            value={r.logStartOffset}
            testId={`log-start-${r.key}`}
          />
        )}
        <Offset
          label="LEO"
          title="Log end offset: the offset the next record appended here will get"
          value={r.logEndOffset}
          testId={ids.leo}
        />
        {leader && (
          <Offset
            label="HW"
            title="High watermark: consumers read up to here"
            value={r.highWatermark}
            {...(ids.hw ? { testId: ids.hw } : {})}
          />
        )}
      </div>
    </li>
  );
}

/**
 * A tile's view is a new object on every engine step; the tile is drawn again only when
 * something on it changed (most frames move the offsets of some partitions, not all of them).
 * A view's fields are plain values or arrays of them (the ISR).
 */
function sameReplica(a: ReplicaView, b: ReplicaView): boolean {
  const keys = Object.keys(a) as (keyof ReplicaView)[];
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (!Array.isArray(x) || !Array.isArray(y) || x.length !== y.length) return false;
    if (x.some((v, i) => v !== y[i])) return false;
  }
  return true;
}

const Tile = memo(
  ReplicaTile,
  (a, b) => a.broker === b.broker && a.down === b.down && sameReplica(a.r, b.r),
);

/**
 * An internal topic in one line instead of a tile per replica: how many of its partitions this
 * broker leads, and (for `__consumer_offsets`) the groups it coordinates because of that.
 */
function InternalTopicRow({
  broker,
  t,
  coordinates,
}: {
  broker: number;
  t: InternalTopicView;
  coordinates: string[];
}) {
  const coordinating = coordinates.length > 0;
  return (
    <li
      className={`internal-topic${coordinating ? ' is-coordinator' : ''}`}
      data-testid={`internal-${broker}-${t.name}`}
      title={`${t.name}: Kafka's internal topic of committed offsets and group metadata. Broker ${broker} hosts ${t.hosts} of its ${t.partitions} partitions and leads ${t.leads}; the leader of a group's partition is that group's coordinator.`}
    >
      <span className="internal-line">
        <span className="internal-name">{t.name}</span>
        <span className="internal-kind">internal</span>
      </span>
      <span className="internal-detail">
        {t.partitions === 0 ? (
          'created when the first group appears'
        ) : (
          <>
            leads <strong>{t.leads}</strong> of {t.partitions}
            {' · '}
            {coordinating ? (
              <span className="coordinates" data-testid={`coordinates-${broker}`}>
                coordinator of {coordinates.join(', ')}
              </span>
            ) : (
              'no groups'
            )}
          </>
        )}
      </span>
    </li>
  );
}

/**
 * "down · fenced in 6 s": the broker is gone, and the controller has not noticed yet. It counts
 * the broker as leader and ISR member until broker.session.timeout.ms passes without a
 * heartbeat; the leaderships on its tiles move only then.
 */
function fenceCountdown(v: BrokerView): { text: string; title: string } | null {
  if (v.fencedInS === null) return null;
  const timeout = formatTenths(v.sessionTimeoutMs);
  // Crashed, its partitions take no writes; cut off, clients still reach it (a zombie leader).
  const writes = v.alive
    ? 'Clients still reach it: as a leader it still acknowledges acks=1 writes, which are lost once it is fenced and learns of the new leader; acks=all writes time out, as its followers no longer fetch from it.'
    : 'Writes to the partitions it leads wait and are retried by the producers.';
  return {
    text: `fenced in ${v.fencedInS} s`,
    title: ` The controller has not noticed yet: it fences a broker whose heartbeats stop for broker.session.timeout.ms (${timeout}), in ${v.fencedInS} s. Until then it still counts the broker as leader and in-sync replica, and its leaderships do not move. ${writes}`,
  };
}

function BrokerStatus({ v }: { v: BrokerView }) {
  const fence = fenceCountdown(v);
  if (!v.alive || v.isolated)
    return (
      <span
        className={`status ${v.alive ? 'status-warn' : 'status-down'}${fence ? ' status-two-lines' : ''}`}
        data-testid={`broker-status-${v.id}`}
        title={`${v.alive ? 'Cut off from the controller and the other brokers (clients still reach it).' : 'Crashed: the process is gone, its log stays on disk.'}${fence?.title ?? ''}`}
      >
        {v.alive ? 'isolated' : 'down'}
        {fence && <span className="status-sub">{fence.text}</span>}
      </span>
    );
  if (v.shuttingDown)
    return (
      <span
        className="status status-warn"
        data-testid={`stopping-${v.id}`}
        title="Shutting down gracefully (controlled shutdown): the controller moves its leaderships and takes it out of every ISR; it stops once the other brokers know the new leaders"
      >
        stopping
      </span>
    );
  if (v.registering)
    return (
      <span
        className="status status-warn"
        data-testid={`registering-${v.id}`}
        title="Restarted: it registers with the controller before it serves, and is refused (DUPLICATE_BROKER_REGISTRATION) while its previous run's session is still live (broker.session.timeout.ms)"
      >
        starting
      </span>
    );
  if (v.fenced)
    return (
      <span
        className="status status-warn"
        title="Fenced by the controller: it may not lead or be in an ISR until it heartbeats and catches up"
      >
        fenced
      </span>
    );
  return <span className="status status-up">up</span>;
}

function ControllerBadge({ v }: { v: BrokerView }) {
  if (v.controller === null) return null;
  const active = v.controller === 'active';
  return (
    <span
      className={`controller-badge${active ? ' is-active' : ''}`}
      title={
        active
          ? 'Active controller: elected by the KRaft quorum; fences brokers and elects leaders. Kafka 4 has no ZooKeeper (KIP-500): this Raft quorum of controllers keeps the metadata ZooKeeper used to hold, and elects the controller ZooKeeper used to choose.'
          : 'Controller voter: one of the KRaft quorum (combined mode), which replaced ZooKeeper in Kafka 4 (KIP-500)'
      }
    >
      {active ? 'active controller' : 'voter'}
    </span>
  );
}

export const BrokerNode = memo(function BrokerNode({
  id,
  data: flowData,
}: NodeProps<BrokerNodeType>) {
  const v = useNodeData(id, flowData).view;
  const store = useSimulationStore();
  const selected = useSim((s) => s.selected?.kind === 'broker' && s.selected.id === v.id);
  const toggle = () =>
    store.getState().send({ type: v.alive ? 'broker.crash' : 'broker.restart', broker: v.id });
  return (
    <div
      className={`node node-broker${v.alive ? '' : ' is-down'}${selected ? ' is-selected' : ''}`}
      data-testid={`broker-${v.id}`}
      data-alive={v.alive}
    >
      <BrokerFlash alive={v.alive} />
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <header className="node-header">
        <span className="node-name">
          <span className="node-title">Broker {v.id}</span>
          <ControllerBadge v={v} />
        </span>
        {v.readingDisk && (
          <span
            className="status status-disk"
            data-testid={`broker-disk-${v.id}`}
            title="Reading its disk: a fetch asked for records older than the page cache holds, and its answer leaves once they are read (cluster.pageCache.diskReadMs)"
          >
            disk
          </span>
        )}
        {v.readingRemote && (
          <span
            className="status status-remote"
            data-testid={`broker-remote-${v.id}`}
            title="Reading remote storage (tiered storage): a fetch asked for records the brokers no longer keep on their disks, and its answer leaves once remote storage returns them"
          >
            remote
          </span>
        )}
        <BrokerStatus v={v} />
        <button
          type="button"
          className="node-action nodrag nopan"
          data-testid={`broker-toggle-${v.id}`}
          onClick={toggle}
        >
          {v.alive ? 'Crash' : 'Restart'}
        </button>
      </header>
      <ul className="node-body replicas">
        {v.replicas.length === 0 && v.internalTopics.length === 0 && (
          <li className="replica-none">no replicas</li>
        )}
        {v.replicas.map((r) => (
          <Tile key={r.key} broker={v.id} down={!v.alive} r={r} />
        ))}
        {v.hiddenReplicas > 0 && (
          <li className="replica-none">+ {formatCount(v.hiddenReplicas)} more replicas</li>
        )}
        {v.internalTopics.map((t) => (
          <InternalTopicRow key={t.name} broker={v.id} t={t} coordinates={v.coordinates} />
        ))}
      </ul>
      <Handle type="source" position={Position.Right} isConnectable={false} />
      {/* Where Kafka Streams members' produce lines arrive (selectNodes.ts streamsEdges). */}
      <Handle
        type="target"
        id={STREAMS_IN_HANDLE}
        position={Position.Right}
        isConnectable={false}
        className="streams-handle"
      />
    </div>
  );
});
