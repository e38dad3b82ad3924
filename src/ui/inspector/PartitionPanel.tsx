/**
 * A partition in the inspector, as `kafka-topics --describe` shows it (leader, epoch, replicas,
 * ISR) with each replica's log end offset and high watermark, and its topic's config. Its topic
 * can grow (topic.addPartitions, like `kafka-topics --alter --partitions`), and its replicas
 * can move (partition.reassign, like `kafka-reassign-partitions --execute`, and --cancel).
 */
import type { Command } from '../../engine/commands.ts';
import { useState } from 'react';
import { formatBytes, formatCount } from '../format.ts';
import { useSimulationStore } from '../StoreContext.tsx';
import { ConfigTable } from './ConfigTable.tsx';
import { OneFieldForm } from './OneFieldForm.tsx';
import type { PartitionInspectorModel } from './entityModels.ts';
import { Fact, refusal } from './parts.tsx';

function AddPartitions({ m }: { m: PartitionInspectorModel }) {
  const store = useSimulationStore();
  const [total, setTotal] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    const raw = total ?? String(m.partitionsInTopic + 1);
    const n = Number(raw);
    const reason = !Number.isInteger(n)
      ? `expected a whole number, got "${raw}"`
      : refusal(
          store
            .getState()
            .send({ type: 'topic.addPartitions', topic: m.topic, partitions: n }, { quiet: true }),
        );
    setError(reason);
    if (reason === null) setTotal(null);
  };
  return (
    <OneFieldForm
      id={`partitions-${m.topic}`}
      testId="add-partitions"
      label={`partitions of ${m.topic}`}
      title="The topic's new partition count (topic.addPartitions, like kafka-topics --alter --partitions): partitions can only be added"
      inputMode="numeric"
      value={total ?? String(m.partitionsInTopic + 1)}
      onChange={(v) => {
        setTotal(v);
        setError(null);
      }}
      onSubmit={submit}
      button="Set"
      error={error}
    />
  );
}

/** "4, 2, 3" or "[4 2 3]" → [4, 2, 3]; null when something is not a broker id. */
export function parseBrokerList(raw: string): number[] | null {
  const parts = raw
    .replace(/[[\]]/g, ' ')
    .split(/[\s,]+/)
    .filter((x) => x !== '');
  const ids = parts.map(Number);
  return parts.length > 0 && ids.every((n) => Number.isInteger(n) && n > 0) ? ids : null;
}

const REASSIGN_TITLE =
  "Move this partition's replicas to these brokers, the first preferred as leader (partition.reassign, like kafka-reassign-partitions --execute). New replicas copy the log from the leader and join the ISR; then the replicas left out are removed and their brokers delete their copies. Replication throttles are not simulated.";

function Reassign({ m }: { m: PartitionInspectorModel }) {
  const store = useSimulationStore();
  const target = m.replicas.filter((b) => !m.removing.includes(b)).join(', ');
  const [value, setValue] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inProgress = m.adding.length > 0 || m.removing.length > 0;
  const send = (command: Command) => refusal(store.getState().send(command, { quiet: true }));
  const submit = () => {
    const raw = value ?? target;
    const replicas = parseBrokerList(raw);
    const reason =
      replicas === null
        ? `expected broker ids like "4, 2, 3", got "${raw}"`
        : replicas.join(', ') === target
          ? `[${target}] ${inProgress ? 'is the target already' : 'are the replicas already'}: type the brokers it should move to, the first preferred as leader`
          : send({ type: 'partition.reassign', topic: m.topic, partition: m.partition, replicas });
    setError(reason);
    if (reason === null) setValue(null);
  };
  return (
    <>
      <OneFieldForm
        id={`reassign-${m.topic}-${m.partition}`}
        testId="reassign"
        label="move replicas to"
        title={REASSIGN_TITLE}
        value={value ?? target}
        onChange={(v) => {
          setValue(v);
          setError(null);
        }}
        onSubmit={submit}
        button="Reassign"
        error={error}
      />
      {inProgress && (
        <button
          type="button"
          className="button button-small"
          data-testid="reassign-cancel"
          title="Cancel the reassignment (kafka-reassign-partitions --cancel): the replicas being added leave"
          onClick={() =>
            setError(
              send({
                type: 'partition.cancelReassignment',
                topic: m.topic,
                partition: m.partition,
              }),
            )
          }
        >
          Cancel reassignment
        </button>
      )}
    </>
  );
}

function roleOf(m: PartitionInspectorModel, r: PartitionInspectorModel['replicaLogs'][number]) {
  if (r.reassignment === 'removed') return 'removed; deleting';
  const role =
    r.broker === m.leader
      ? 'leader'
      : r.inIsr
        ? 'in sync'
        : r.inElr
          ? 'eligible (ELR)'
          : 'out of sync';
  return r.reassignment === null ? role : `${role}, ${r.reassignment}`;
}

export function PartitionPanel({ m }: { m: PartitionInspectorModel }) {
  return (
    <>
      <dl className="insp-facts">
        <Fact label="leader">
          <span data-testid="inspector-partition-leader">
            {m.leader === null ? 'none' : `broker ${m.leader}`}
          </span>
        </Fact>
        <Fact label="leader epoch">{m.leaderEpoch}</Fact>
        <Fact label="replicas" title="The first is the preferred leader">
          [{m.replicas.join(', ')}]
        </Fact>
        {(m.adding.length > 0 || m.removing.length > 0) && (
          <Fact
            label="reassigning"
            title="A reassignment in progress (KIP-455): the replicas listed are the target followed by those being removed; it completes when every target replica is in the ISR"
          >
            <span data-testid="inspector-partition-reassigning">
              {m.adding.length > 0 && `adding [${m.adding.join(', ')}]`}
              {m.adding.length > 0 && m.removing.length > 0 && ', '}
              {m.removing.length > 0 && `removing [${m.removing.join(', ')}]`}
            </span>
          </Fact>
        )}
        <Fact
          label="ISR"
          wide={m.isr.length < m.minIsr}
          title={
            m.isr.length < m.minIsr
              ? `Below min.insync.replicas (${m.minIsr}): acks=all writes are refused with NOT_ENOUGH_REPLICAS, and the high watermark does not advance`
              : undefined
          }
        >
          [{m.isr.join(', ')}]
          {m.isr.length < m.minIsr && (
            <span className="insp-warning" data-testid="inspector-under-min-isr">
              {' '}
              below min.insync.replicas ({m.minIsr})
            </span>
          )}
        </Fact>
        {m.elr !== null && (
          <Fact
            label="ELR"
            title="Eligible leader replicas (KIP-966): they were in the ISR when it fell below min.insync.replicas (or left it since). The high watermark has not moved since then, so they hold every committed record and may lead when the ISR is empty"
          >
            <span data-testid="inspector-partition-elr">[{m.elr.join(', ')}]</span>
          </Fact>
        )}
        {m.lastKnownLeader !== null && (
          <Fact
            label="last leader"
            title="LastKnownElr (KIP-966): the leader when the ISR became empty. With nobody in the ISR or the ELR, it leads again when it returns (Kafka counts that election as unclean)"
          >
            broker {m.lastKnownLeader}
          </Fact>
        )}
        <Fact label="log start">{formatCount(m.logStartOffset)}</Fact>
        {m.tiered && (
          <Fact
            label="local start"
            title="Tiered storage: the leader keeps the records from here on its disk; older ones are read from remote storage"
          >
            {formatCount(m.tiered.localLogStartOffset)}
          </Fact>
        )}
        {m.tiered && (
          <Fact
            label="remote"
            title="Segments in remote storage, copied by the leader (remote.storage.enable)"
          >
            <span data-testid="inspector-partition-remote">
              {formatCount(m.tiered.remoteSegments)} segments ({formatBytes(m.tiered.remoteBytes)})
            </span>
          </Fact>
        )}
        <Fact label="HW" title="High watermark: consumers read below it">
          {formatCount(m.highWatermark)}
        </Fact>
        {m.lost > 0 && (
          <Fact
            label="acked, lost"
            wide
            title="Records producers were told were written (acked) that this partition's leader no longer holds: no consumer will read them. The event log lists which offsets and why"
          >
            <span className="insp-warning" data-testid="inspector-partition-lost">
              {formatCount(m.lost)} {m.lost === 1 ? 'record' : 'records'}: no consumer will read
              them
            </span>
          </Fact>
        )}
      </dl>
      <table className="insp-table">
        <thead>
          <tr>
            <th scope="col">REPLICA</th>
            <th scope="col">ROLE</th>
            <th scope="col" title="Log end offset">
              LEO
            </th>
            <th scope="col" title="High watermark as this replica knows it">
              HW
            </th>
          </tr>
        </thead>
        <tbody>
          {m.replicaLogs.map((r) => (
            <tr key={r.broker}>
              <th scope="row">broker {r.broker}</th>
              <td data-testid={`inspector-replica-role-${r.broker}`}>{roleOf(m, r)}</td>
              <td>{formatCount(r.logEndOffset)}</td>
              <td>{formatCount(r.highWatermark)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!m.internal && <AddPartitions m={m} />}
      <Reassign m={m} />
      <ConfigTable
        title={`Topic config (${m.topic})`}
        rows={m.config}
        idPrefix={`topic-${m.topic}`}
      />
    </>
  );
}
