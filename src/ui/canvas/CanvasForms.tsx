/**
 * The canvas's forms to add a topic or a producer. Their code loads when one is first opened
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
      {error && <Refused testId="topic-error" reason={error} />}
      <div className="tool-buttons">
        <button type="submit" className="button button-small" data-testid="topic-create">
          Create topic
        </button>
        <button type="button" className="button button-small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function ProducerForm({ onDone }: { onDone: () => void }) {
  const topics = useSim((s) =>
    (s.simulation?.state.topics ?? [])
      .filter((t) => !t.internal)
      .map((t) => t.name)
      .join('\n'),
  ).split('\n');
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
      {error && <Refused testId="producer-error" reason={error} />}
      <div className="tool-buttons">
        <button type="submit" className="button button-small" data-testid="producer-create">
          Add producer
        </button>
        <button type="button" className="button button-small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
