/** The detail box of one record: its bytes, size, producer, and how its partition was chosen. */
import { formatBytes, formatCount, formatSeconds } from '../format.ts';
import { choiceSentence, int32Hex, removedReason } from './logText.ts';
import type { BytesView, PartitionChoice, RecordDetail, RecordLookup } from './recordDetail.ts';

function Bytes({ label, view, testId }: { label: string; view: BytesView | null; testId: string }) {
  return (
    <div className="lv-bytes" data-testid={testId}>
      <div className="lv-bytes-head">
        <span className="lv-detail-label">{label}</span>
        <span className="lv-bytes-len">
          {view === null ? 'null' : `${formatCount(view.length)} B`}
        </span>
      </div>
      {view === null ? (
        <div className="lv-bytes-text lv-muted">no bytes (a null {label})</div>
      ) : (
        <>
          <div className="lv-bytes-text" title={view.text}>
            “{view.printable}”
          </div>
          <div
            className="lv-bytes-hex"
            title="The bytes, in hex (UTF-8, as StringSerializer writes them)"
          >
            {view.hex}
            {view.hiddenBytes > 0 && ` … +${formatCount(view.hiddenBytes)} B`}
          </div>
        </>
      )}
    </div>
  );
}

/** Why the log cleaner removed a record, and where its key's value is now. */
function removedText(key: string | null, tombstone: boolean, keptAt: number | null): string {
  const now =
    key === null
      ? ''
      : keptAt === null
        ? ` The log holds no record of key “${key}” now: the key is deleted.`
        : ` The log keeps key “${key}” at offset ${formatCount(keptAt)}.`;
  return `The log cleaner removed this record: ${removedReason(key, tombstone)}${now} The offset stays unused: offsets never move.`;
}

function KeyHash({ choice, partition }: { choice: PartitionChoice; partition: number }) {
  return (
    <div className="lv-choice" data-testid="record-partitioning">
      <div className="lv-detail-label">How the partition was chosen</div>
      {choice.kind === 'key' && (
        <table className="lv-hash">
          <tbody>
            <tr title="Utils.murmur2 over the key's UTF-8 bytes: a signed 32-bit int">
              <th scope="row">murmur2(key)</th>
              <td data-testid="record-murmur2">{formatCount(choice.murmur2)}</td>
              <td className="lv-muted">{int32Hex(choice.murmur2)}</td>
            </tr>
            <tr title="Utils.toPositive: n & 0x7fffffff (not Math.abs, which fails on MIN_VALUE)">
              <th scope="row">toPositive</th>
              <td data-testid="record-positive">{formatCount(choice.positive)}</td>
              <td className="lv-muted">&amp; 0x7fffffff</td>
            </tr>
            <tr title="BuiltInPartitioner.partitionForKey: toPositive(murmur2) % numPartitions">
              <th scope="row">% {choice.numPartitions} partitions</th>
              <td data-testid="record-key-partition" className="lv-hash-result">
                = {choice.result}
              </td>
              <td className={choice.matches ? 'lv-good' : 'lv-warn'}>
                {choice.matches ? '✓ this partition' : `≠ ${partition}`}
              </td>
            </tr>
          </tbody>
        </table>
      )}
      <p className="lv-choice-text" data-testid="record-choice">
        {choiceSentence(choice, partition)}
      </p>
    </div>
  );
}

/**
 * The batch header's producer id and sequence: only an idempotent producer has them. Without
 * idempotence Kafka writes producer id -1 and sequence -1 (RecordBatch.NO_PRODUCER_ID), so no
 * sequence is shown: there is none to deduplicate by.
 */
function ProducerIdentity({ record }: { record: RecordDetail }) {
  // Short, for the one-line fact; the tooltip says why.
  if (record.batch.producerId < 0)
    return (
      <span
        className="lv-muted"
        data-testid="record-producer-id"
        title="enable.idempotence is off: the batch carries producer id -1 and sequence -1 (RecordBatch.NO_PRODUCER_ID), so a broker cannot tell a retried batch from a new one"
      >
        not idempotent, no sequence
      </span>
    );
  return (
    <span
      className="lv-muted"
      data-testid="record-producer-id"
      title="Idempotent producer: the broker keeps the last sequence numbers per producer id and drops a retried duplicate"
    >
      producer id {record.batch.producerId} · sequence {formatCount(record.sequence)}
    </span>
  );
}

export function RecordDetailBox({
  lookup,
  offset,
  onClose,
}: {
  lookup: RecordLookup;
  offset: number;
  onClose: () => void;
}) {
  return (
    <aside className="lv-detail" aria-label="Record detail" data-testid="record-detail">
      <header className="lv-detail-header">
        <h3 className="lv-detail-title">
          Offset <span data-testid="record-offset">{formatCount(offset)}</span>
        </h3>
        {lookup.found && (
          <span
            className={`lv-state${lookup.record.committed ? '' : ' is-uncommitted'}`}
            title={
              lookup.record.committed
                ? 'Below the high watermark: every in-sync replica has it, consumers can read it'
                : 'Above the high watermark: not yet on every in-sync replica, consumers cannot read it yet'
            }
          >
            {lookup.record.committed ? 'readable' : 'not readable yet'}
          </span>
        )}
        <button
          type="button"
          className="lv-close"
          onClick={onClose}
          aria-label="Close the record detail"
          data-testid="record-close"
        >
          ×
        </button>
      </header>
      {!lookup.found ? (
        <p className="lv-detail-gone" data-testid="record-gone">
          {lookup.reason === 'deleted'
            ? `Retention deleted this record with its segment; the log now starts at ${formatCount(lookup.logStartOffset)}.`
            : lookup.reason === 'removed'
              ? removedText(lookup.key, lookup.tombstone, lookup.keptAt)
              : 'This record is not in the log.'}
        </p>
      ) : (
        <div className="lv-detail-body">
          <dl className="lv-facts">
            <dt>record</dt>
            <dd>
              {formatBytes(lookup.record.sizeBytes)}, written at{' '}
              {formatSeconds(lookup.record.timestampMs)} s{' '}
              <span className="lv-muted">
                (batch of {formatCount(lookup.record.batch.recordCount)},{' '}
                {formatBytes(lookup.record.batch.sizeBytes)})
              </span>
            </dd>
            {lookup.record.value === null && (
              <>
                <dt>tombstone</dt>
                <dd data-testid="record-tombstone">
                  a null value: on a compacted topic it deletes its key
                  {lookup.record.batch.deleteHorizonMs === null
                    ? '; the log cleaner keeps it for delete.retention.ms after its first cleaning'
                    : `; the log cleaner removes it after ${formatSeconds(lookup.record.batch.deleteHorizonMs)} s (its batch's delete horizon)`}
                </dd>
              </>
            )}
            <dt>producer</dt>
            <dd>
              {lookup.record.producer} <ProducerIdentity record={lookup.record} />
            </dd>
          </dl>
          <Bytes label="key" view={lookup.record.key} testId="record-key" />
          <Bytes label="value" view={lookup.record.value} testId="record-value" />
          <KeyHash choice={lookup.record.choice} partition={lookup.record.partition} />
          <p className="lv-bytes-note" data-testid="record-schema-note">
            To Kafka a key and a value are only bytes, made by the producer&rsquo;s serializer (here
            StringSerializer, UTF-8). A schema (Avro, Protobuf, JSON Schema) lives outside the
            record, in a schema registry; the bytes carry only its id.
          </p>
        </div>
      )}
    </aside>
  );
}
