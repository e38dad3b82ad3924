/**
 * A Kafka Connect connector in the inspector: its settings with Kafka's names and defaults
 * (Worker.producerConfigs / consumerConfigs, WorkerConfig offset.flush.interval.ms), its tasks,
 * and what it moved, committed and wrote twice.
 */
import type { ConnectView } from '../canvas/connectView.ts';
import { formatCount } from '../format.ts';
import { Fact } from './parts.tsx';

const CLIENT_OVERRIDES = {
  source:
    'Worker.producerConfigs gives the task producer acks=all, max.in.flight.requests.per.connection=1, delivery.timeout.ms=Integer.MAX_VALUE and max.block.ms=Long.MAX_VALUE; producer.override.* keys of the connector go on top',
  sink: 'Worker.consumerConfigs gives each task consumer group.id=connect-<name>, enable.auto.commit=false and auto.offset.reset=earliest; consumer.override.* keys of the connector go on top',
};

function configText(config: Record<string, unknown>): string {
  const entries = Object.entries(config);
  return entries.length === 0
    ? 'defaults'
    : entries.map(([k, v]) => `${k}=${String(v)}`).join(', ');
}

export function ConnectFacts({ c }: { c: ConnectView }) {
  const source = c.kind === 'source';
  return (
    <>
      <p className="insp-command" title={CLIENT_OVERRIDES[c.kind]}>
        Kafka Connect · {c.kind} connector {c.name} ·{' '}
        {source
          ? `${c.system} table ${c.table ?? ''} → ${c.topics[0]}`
          : `${c.topics.join(', ')} → ${c.system}`}
      </p>
      <dl className="insp-facts insp-facts-two" data-testid="inspector-connect">
        <Fact
          label="offset.flush.interval.ms"
          title="WorkerConfig: how often a task commits its offsets (default 60000)"
        >
          {formatCount(c.offsetFlushIntervalMs)}
        </Fact>
        <Fact
          label="tasks.max"
          title="Tasks the connector may run; a source reading one table runs one"
        >
          {c.tasksMax}
        </Fact>
        <Fact
          label="tasks"
          title="Connect's task states: RUNNING, FAILED after a crash until restarted"
        >
          <span data-testid="inspector-connect-tasks">
            {c.tasks.map((t) => `${t.task} ${t.state}`).join(', ')}
          </span>
        </Fact>
        <Fact label={source ? 'client' : 'group.id'} title={CLIENT_OVERRIDES[c.kind]}>
          {source ? (c.tasks[0]?.client ?? '') : `connect-${c.name}`}
        </Fact>
        {source && (
          <>
            <Fact
              label="rows in table"
              title={`Rows in ${c.system}: ${formatCount(c.ratePerSec ?? 0)} new a second`}
            >
              {formatCount(c.rowsInSystem ?? 0)}
            </Fact>
            <Fact
              label="source offset"
              title="The last row read, and the one committed to connect-offsets (only rows whose records Kafka acknowledged are committed). A restarted task starts after the committed one."
            >
              <span data-testid="inspector-connect-offset">
                {formatCount(c.position ?? 0)} read · {formatCount(c.committedOffset ?? 0)}{' '}
                committed
              </span>
            </Fact>
          </>
        )}
        <Fact
          label={source ? 'rows read' : 'polled'}
          title={
            source
              ? 'Rows read from the table (read again after a crash, counted again)'
              : 'Records polled from Kafka'
          }
        >
          {formatCount(c.polled)}
        </Fact>
        <Fact
          label={source ? 'acked by Kafka' : `written to ${c.system}`}
          title={
            source
              ? 'Records Kafka acknowledged'
              : `Records put into ${c.system} (duplicates included)`
          }
        >
          <span data-testid="inspector-connect-written">{formatCount(c.written)}</span>
        </Fact>
        <Fact
          label="offset commits"
          title={
            source
              ? 'Source offsets committed to connect-offsets'
              : 'Consumer offsets committed to the group, each after the task flushed'
          }
        >
          <span data-testid="inspector-connect-commits">{formatCount(c.commits)}</span>
        </Fact>
        <Fact
          label="duplicates"
          title={
            source
              ? 'Rows read again after a task crash (after the last committed source offset) whose first copy was already in the topic: at-least-once'
              : `Records written to ${c.system} again after a task crash: delivered after the last commit, delivered again by the task that took the partition over (at-least-once)`
          }
        >
          <span data-testid="inspector-connect-duplicates">{formatCount(c.duplicates)}</span>
        </Fact>
        <Fact label="connector config" title="The connector's config as given">
          {configText(c.config)}
        </Fact>
      </dl>
    </>
  );
}
