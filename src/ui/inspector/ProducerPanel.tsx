/**
 * A producer in the inspector: what it has sent and how it fared, its latency and batching,
 * and its config with acks, linger.ms, batch.size, enable.idempotence and
 * max.in.flight.requests.per.connection editable (producer.setConfig), its rate
 * (producer.setRate) and keys. A value the engine refuses is shown with its reason, in place.
 */
import { useState } from 'react';
import { formatAverage, formatCount, formatMs } from '../format.ts';
import { useSimulationStore } from '../StoreContext.tsx';
import { ConfigTable, type Editor, type SubmitConfig } from './ConfigTable.tsx';
import { OneFieldForm } from './OneFieldForm.tsx';
import { keysText, setKeysCommand, type ProducerInspectorModel } from './entityModels.ts';
import { parseKeys } from './keys.ts';
import type { KeyRouting } from './keyRouting.ts';
import { dash, Fact, refusal } from './parts.tsx';

const EDITORS: Record<string, Editor> = {
  acks: { kind: 'choice', choices: ['0', '1', 'all'] },
  'linger.ms': { kind: 'text', inputMode: 'numeric' },
  'batch.size': { kind: 'text', inputMode: 'numeric' },
  'enable.idempotence': { kind: 'choice', choices: ['true', 'false'] },
  'max.in.flight.requests.per.connection': { kind: 'text', inputMode: 'numeric' },
};

function RateAndKeys({ m }: { m: ProducerInspectorModel }) {
  const store = useSimulationStore();
  const [rate, setRate] = useState<string | null>(null);
  const [keys, setKeys] = useState<string | null>(null);
  const [rateError, setRateError] = useState<string | null>(null);
  const [keysError, setKeysError] = useState<string | null>(null);
  const submitRate = () => {
    if (rate === null) return;
    const value = rate.trim() === '' ? NaN : Number(rate);
    const events = store
      .getState()
      .send({ type: 'producer.setRate', producer: m.id, ratePerSec: value }, { quiet: true });
    const reason = Number.isFinite(value) ? refusal(events) : `expected a number, got "${rate}"`;
    setRateError(reason);
    if (reason === null) setRate(null);
  };
  const submitKeys = () => {
    if (keys === null) return;
    const s = store.getState();
    const reason = refusal(s.send(setKeysCommand(m.id, parseKeys(keys)), { quiet: true }));
    setKeysError(reason);
    if (reason === null) setKeys(null);
  };
  return (
    <div className="insp-forms">
      <OneFieldForm
        id={`rate-${m.id}`}
        testId="producer-rate"
        label="rate"
        title="Records generated per second (producer.setRate)"
        inputMode="decimal"
        value={rate ?? String(m.ratePerSec)}
        unit="records/s"
        onChange={(v) => {
          setRate(v);
          setRateError(null);
        }}
        onSubmit={submitRate}
        button="Set"
        disabled={rate === null}
        error={rateError}
      />
      <OneFieldForm
        id={`keys-${m.id}`}
        testId="producer-keys"
        label="keys"
        title="Keys taken in turn, comma-separated; empty for records without a key (producer.setKeys): records generated from now on use them."
        placeholder="none (sticky partitioner)"
        value={keys ?? keysText(m.keys)}
        onChange={(v) => {
          setKeys(v);
          setKeysError(null);
        }}
        onSubmit={submitKeys}
        button="Restart"
        disabled={keys === null}
        error={keysError}
      />
      <SendRecord m={m} />
    </div>
  );
}

/**
 * One record now (producer.send), with the key typed here: a keyed record goes where murmur2
 * of the key says, a record without one to the sticky partition. Clicking it in the log view
 * shows how its partition was chosen.
 */
function SendRecord({ m }: { m: ProducerInspectorModel }) {
  const store = useSimulationStore();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    const command = { type: 'producer.send', producer: m.id, key: key === '' ? null : key };
    setError(refusal(store.getState().send(command, { quiet: true })));
  };
  return (
    <OneFieldForm
      id={`send-${m.id}`}
      testId="producer-send"
      label="send"
      title={`Send one record to ${m.topic} now (producer.send), with this key; empty for no key. Then click it in the log view: it shows the key's bytes and how murmur2 chose the partition.`}
      placeholder="key (empty: none)"
      value={key}
      onChange={(v) => {
        setKey(v);
        setError(null);
      }}
      onSubmit={submit}
      button="Send"
      error={error}
    />
  );
}

/** Where the records go: each key's murmur2 sum, or the sticky partition (keyRouting.ts). */
function Routing({ r, topic }: { r: KeyRouting; topic: string }) {
  if (r.kind === 'fixed')
    return (
      <p className="insp-caption" data-testid="inspector-routing">
        Every record to {topic}-{r.partition}: the partition is set on each record.
      </p>
    );
  if (r.kind === 'roundRobin')
    return (
      <p className="insp-caption" data-testid="inspector-routing">
        RoundRobinPartitioner: each record to the next of the {r.partitions} partitions in turn,
        keys or not.
      </p>
    );
  if (r.kind === 'sticky')
    return (
      <p className="insp-caption" data-testid="inspector-routing">
        {r.why === 'records without a key' ? 'No key' : r.why}: the sticky partitioner (KIP-794)
        sends every record to one partition
        {r.current === null ? '' : ` (now ${topic}-${r.current})`} until batch.size (
        {formatCount(r.batchSize)} bytes) went there, then picks another.
      </p>
    );
  return (
    <>
      <table className="insp-table insp-routing" data-testid="inspector-routing">
        <caption>Where a key goes: toPositive(murmur2(key)) % {r.partitions}</caption>
        <thead>
          <tr>
            <th scope="col">key</th>
            <th scope="col">murmur2, positive</th>
            <th scope="col">% {r.partitions}</th>
          </tr>
        </thead>
        <tbody>
          {r.rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.key}</th>
              <td>{row.hash}</td>
              <td>
                {topic}-{row.partition}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.more > 0 && (
        <p className="insp-caption">
          and {formatCount(r.more)} more keys: each always to the same partition while the topic
          keeps {r.partitions} partitions.
        </p>
      )}
    </>
  );
}

export function ProducerPanel({ m }: { m: ProducerInspectorModel }) {
  const store = useSimulationStore();
  const submit: SubmitConfig = (key, raw) =>
    refusal(
      store
        .getState()
        .send(
          { type: 'producer.setConfig', producer: m.id, config: { [key]: raw } },
          { quiet: true },
        ),
    );
  const idempotenceOff = !m.idempotent && m.config.find((r) => r.key === 'enable.idempotence');
  return (
    <>
      <dl className="insp-facts">
        <Fact label="topic">{m.topic}</Fact>
        <Fact label="sent">
          <span data-testid="inspector-producer-sent">{formatCount(m.sent)}</span>
        </Fact>
        <Fact label="acked">{formatCount(m.acked)}</Fact>
        <Fact label="pending" title="In the record accumulator or in flight">
          {formatCount(m.pending)}
        </Fact>
        <Fact label="failed">{formatCount(m.failed)}</Fact>
        <Fact label="retries">{formatCount(m.retries)}</Fact>
        {/* What batching trades (linger.ms, batch.size): first, not below the config. */}
        <Fact label="latency p50 / p99" title="Record latency, send to acknowledgement">
          {m.latencyP50Ms === null
            ? '-'
            : `${formatMs(m.latencyP50Ms)} / ${formatMs(m.latencyP99Ms ?? 0)}`}
        </Fact>
        <Fact label="batch fill" title="Average size of a sent batch relative to batch.size">
          {m.batchFill === null ? '-' : `${Math.round(m.batchFill * 100)} %`}
        </Fact>
        <Fact
          label="requests"
          title="Produce requests sent, and the records each carried on average (retries counted again): fewer, fuller requests with linger.ms and batch.size"
        >
          <span data-testid="inspector-producer-requests">
            {formatCount(m.requests)}
            {m.recordsPerRequest !== null && (
              <span className="insp-sub"> · {formatAverage(m.recordsPerRequest)} records each</span>
            )}
          </span>
        </Fact>
      </dl>
      {m.errors.length > 0 && (
        <p className="insp-error">
          {m.errors.map((e) => `${e.name} ×${formatCount(e.count)}`).join(' · ')}
        </p>
      )}
      <RateAndKeys m={m} />
      {m.routing && <Routing r={m.routing} topic={m.topic} />}
      <ConfigTable
        title="Producer config"
        rows={m.config}
        editors={EDITORS}
        submit={submit}
        idPrefix={`producer-${m.id}`}
      >
        <dl className="insp-facts insp-stats">
          <Fact
            label="idempotence"
            title="enable.idempotence as it takes effect: silently off when acks is not all, retries is 0 or more than 5 requests may be in flight (and refused when set to true explicitly)"
          >
            <span data-testid="inspector-idempotence">{m.idempotent ? 'on' : 'off'}</span>
            {idempotenceOff && <span className="insp-sub"> (acks / retries / in-flight)</span>}
          </Fact>
          <Fact label="duplicates" title="Records written twice by retries without idempotence">
            {dash(m.duplicates)}
          </Fact>
          <Fact
            label="out of order"
            title="Batches written to their partition after a later batch of this producer: a retry overtaken by the next request (max.in.flight.requests.per.connection > 1 without idempotence). Order holds within a partition only when this stays 0; there is no order across partitions."
          >
            <span data-testid="inspector-producer-reordered">{dash(m.reordered)}</span>
          </Fact>
          <Fact
            label="buffer wait"
            title="Time send() spent blocked because buffer.memory was full (Kafka's bufferpool-wait-time-ns-total); a wait longer than max.block.ms fails with BufferExhaustedException"
          >
            {m.bufferWaitMs === 0 ? '-' : formatMs(m.bufferWaitMs)}
          </Fact>
          <Fact
            label="batch splits"
            title="Batches a broker refused as MESSAGE_TOO_LARGE (larger than the topic's max.message.bytes), which the producer split into smaller ones and sent again (KIP-126)"
          >
            {dash(m.batchSplits)}
          </Fact>
          <Fact label="in flight" title="Produce requests sent and not answered yet">
            {m.inFlightRequests}
          </Fact>
          <Fact label="producer id" title="From InitProducerId (idempotence)">
            {m.producerId}
          </Fact>
        </dl>
      </ConfigTable>
      <div className="insp-actions">
        <button
          type="button"
          className="button button-small is-danger"
          data-testid="inspector-remove-producer"
          title="producer.remove: close it at once; records not yet acknowledged are abandoned"
          onClick={() => store.getState().send({ type: 'producer.remove', producer: m.id })}
        >
          Remove producer
        </button>
      </div>
    </>
  );
}
