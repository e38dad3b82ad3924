/**
 * The canvas's forms to add a topic, a producer or a consumer. Their code loads when one is first opened
 * (CanvasTools.tsx), not with the page.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { parseKeys } from '../inspector/keys.ts';
import { Refused } from '../inspector/Refused.tsx';
import { refusal } from '../inspector/parts.tsx';
import { useSim, useSimulationStore } from '../StoreContext.tsx';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="tool-field">
      <span>{label}</span>
      {children}
    </label>
  );
}

/** A form's refusal (what the engine said, in place) and its two buttons. */
function FormFooter({
  what,
  submitLabel,
  error,
  onCancel,
  disabled = false,
}: {
  what: 'topic' | 'producer' | 'consumer';
  submitLabel: string;
  error: string | null;
  onCancel: () => void;
  disabled?: boolean;
}) {
  return (
    <>
      {error && <Refused testId={`${what}-error`} reason={error} />}
      <div className="tool-buttons">
        <button
          type="submit"
          className="button button-small"
          data-testid={`${what}-create`}
          disabled={disabled}
        >
          {submitLabel}
        </button>
        <button type="button" className="button button-small" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </>
  );
}

/** The topics people made (not the internal ones) and their partition counts. */
function useTopics(): { name: string; partitions: number }[] {
  // A string, so the selector's result compares by value while the engine mutates its state.
  const text = useSim((s) =>
    (s.simulation?.state.topics ?? [])
      .filter((t) => !t.internal)
      .map((t) => `${t.partitions.length}\t${t.name}`)
      .join('\n'),
  );
  if (text === '') return [];
  return text.split('\n').map((line) => {
    const tab = line.indexOf('\t');
    return { name: line.slice(tab + 1), partitions: Number(line.slice(0, tab)) };
  });
}

function useSubmit(onDone: () => void) {
  const store = useSimulationStore();
  const [error, setError] = useState<string | null>(null);
  const submit = (command: Record<string, unknown>, select?: () => void) => {
    const reason = refusal(store.getState().send(command, { quiet: true }));
    setError(reason);
    if (reason === null) {
      select?.();
      onDone();
    }
  };
  return { error, setError, submit, store };
}

export function TopicForm({ onDone }: { onDone: () => void }) {
  const brokers = useSim((s) => s.simulation?.state.brokers.length ?? 1);
  const count = useSim((s) => s.simulation?.state.topics.filter((t) => !t.internal).length ?? 0);
  const [name, setName] = useState(`topic-${count + 1}`);
  const [partitions, setPartitions] = useState('3');
  const [rf, setRf] = useState(String(Math.min(3, brokers)));
  const [policy, setPolicy] = useState('delete');
  const { error, submit } = useSubmit(onDone);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit({
      type: 'topic.create',
      name: name.trim(),
      partitions: Number(partitions),
      replicationFactor: Number(rf),
      ...(policy === 'delete' ? {} : { config: { 'cleanup.policy': policy } }),
    });
  };
  return (
    <form className="tool-form" onSubmit={onSubmit} data-testid="topic-form">
      <Field label="name">
        <input data-testid="topic-name" value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <Field label="partitions">
        <input
          data-testid="topic-partitions"
          inputMode="numeric"
          value={partitions}
          onChange={(e) => setPartitions(e.target.value)}
        />
      </Field>
      <Field label="replication factor">
        <input
          data-testid="topic-rf"
          inputMode="numeric"
          value={rf}
          onChange={(e) => setRf(e.target.value)}
        />
      </Field>
      <Field label="cleanup.policy">
        <select
          data-testid="topic-cleanup-policy"
          value={policy}
          onChange={(e) => setPolicy(e.target.value)}
          title="delete: retention removes old segments. compact: the log cleaner keeps the newest record of each key (producers must send keys)."
        >
          <option value="delete">delete</option>
          <option value="compact">compact</option>
          <option value="compact,delete">compact,delete</option>
        </select>
      </Field>
      <FormFooter what="topic" submitLabel="Create topic" error={error} onCancel={onDone} />
    </form>
  );
}

export function ProducerForm({ onDone }: { onDone: () => void }) {
  const topics = useTopics().map((t) => t.name);
  const count = useSim((s) => s.simulation?.state.producers.length ?? 0);
  const [id, setId] = useState(`producer-${count + 1}`);
  const [topic, setTopic] = useState(topics[0] ?? '');
  const [rate, setRate] = useState('10');
  const [keys, setKeys] = useState('');
  const [acks, setAcks] = useState('all');
  const { error, submit, store } = useSubmit(onDone);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const producer = id.trim();
    const command: Record<string, unknown> = {
      type: 'producer.add',
      producer,
      topic,
      ratePerSec: Number(rate),
      config: { acks },
    };
    const list = parseKeys(keys);
    if (list.length > 0) command['keys'] = list;
    submit(command, () => store.getState().select({ kind: 'producer', id: producer }));
  };
  return (
    <form className="tool-form" onSubmit={onSubmit} data-testid="producer-form">
      <Field label="id">
        <input data-testid="producer-id" value={id} onChange={(e) => setId(e.target.value)} />
      </Field>
      <Field label="topic">
        <select
          data-testid="producer-topic"
          value={topic}
          onChange={(e) => setTopic(e.target.value)}
        >
          {topics.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </Field>
      <Field label="records/s">
        <input
          data-testid="producer-rate"
          inputMode="decimal"
          value={rate}
          onChange={(e) => setRate(e.target.value)}
        />
      </Field>
      <Field label="keys">
        <input
          data-testid="producer-keys"
          placeholder="none, or a, b, c"
          value={keys}
          onChange={(e) => setKeys(e.target.value)}
        />
      </Field>
      <Field label="acks">
        <select data-testid="producer-acks" value={acks} onChange={(e) => setAcks(e.target.value)}>
          <option value="0">0</option>
          <option value="1">1</option>
          <option value="all">all</option>
        </select>
      </Field>
      <FormFooter what="producer" submitLabel="Add producer" error={error} onCancel={onDone} />
    </form>
  );
}

/** A consumer id no running consumer uses: consumer-1, consumer-2, … */
function freeConsumerId(taken: readonly string[]): string {
  for (let n = 1; ; n++) if (!taken.includes(`consumer-${n}`)) return `consumer-${n}`;
}

/** `"0, 2"` → [0, 2]; blank → every partition; null when a number is not a partition. */
export function parsePartitionList(text: string, count: number): number[] | null {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  if (parts.length === 0) return Array.from({ length: count }, (_, i) => i);
  const out: number[] = [];
  for (const p of parts) {
    const n = Number(p);
    if (!/^\d+$/.test(p) || n >= count) return null;
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

/**
 * A consumer: a new member of a group the scenario describes (KafkaConsumer.subscribe, the
 * group's topics and config), or a standalone consumer of chosen partitions of one topic
 * (KafkaConsumer.assign, no group). Also how a crashed standalone consumer is started again.
 */
export function ConsumerForm({ onDone }: { onDone: () => void }) {
  const groups = useSim((s) =>
    (s.simulation?.state.groupSpecs ?? []).map((g) => g.groupId).join('\n'),
  )
    .split('\n')
    .filter((g) => g.length > 0);
  const topics = useTopics();
  const taken = useSim((s) => (s.simulation?.state.consumers ?? []).map((c) => c.id).join('\n'));
  const [id, setId] = useState(() => freeConsumerId(taken.split('\n')));
  const first = groups[0] !== undefined ? `group:${groups[0]}` : `topic:${topics[0]?.name ?? ''}`;
  const [reads, setReads] = useState(first);
  const [partitions, setPartitions] = useState('');
  const [reset, setReset] = useState('latest');
  const { error, setError, submit, store } = useSubmit(onDone);
  const topic = reads.startsWith('topic:') ? reads.slice('topic:'.length) : null;
  // Nothing to read: no group the scenario describes, and no topic.
  const nothing = groups.length === 0 && topics.length === 0;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const consumer = id.trim();
    const select = () => store.getState().select({ kind: 'consumer', id: consumer });
    if (topic === null) {
      submit({ type: 'consumer.add', consumer, group: reads.slice('group:'.length) }, select);
      return;
    }
    const count = topics.find((t) => t.name === topic)?.partitions ?? 0;
    const list = parsePartitionList(partitions, count);
    if (list === null || list.length === 0) {
      setError(
        `partitions: give numbers from 0 to ${count - 1}, separated by commas, or leave it blank for all`,
      );
      return;
    }
    submit(
      {
        type: 'consumer.add',
        consumer,
        assign: list.map((p) => `${topic}-${p}`),
        config: { 'auto.offset.reset': reset },
      },
      select,
    );
  };
  return (
    <form className="tool-form is-wide" onSubmit={onSubmit} data-testid="consumer-form">
      <Field label="id (client.id)">
        <input data-testid="consumer-id" value={id} onChange={(e) => setId(e.target.value)} />
      </Field>
      <Field label="reads">
        <select
          data-testid="consumer-reads"
          value={reads}
          onChange={(e) => setReads(e.target.value)}
          title="Join a consumer group (subscribe: the group's assignor gives it partitions), or read chosen partitions of a topic on its own (assign: no group, no rebalance)"
        >
          {groups.map((g) => (
            <option key={`group:${g}`} value={`group:${g}`}>
              group {g}
            </option>
          ))}
          {topics.map((t) => (
            <option key={`topic:${t.name}`} value={`topic:${t.name}`}>
              {t.name} (assign)
            </option>
          ))}
        </select>
      </Field>
      {nothing && <p className="tool-note">There is no topic to read yet: add one first.</p>}
      {topic !== null && !nothing && (
        <>
          <Field label="partitions">
            <input
              data-testid="consumer-partitions"
              placeholder="all, or 0, 2"
              value={partitions}
              onChange={(e) => setPartitions(e.target.value)}
            />
          </Field>
          <Field label="auto.offset.reset">
            <select
              data-testid="consumer-reset"
              value={reset}
              onChange={(e) => setReset(e.target.value)}
              title="Where it starts without a committed offset: latest (only new records, Kafka's default) or earliest (everything still in the log)"
            >
              <option value="latest">latest</option>
              <option value="earliest">earliest</option>
            </select>
          </Field>
        </>
      )}
      <FormFooter
        what="consumer"
        submitLabel="Add consumer"
        error={error}
        onCancel={onDone}
        disabled={nothing}
      />
    </form>
  );
}
