/**
 * The inspector: the selected group, consumer, broker, partition or producer with its live
 * state and config. A group shows what `kafka-consumer-groups --describe --group <id>` prints,
 * plus the rebalance figures the simulator measures; a consumer shows its side of the group and
 * its config; the others are in their own files. Everything here changes the simulation only
 * through commands, as the canvas buttons do.
 */
import { useMemo } from 'react';
import { entityLabel, sameEntity, type EntityRef } from '../../store/entities.ts';
import { formatAverage, formatCount } from '../format.ts';
import { useSim, useSimulationStore } from '../StoreContext.tsx';
import { BrokerPanel } from './BrokerPanel.tsx';
import { brokerInspector, partitionInspector, producerInspector } from './entityModels.ts';
import { dash, Fact, seconds } from './parts.tsx';
import { PartitionPanel } from './PartitionPanel.tsx';
import { ProducerPanel } from './ProducerPanel.tsx';
import {
  consumerInspector,
  groupInspector,
  type ConsumerInspectorModel,
  type GroupInspectorModel,
} from './inspectorModel.ts';
import type { StreamsView } from '../canvas/streamsView.ts';
import { sourceConnectorView } from '../canvas/connectView.ts';
import { ConnectFacts } from './ConnectFacts.tsx';
import './inspector.css';

/** A Kafka Streams application: its StreamsConfig and what it processed and wrote. */
function StreamsFacts({ s }: { s: StreamsView }) {
  return (
    <>
      <p className="insp-command">
        Kafka Streams · application.id = group id · stream → to({s.outputTopic})
      </p>
      <dl className="insp-facts insp-facts-two" data-testid="inspector-streams">
        <Fact
          label="processing.guarantee"
          title="at_least_once (Streams' default): outputs are flushed before offsets are committed, so a crash repeats work but loses none. exactly_once_v2 needs transactions, which the simulator does not simulate."
        >
          {s.guarantee}
        </Fact>
        <Fact
          label="commit.interval.ms"
          title="Every commit.interval.ms each member flushes its producer, then commits its offsets (StreamsConfig default 30000 under at_least_once)"
        >
          {formatCount(s.commitIntervalMs)}
        </Fact>
        <Fact label="output topic">{s.outputTopic}</Fact>
        <Fact label="processed" title="Input records processed (reprocessed ones counted again)">
          <span data-testid="inspector-streams-processed">{formatCount(s.processed)}</span>
        </Fact>
        <Fact label="produced" title="Output records sent to the output topic">
          {formatCount(s.produced)}
        </Fact>
        <Fact label="commits" title="Offset commits, each after a producer flush">
          {formatCount(s.commits)}
        </Fact>
        <Fact
          label="reprocessed"
          title="Input records processed again after a member crashed: their offsets were not committed yet"
        >
          {formatCount(s.reprocessed)}
        </Fact>
        <Fact
          label="duplicates"
          title="Output records written a second time downstream because their input was processed again (at-least-once)"
        >
          <span data-testid="inspector-streams-duplicates">{formatCount(s.duplicates)}</span>
        </Fact>
      </dl>
    </>
  );
}

function GroupPanel({ m }: { m: GroupInspectorModel }) {
  const store = useSimulationStore();
  const topics = [...new Set(m.rows.map((r) => r.topic))];
  const oneTopic = topics.length === 1;
  return (
    <>
      {m.connect && <ConnectFacts c={m.connect} />}
      <dl className="insp-facts">
        <Fact label="state" title="The coordinator's ClassicGroupState">
          <span data-testid="inspector-group-state">{m.state}</span>
        </Fact>
        <Fact label="generation">{m.generationId}</Fact>
        <Fact
          label="assignor"
          title={
            m.streams
              ? 'Kafka Streams always uses its own StreamsPartitionAssignor (cooperative and sticky); the simulator stands it in with cooperative-sticky'
              : `partition.assignment.strategy = ${m.configuredAssignors.join(', ')}`
          }
        >
          {m.streams ? 'StreamsPartitionAssignor*' : (m.assignor ?? '-')}
        </Fact>
        <Fact label="protocol" title="The members' rebalance protocol">
          {m.protocol ?? '-'}
        </Fact>
        <Fact
          label="coordinator"
          title={
            m.coordinatorPartition === null
              ? 'Leader of the group’s __consumer_offsets partition'
              : `Leader of __consumer_offsets-${m.coordinatorPartition}`
          }
        >
          {m.coordinator === null ? 'none' : `broker ${m.coordinator}`}
        </Fact>
        <Fact label="leader" title="The member that runs the assignor">
          {m.leader ?? '-'}
        </Fact>
      </dl>
      <dl className="insp-facts insp-stats" data-testid="inspector-group-stats">
        <Fact label="rebalances">
          <span data-testid="inspector-rebalances">{m.rebalances}</span>
        </Fact>
        <Fact
          label="last rebalance"
          title="How long the last rebalance took (left Stable until Stable again)"
        >
          {seconds(m.lastRebalanceMs)}
        </Fact>
        <Fact
          label="unowned partition-time"
          title="Time partitions spent with no member consuming them, summed over partitions (partition-seconds: two partitions unowned for 10 s make 20): what a rebalance costs"
        >
          <span data-testid="inspector-unowned">{seconds(m.unownedMs)}</span>
        </Fact>
        <Fact
          label="redelivered"
          title="Records handed to the application a second time: processed, but their offsets were not committed (at-least-once)"
        >
          <span data-testid="inspector-redelivered">{formatCount(m.redeliveredRecords)}</span>
        </Fact>
      </dl>
      {m.streams && <StreamsFacts s={m.streams} />}
      <p className="insp-command">
        kafka-consumer-groups --describe --group {m.id}
        {oneTopic ? <span className="insp-sub"> · topic {topics[0]}</span> : null}
        <span className="insp-sub"> · LAG from the committed offset</span>
      </p>
      <table className="insp-table insp-describe" data-testid="inspector-describe">
        <colgroup>
          <col />
          <col />
          <col />
          <col />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col" title={oneTopic ? 'PARTITION' : 'TOPIC and PARTITION'}>
              {oneTopic ? 'PARTITION' : 'TOPIC-PARTITION'}
            </th>
            <th scope="col" title="CURRENT-OFFSET: the offset the group committed">
              CURRENT-OFFSET
            </th>
            <th scope="col" title="LOG-END-OFFSET: the high watermark, where a read stops">
              LOG-END-OFFSET
            </th>
            <th
              scope="col"
              title="LAG, as kafka-consumer-groups --describe reports it: LOG-END-OFFSET minus CURRENT-OFFSET, the committed offset (a member's records-lag counts from its position instead)"
            >
              LAG
            </th>
            <th
              scope="col"
              title="CLIENT-ID of the member that owns it (hover a row for its CONSUMER-ID)"
            >
              CLIENT-ID
            </th>
          </tr>
        </thead>
        <tbody>
          {m.rows.map((r) => (
            <tr
              key={`${r.topic}-${r.partition}`}
              data-testid={`describe-${r.topic}-${r.partition}`}
            >
              <th scope="row">{oneTopic ? r.partition : `${r.topic}-${r.partition}`}</th>
              <td>{dash(r.currentOffset)}</td>
              <td>{formatCount(r.logEndOffset)}</td>
              <td className={r.lag !== null && r.lag > 0 ? 'insp-lag' : undefined}>
                {dash(r.lag)}
              </td>
              <td title={r.consumerId ?? 'no member owns it'} className="insp-owner">
                {r.clientId ?? '-'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="insp-actions">
        <button
          type="button"
          className="button button-small"
          data-testid="inspector-add-member"
          onClick={() => store.getState().send({ type: 'consumer.add', group: m.id })}
        >
          + member
        </button>
      </div>
    </>
  );
}

function ConsumerPanel({ m }: { m: ConsumerInspectorModel }) {
  const store = useSimulationStore();
  const g = m.group;
  return (
    <>
      {g && (
        <dl className="insp-facts">
          <Fact label="group">
            <button
              type="button"
              className="insp-link"
              onClick={() => store.getState().select({ kind: 'group', id: g.id })}
            >
              {g.id}
            </button>
            {!g.subscribed && <span className="insp-sub"> (commits only)</span>}
          </Fact>
          <Fact label="generation">{g.generationId < 0 ? '-' : g.generationId}</Fact>
          <Fact label="role">{g.leader ? 'leader (runs the assignor)' : 'member'}</Fact>
          <Fact label="member state" title="AbstractCoordinator.MemberState" wide>
            <span data-testid="inspector-member-state">{g.memberState}</span>
          </Fact>
          <Fact label="coordinator">
            {g.coordinator === null ? 'not found yet' : `broker ${g.coordinator}`}
          </Fact>
          {g.sinceHeartbeatMs !== null && (
            <Fact label="last heartbeat" title="Since the last successful heartbeat response">
              {seconds(g.sinceHeartbeatMs)} ago
            </Fact>
          )}
          {m.alive && (
            <Fact label="last poll()" title="max.poll.interval.ms counts from here">
              {seconds(g.sincePollMs)} ago
            </Fact>
          )}
          <Fact label="member id" wide>
            <span className="insp-mono">{g.memberId ?? '-'}</span>
          </Fact>
        </dl>
      )}
      {m.error && <p className="insp-error">Stopped: {m.error}</p>}
      <table className="insp-table">
        <thead>
          <tr>
            <th scope="col">PARTITION</th>
            <th scope="col" title="The next offset it reads">
              POSITION
            </th>
            <th
              scope="col"
              title="records-lag, the consumer's own metric: the high watermark of its last fetch minus its position (kafka-consumer-groups' LAG counts from the committed offset instead)"
            >
              RECORDS-LAG
            </th>
          </tr>
        </thead>
        <tbody>
          {m.partitions.length === 0 && (
            <tr>
              <td colSpan={3} className="insp-empty">
                no partitions
              </td>
            </tr>
          )}
          {m.partitions.map((p) => (
            <tr key={p.key}>
              <th scope="row">{p.key}</th>
              <td>{dash(p.position)}</td>
              <td>{dash(p.lag)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {m.alive && (
        <dl className="insp-facts">
          <Fact label="records read">{formatCount(m.consumed)}</Fact>
          <Fact
            label="fetches"
            title="Fetch requests sent, and the records read per fetch on average. A consumer pulls records in batches, not one at a time: a fetch brings back whatever is there up to max.partition.fetch.bytes (a consumer that is behind gets many), and waits up to fetch.max.wait.ms for fetch.min.bytes when there is nothing new (a consumer that keeps up gets the few records that arrived since). poll() hands them to the application up to max.poll.records at a time."
          >
            <span data-testid="inspector-consumer-fetches">
              {formatCount(m.fetches)}
              {m.fetches > 0 && m.consumed > 0 && (
                <span className="insp-sub">
                  {' '}
                  · {formatAverage(m.consumed / m.fetches)} records each
                </span>
              )}
            </span>
          </Fact>
          <Fact label="commits">{formatCount(m.commits)}</Fact>
          <Fact label="processing">{m.processingTimeMs} ms/record</Fact>
        </dl>
      )}
      {m.config.length > 0 && (
        <dl className="insp-config" aria-label="Consumer config">
          {m.config.map((c) => (
            <Fact key={c.key} label={c.key}>
              <span className="insp-mono">{c.value}</span>
            </Fact>
          ))}
        </dl>
      )}
      {m.configNote !== null && (
        <p className="insp-caption" data-testid="inspector-config-note">
          {m.configNote}
        </p>
      )}
      {m.alive && (
        <div className="insp-actions">
          <button
            type="button"
            className="button button-small"
            onClick={() => store.getState().send({ type: 'consumer.crash', consumer: m.id })}
          >
            Crash
          </button>
          <button
            type="button"
            className="button button-small"
            onClick={() => store.getState().send({ type: 'consumer.leave', consumer: m.id })}
          >
            Leave
          </button>
        </div>
      )}
    </>
  );
}

function useModel(selected: EntityRef | null) {
  const version = useSim((s) => s.version);
  const simulation = useSim((s) => s.simulation);
  return useMemo(() => {
    void version;
    const state = simulation?.state;
    if (!state || !selected) return null;
    if (selected.kind === 'group') {
      const m = groupInspector(state, selected.id);
      return m ? ({ kind: 'group', m } as const) : null;
    }
    if (selected.kind === 'consumer') {
      const m = consumerInspector(state, selected.id);
      return m ? ({ kind: 'consumer', m } as const) : null;
    }
    if (selected.kind === 'broker') {
      const m = brokerInspector(state, selected.id);
      return m ? ({ kind: 'broker', m } as const) : null;
    }
    if (selected.kind === 'producer') {
      // A Kafka Connect source task: its connector first, then its producer while it runs.
      const connect = sourceConnectorView(state, selected.id);
      if (connect)
        return {
          kind: 'connector',
          m: { id: connect.name, connect, producer: producerInspector(state, selected.id) },
        } as const;
      const m = producerInspector(state, selected.id);
      return m ? ({ kind: 'producer', m } as const) : null;
    }
    const m = partitionInspector(state, selected.topic, selected.partition);
    return m ? ({ kind: 'partition', m } as const) : null;
  }, [simulation, version, selected]);
}

type Model = NonNullable<ReturnType<typeof useModel>>;

const KIND_LABEL: Record<Model['kind'], string> = {
  group: 'Consumer group',
  consumer: 'Consumer',
  broker: 'Broker',
  producer: 'Producer',
  partition: 'Partition',
  connector: 'Kafka Connect · source',
};

function titleOf(model: Model): string {
  switch (model.kind) {
    case 'broker':
      return `Broker ${model.m.id}`;
    case 'partition':
      return `${model.m.topic}-${model.m.partition}`;
    default:
      return model.m.id;
  }
}

function Panel({ model }: { model: Model }) {
  switch (model.kind) {
    case 'group':
      return <GroupPanel m={model.m} />;
    case 'consumer':
      return <ConsumerPanel m={model.m} />;
    case 'broker':
      return <BrokerPanel m={model.m} />;
    case 'producer':
      return <ProducerPanel m={model.m} />;
    case 'partition':
      return <PartitionPanel m={model.m} />;
    case 'connector':
      return (
        <>
          <ConnectFacts c={model.m.connect} />
          {model.m.producer && (
            <>
              <p className="insp-caption" data-testid="inspector-task-producer">
                The task&apos;s producer, {model.m.producer.id}: a restarted task starts a new one,
                so its counters count from the restart; the connector&apos;s counters above count
                from the start.
              </p>
              <ProducerPanel m={model.m.producer} />
            </>
          )}
        </>
      );
  }
}

export function Inspector() {
  const store = useSimulationStore();
  const selected = useSim((s) => s.selected);
  const filter = useSim((s) => s.eventFilter);
  const model = useModel(selected);
  if (!selected || !model) return null;
  const filtering = sameEntity(filter, selected);
  return (
    <section
      className={`inspector inspector-${model.kind}`}
      aria-label="Inspector"
      data-testid="inspector"
      data-kind={model.kind}
    >
      <header className="insp-header">
        <span className="insp-kind" data-testid="inspector-kind">
          {model.kind === 'group' && model.m.streams
            ? 'Kafka Streams app'
            : model.kind === 'group' && model.m.connect
              ? 'Kafka Connect · sink'
              : KIND_LABEL[model.kind]}
        </span>
        <h2 className="insp-title" data-testid="inspector-title">
          {titleOf(model)}
        </h2>
        <button
          type="button"
          className={`insp-filter${filtering ? ' is-on' : ''}`}
          aria-pressed={filtering}
          data-testid="inspector-filter"
          title={`List only the events about ${entityLabel(selected)}`}
          onClick={() => store.getState().setEventFilter(filtering ? null : selected)}
        >
          its events
        </button>
        <button
          type="button"
          className="insp-close"
          aria-label="Close the inspector"
          data-testid="inspector-close"
          onClick={() => store.getState().select(null)}
        >
          ×
        </button>
      </header>
      <div className="insp-body">
        <Panel model={model} />
      </div>
    </section>
  );
}
