/**
 * A broker in the inspector: up, down, fenced or cut off; its controller role; what it leads
 * and follows; and the ways to break it (crash, shut down, restart, cut it off from the other
 * brokers and the controller, reconnect, slow): a broker that is down offers only what still
 * means something. Broker configs are the cluster's: the simulator gives every broker the same.
 */
import { CUT_OFF_HINT, RECONNECT_LABEL } from '../actions.ts';
import { formatBytes, formatCount } from '../format.ts';
import { useSimulationStore } from '../StoreContext.tsx';
import { ConfigTable } from './ConfigTable.tsx';
import { SLOW_CHOICES_MS, type BrokerInspectorModel } from './entityModels.ts';
import { Fact } from './parts.tsx';

const PAGE_CACHE_NOTE =
  'The OS page cache of the broker machine (simulated; not a Kafka config): Kafka writes to it ' +
  'and reads recent records back from memory, sending them from the cache to the socket ' +
  'without copying them through the JVM (zero-copy, sendfile). Older records come from disk ' +
  'and their fetch answer leaves later; the pages read stay in the cache for the next reader ' +
  'of the same records. Kafka does not fsync each write by default: ' +
  "acknowledged records survive through replicas. Size and disk time: the scenario's " +
  'cluster.pageCache.';

/** What the machine's page cache holds and how the broker's fetch reads were served. */
function PageCacheFacts({ c }: { c: BrokerInspectorModel['pageCache'] }) {
  const reads = c.hitReads + c.diskReads;
  const fromMemory = reads === 0 ? '-' : `${((100 * c.hitReads) / reads).toFixed(1)} %`;
  return (
    <dl className="insp-facts insp-stats" data-testid="inspector-broker-page-cache">
      <Fact label="page cache" title={PAGE_CACHE_NOTE}>
        {formatBytes(c.cachedBytes)} of {formatBytes(c.sizeBytes)}
      </Fact>
      <Fact
        label="reads from memory"
        title="Share of partition reads (consumer and follower fetches) served from the page cache"
      >
        {fromMemory}
      </Fact>
      <Fact
        label="reads from disk"
        title={`Partition reads of records older than the cache, and their bytes: a fetch answer with any of them leaves ${c.diskReadMs} ms later`}
      >
        <span data-testid="inspector-broker-disk-reads">
          {formatCount(c.diskReads)} ({formatBytes(c.diskBytes)})
        </span>
      </Fact>
      <Fact
        label="evicted"
        title="Dropped to make room for new writes, the oldest records first (by their timestamps); retention and truncation are not counted"
      >
        {formatBytes(c.evictedBytes)}
      </Fact>
    </dl>
  );
}

const REMOTE_NOTE =
  'Tiered storage (KIP-405): for the partitions it leads, its RemoteLogManager copies closed, ' +
  'committed segments to remote storage every remote.log.manager.task.interval.ms and deletes ' +
  'remote segments past retention.ms / retention.bytes (Kafka: RemoteCopyBytesPerSec).';

/** What the broker's RemoteLogManager copied, read and deleted (tiered storage). */
function RemoteStorageFacts({ r }: { r: NonNullable<BrokerInspectorModel['remoteStorage']> }) {
  return (
    <dl className="insp-facts insp-stats" data-testid="inspector-broker-remote">
      <Fact label="copied to remote" title={REMOTE_NOTE}>
        <span data-testid="inspector-broker-remote-copied">
          {formatCount(r.copiedSegments)} segments ({formatBytes(r.copiedBytes)})
        </span>
      </Fact>
      <Fact
        label="remote reads"
        title={`RemoteFetchRequestsPerSec: consumer fetches of records only in remote storage, and their bytes; each answer waits for a round trip to remote storage (${r.latencyMs} ms each way: the scenario's cluster.remoteStorage.latencyMs, not a Kafka config)`}
      >
        <span data-testid="inspector-broker-remote-reads">
          {formatCount(r.fetches)} ({formatBytes(r.fetchBytes)})
        </span>
      </Fact>
      <Fact
        label="remote deleted"
        title="RemoteDeleteRequestsPerSec: remote segments past retention.ms or retention.bytes, deleted by the leader"
      >
        {formatCount(r.deletedSegments)} segments ({formatBytes(r.deletedBytes)})
      </Fact>
    </dl>
  );
}

/** What the broker's log cleaner did (log compaction), with Kafka's metric names. */
function LogCleanerFacts({ c }: { c: NonNullable<BrokerInspectorModel['logCleaner']> }) {
  const recopy = c.bytesRead > 0 ? Math.round((100 * c.bytesWritten) / c.bytesRead) : null;
  return (
    <dl className="insp-facts insp-stats" data-testid="inspector-broker-cleaner">
      <Fact
        label="log cleaner"
        title={`Compacts the logs of topics with cleanup.policy=compact on this broker (its own copy of each, leader or follower): it looks every log.cleaner.backoff.ms (${formatCount(c.backoffMs)} ms) for the log with the largest dirty share above min.cleanable.dirty.ratio, and keeps the newest record of each key.`}
      >
        <span data-testid="inspector-broker-cleanings">
          {c.enabled
            ? `${formatCount(c.cleanings)} cleanings, ${formatCount(c.recordsRemoved)} records removed`
            : 'off (log.cleaner.enable=false): compacted logs grow'}
        </span>
      </Fact>
      {c.enabled && (
        <>
          <Fact
            label="max dirty"
            title="kafka.log:type=LogCleanerManager,name=max-dirty-percent: the dirty share of the filthiest compacted log at the cleaner's last look"
          >
            {c.maxDirtyPercent}%
          </Fact>
          <Fact
            label="recopied"
            title="kafka.log:type=LogCleaner,name=cleaner-recopy-percent: the bytes the cleanings wrote back out of those they read (here over all cleanings, Kafka's is the last one)"
          >
            {recopy === null
              ? 'nothing cleaned yet'
              : `${recopy}% (${formatBytes(c.bytesWritten)} of ${formatBytes(c.bytesRead)})`}
          </Fact>
        </>
      )}
    </dl>
  );
}

function status(m: BrokerInspectorModel): string {
  if (!m.alive) return 'down';
  if (m.isolated) return 'isolated';
  if (m.registering) return 'starting: not registered yet';
  if (m.shuttingDown) return 'stopping: controlled shutdown';
  if (m.fenced) return 'fenced';
  return 'up';
}

export function BrokerPanel({ m }: { m: BrokerInspectorModel }) {
  const store = useSimulationStore();
  const send = (command: unknown) => store.getState().send(command);
  const slowChoices = SLOW_CHOICES_MS.includes(m.extraLatencyMs)
    ? SLOW_CHOICES_MS
    : [...SLOW_CHOICES_MS, m.extraLatencyMs].sort((a, b) => a - b);
  return (
    <>
      <dl className="insp-facts">
        <Fact
          label="status"
          {...(m.isolated
            ? { title: 'Cut off from the other brokers and the controller; clients still reach it' }
            : {})}
        >
          <span data-testid="inspector-broker-status">{status(m)}</span>
        </Fact>
        <Fact label="controller" title="Its role in the KRaft quorum (combined mode)">
          {m.controller === 'active' ? 'active' : m.controller === 'voter' ? 'voter' : '-'}
        </Fact>
        <Fact label="extra latency" title="broker.slow: added to every message to and from it">
          {m.extraLatencyMs} ms
        </Fact>
        <Fact label="leads">{formatCount(m.leads)}</Fact>
        <Fact label="follows">{formatCount(m.follows)}</Fact>
        <Fact label="out of sync" title="Partitions it follows without being in their ISR">
          {formatCount(m.outOfSync)}
        </Fact>
      </dl>
      <dl className="insp-facts insp-stats">
        <Fact
          label="under-replicated"
          title="kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions: partitions it leads whose ISR is smaller than the replica set"
        >
          <span data-testid="inspector-broker-urp">{formatCount(m.underReplicated)}</span>
        </Fact>
        <Fact label="coordinator of" title="Groups whose __consumer_offsets partition it leads">
          {m.coordinates.length === 0 ? '-' : m.coordinates.join(', ')}
        </Fact>
      </dl>
      <PageCacheFacts c={m.pageCache} />
      {m.remoteStorage && <RemoteStorageFacts r={m.remoteStorage} />}
      {m.logCleaner && <LogCleanerFacts c={m.logCleaner} />}
      <div className="insp-actions">
        <button
          type="button"
          className={`button button-small${m.alive ? ' is-danger' : ''}`}
          data-testid="inspector-broker-crash"
          title={m.alive ? 'Crash (C)' : 'Restart (R)'}
          onClick={() => send({ type: m.alive ? 'broker.crash' : 'broker.restart', broker: m.id })}
        >
          {m.alive ? 'Crash' : 'Restart'}
        </button>
        {m.alive && (
          <button
            type="button"
            className="button button-small"
            data-testid="inspector-broker-shutdown"
            disabled={m.shuttingDown}
            title="Shut down gracefully (G): a controlled shutdown moves its leaderships away first (controlled.shutdown.enable)"
            onClick={() => send({ type: 'broker.shutdown', broker: m.id })}
          >
            Shut down
          </button>
        )}
        {(m.alive || m.isolated) && (
          <button
            type="button"
            className="button button-small"
            data-testid="inspector-broker-isolate"
            title={m.isolated ? `${RECONNECT_LABEL} (I)` : `${CUT_OFF_HINT} (I)`}
            onClick={() =>
              send({ type: m.isolated ? 'broker.heal' : 'broker.isolate', broker: m.id })
            }
          >
            {m.isolated ? 'Reconnect' : 'Cut off from brokers'}
          </button>
        )}
        {(m.alive || m.extraLatencyMs > 0) && (
          <label className="insp-inline" title="broker.slow: extra one-way latency on its links">
            slow
            <select
              data-testid="inspector-broker-slow"
              value={m.extraLatencyMs}
              onChange={(e) =>
                send({
                  type: 'broker.slow',
                  broker: m.id,
                  extraLatencyMs: Number(e.currentTarget.value),
                })
              }
            >
              {slowChoices.map((ms) => (
                <option key={ms} value={ms}>
                  +{ms} ms
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <ConfigTable
        title="Broker config"
        note="Cluster-wide: in the simulator every broker has the same config."
        rows={m.config}
        idPrefix={`broker-${m.id}`}
      />
    </>
  );
}
