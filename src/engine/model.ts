/**
 * The simulation state: plain JSON data only (no classes, Maps, Infinity, undefined-as-value
 * or functions), so that `snapshot()` is a deep copy and `restore()` continues exactly where
 * the original would have. Everything the engine knows lives here, including the PRNG state,
 * the event queue and every message on the network.
 *
 * Units are last in names (`latencyMs`, `sizeBytes`). Times are simulated milliseconds.
 */
import type { ConnectorState } from './connectModel.ts';
import type { Command } from './commands.ts';
import type { ConfigValues } from './config.ts';
import type { CoordinatorWrite, GroupClientState, GroupPayload, GroupState } from './groupTypes.ts';

export type BrokerConfig = ConfigValues;
export type TopicConfig = ConfigValues;
export type ProducerConfig = ConfigValues;
export type ConsumerConfig = ConfigValues;

export type BrokerId = number;

export interface SimState {
  /** State format version, bumped with a migration when the shape changes. */
  formatVersion: 1;
  seed: number;
  nowMs: number;
  /** Tie-breaker for work scheduled at the same instant: strictly increasing. */
  seq: number;
  rng: RngState;
  /** Counters for ids (`batch-42`, `msg-7`): never random. */
  counters: {
    message: number;
    batch: number;
    producerId: number;
    brokerEpoch: number;
    /** Fetch session ids (Kafka draws them at random; here they count up, never 0). */
    fetchSession: number;
  };
  cluster: ClusterState;
  /** The KRaft controller quorum and the metadata it has committed (controller.ts). */
  controller: ControllerState;
  /** Acknowledged records, checked against the partition's log after leader changes (durability.ts). */
  durability: DurabilityState;
  brokers: BrokerState[];
  topics: TopicState[];
  producers: ProducerState[];
  consumers: ConsumerState[];
  /**
   * Pending work, a binary min-heap ordered by (atMs, seq). Messages on the simulated network
   * live here, in their `deliver` items (see `inFlightMessages` in network.ts).
   */
  queue: QueueItem[];
  /** Commands to apply at given simulated times (the scenario's timeline), sorted by time. */
  timeline: TimelineEntry[];
  /** Index of the next timeline entry to apply. */
  timelineCursor: number;
  /** Every command accepted so far, with its time and origin: export replays the user's. */
  commandLog: CommandLogEntry[];
  /** Consumer groups as their coordinators hold them (groupCoordinator.ts). */
  groups: GroupState[];
  /** What `consumer.add` gives a new member of a group: the scenario's group spec. */
  groupSpecs: GroupSpec[];
  /** Kafka Streams applications: groups whose members write what they process to a topic (streams.ts). */
  streams: StreamsAppState[];
  /** Kafka Connect connectors: source tasks are producers, sink tasks a consumer group (connect.ts). */
  connectors: ConnectorState[];
  /** Counters and histograms the UI charts and the report reads. */
  stats: ClusterStats;
}

export interface GroupSpec {
  groupId: string;
  topics: string[];
  /** Consumer config every member gets (group.id included). */
  config: ConsumerConfig;
  /** Members get group.instance.id = their name (KIP-345 static membership). */
  staticMembership: boolean;
  processingTimeMs: number;
}

/**
 * A Kafka Streams application (application.id = its group id) under at_least_once: members
 * consume the input topics, write one output record per input record through an embedded
 * producer, and every commit.interval.ms flush that producer, then commit their offsets.
 */
export interface StreamsAppState {
  applicationId: string;
  outputTopic: string;
  guarantee: 'at_least_once';
  commitIntervalMs: number;
  /** The embedded producers' config (StreamsConfig producer defaults and `producer.` keys). */
  producerConfig: ProducerConfig;
  members: StreamsMemberState[];
  /**
   * Per input partition ("topic-partition"): the offset after the last input record whose
   * output was written. An output for an input below it is a duplicate (reprocessing).
   */
  outputUpTo: Record<string, number>;
  /**
   * Sources ("topic-partition@offset") whose output a crashed member had sent to its producer
   * but that never reached a broker: processing them again writes their first copy, not a duplicate.
   */
  unwrittenOutputs: string[];
  stats: StreamsStats;
  /** The latest reprocessed runs (at most MAX_REPROCESSED_KEPT), for the UI. */
  reprocessed: StreamsReprocessed[];
}

export interface StreamsMemberState {
  consumer: string;
  /** Its embedded producer's client id (`<member>-producer`). */
  producer: string;
  /** StreamThread: running, blocked in producer.flush(), or blocked in commitSync(). */
  phase: 'running' | 'flushing' | 'committing';
  /** Why the flush runs: the commit interval (a commit follows) or a rebalance (the join goes on). */
  flushFor: 'commit' | 'rejoin' | null;
  /** When the last commit began (StreamThread.lastCommitMs). */
  lastCommitMs: number;
  /** Records were processed since the last commit (StreamTask.commitNeeded). */
  commitNeeded: boolean;
  /** Records the last poll returned, processed by the next poll: their outputs go out then. */
  pending: {
    topic: string;
    partition: number;
    fromOffset: number;
    toOffset: number;
    /** Offsets in [fromOffset, toOffset) that held no record when polled (a compacted input). */
    holes?: number[];
  }[];
  /** The member left gracefully: its producer is closed once it has sent what it holds. */
  closing: boolean;
}

export interface StreamsStats {
  recordsProcessed: number;
  /** Input records processed a second time (their offsets were not committed when a member crashed). */
  recordsReprocessed: number;
  /** Output records handed to the embedded producers (send called). */
  recordsProduced: number;
  /** Output records written again for input records whose output was already written. */
  duplicatesProduced: number;
  /** Offset commits that succeeded (each after a producer flush). */
  commits: number;
  commitsFailed: number;
  flushes: number;
}

export interface StreamsReprocessed {
  atMs: number;
  consumer: string;
  topic: string;
  partition: number;
  fromOffset: number;
  toOffset: number;
}

export interface TimelineEntry {
  atMs: number;
  command: Command;
}

export interface CommandLogEntry extends TimelineEntry {
  source: 'timeline' | 'user';
}

export interface ControllerState {
  /** Controller quorum voters (combined mode: the first min(3, N) brokers). */
  voters: BrokerId[];
  /** The active controller (the quorum's Raft leader), or null while none is elected. */
  active: BrokerId | null;
  /** Raft epoch of the quorum: bumped by every controller election. */
  epoch: number;
  /** Offset of the last committed metadata record. */
  metadataOffset: number;
  /** When the pending controller election runs, or null when none is pending. */
  electionAtMs: number | null;
  /** Why there is no active controller (for the UI and report), or null. */
  outage: string | null;
  /** BrokerRegistration per broker, as the controller knows it (ClusterControlManager). */
  registrations: BrokerRegistration[];
  /** When the next broker session check runs, or null when none is queued. */
  sessionCheckAtMs: number | null;
  /** When the next preferred-leader check runs (auto.leader.rebalance.enable), or null. */
  rebalanceCheckAtMs: number | null;
  /** When the next look for leaderless partitions to elect uncleanly runs, or null. */
  uncleanCheckAtMs: number | null;
}

export interface BrokerRegistration {
  broker: BrokerId;
  brokerEpoch: number;
  /** The process run that registered (incarnation id): the same run registering again keeps it. */
  incarnation: number;
  fenced: boolean;
  /** Last heartbeat the active controller received (reset when a controller takes over). */
  lastHeartbeatMs: number;
  /** The metadata offset the broker reported in its last heartbeat (BrokerHeartbeatState.metadataOffset). */
  metadataOffset: number;
  /**
   * In controlled shutdown (BrokerRegistration.inControlledShutdown): neither a leader nor an
   * ISR member any more, and not eligible to become one.
   */
  inControlledShutdown: boolean;
  /**
   * The metadata offset that moved its leaderships away: it may stop once every active broker
   * has applied it (BrokerHeartbeatManager.controlledShutdownOffset). Null when not shutting down.
   */
  controlledShutdownOffset: number | null;
}

export interface DurabilityState {
  /**
   * Acknowledged records, per partition ("topic\u0000partition"), as merged offset runs
   * sorted by offset. Runs leave when retention deletes them or when they are lost.
   */
  acked: Record<string, AckedRun[]>;
  /** How many acknowledged records were lost, and the first MAX_LOST_RECORDS of them. */
  lostCount: number;
  lost: LostRecord[];
  /**
   * Lost records per producer id, every one counted (not only the first MAX_LOST_RECORDS):
   * the producer got a success for each and is never told. '' counts records no replica
   * still held to tell whose they were. Both counts are optional only for snapshots taken
   * before they existed.
   */
  lostByProducer?: Record<string, number>;
  /** Lost records per partition ("topic\u0000partition", as `acked`). */
  lostByPartition?: Record<string, number>;
}

export interface AckedRun {
  /** Leader epoch the records were written in: the same offsets in another epoch are other records. */
  epoch: number;
  fromOffset: number;
  toOffset: number;
}

export interface LostRecord {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  producer: string;
  lostAtMs: number;
  reason: string;
}

export interface RngState {
  /** xoshiro128** state: four unsigned 32-bit words. */
  s: [number, number, number, number];
}

export interface ClusterState {
  /** One-way latency of every link, before jitter. */
  linkLatencyMs: number;
  /** Uniform jitter added to each message, drawn from the seeded PRNG: [0, jitterMs]. */
  linkJitterMs: number;
  brokerConfig: BrokerConfig;
  /**
   * Latest arrival time per link, by client id then broker id, one table per direction: a
   * connection is TCP, so messages on one link arrive in the order they were sent, whatever
   * the jitter.
   */
  linkLastArrivalMs: { toBroker: Record<string, number[]>; toClient: Record<string, number[]> };
  /** Each broker machine's page cache (bytes of log data the OS keeps in memory). */
  pageCacheBytes: number;
  /** Extra time a fetch takes when it reads records that are not in the page cache. */
  diskReadMs: number;
  /** One-way latency between a broker and remote storage (tieredStorage.ts), before jitter. */
  remoteLatencyMs: number;
}

export interface BrokerState {
  id: BrokerId;
  alive: boolean;
  /** Extra one-way latency on every link of this broker (a "slow broker"). */
  extraLatencyMs: number;
  /** Cut off from the network (`broker.isolate`): messages to and from it are dropped. */
  isolated: boolean;
  /** When this broker's retention task runs next (one chain per broker, even across restarts). */
  retentionDueMs: number | null;
  /** When the next parked fetch's fetch.max.wait.ms ends (one timer per broker), or null. */
  fetchExpiryAtMs: number | null;
  /** Fetch requests parked until `fetch.min.bytes` is available or `fetch.max.wait.ms` passes. */
  parkedFetches: ParkedFetch[];
  /**
   * The metadata offset this broker has applied (its MetadataCache), or -1 after a restart
   * until the controller brings it up to date. What it believes about a partition is
   * `brokerView()` (metadata.ts) at this offset, which may lag the controller.
   */
  metadataOffset: number;
  /** Replica fetcher threads: one per leader this broker follows (num.replica.fetchers=1). */
  fetchers: ReplicaFetcher[];
  /**
   * FetchSessionCache: the KIP-227 fetch sessions of the followers that fetch from this broker,
   * oldest first. Kept in memory only, so a crash loses them. One per follower: a follower's new
   * session replaces its old one (Kafka leaves an orphaned session until the cache needs its slot
   * (max.incremental.fetch.session.cache.slots, 1000); no request can name it again, so it is
   * dropped at once here, and eviction is not modelled).
   */
  fetchSessions: FetchSessionState[];
  /** acks=all produce requests waiting for the high watermark (DelayedProduce purgatory). */
  delayedProduces: DelayedProduce[];
  /** When the earliest delayed produce times out (one timer per broker), or null. */
  produceExpiryAtMs: number | null;
  /** When this broker's isr-expiration task runs next, or null while it is down. */
  isrCheckDueMs: number | null;
  /** When this broker's next heartbeat to the controller is due, or null while it is down. */
  heartbeatDueMs: number | null;
  /** Registrations refused in a row since the process started (their backoff grows). */
  registrationRetries: number;
  /**
   * The broker epoch it wrote to disk when its process last stopped cleanly, sent as
   * previousBrokerEpoch when it registers again (KIP-966); null after a crash, so the
   * controller sees an unclean shutdown.
   */
  cleanShutdownEpoch: number | null;
  /** Counts the starts of its process (Kafka's incarnation id): 0 for the first run. */
  incarnation: number;
  /**
   * A controlled shutdown in progress (`broker.shutdown`, BrokerLifecycleManager
   * beginControlledShutdown): the broker asks the controller in its heartbeats to move its
   * leaderships away, and stops when the controller says it may. Null otherwise.
   */
  controlledShutdown: ControlledShutdown | null;
  /** Group coordinator writes waiting for their `__consumer_offsets` high watermark. */
  coordinatorWrites: CoordinatorWrite[];
  /** When the earliest coordinator write times out (offsets.commit.timeout.ms), or null. */
  coordinatorWriteExpiryAtMs: number | null;
  /** The machine's OS page cache over this broker's log files (pageCache.ts). */
  pageCache: PageCacheStats;
  /** When this broker's RemoteLogManager tasks run next (tiered storage), or null when off or down. */
  remoteTaskDueMs: number | null;
  /** What this broker's RemoteLogManager copied, read and deleted (tieredStorage.ts). */
  remoteStorage: RemoteStorageStats;
  /**
   * Consumer fetch answers waiting for a read from remote storage (DelayedRemoteFetch): each
   * leaves when its `remoteFetchResponse` arrives. Kept in memory only: a crash loses them.
   */
  remoteFetches: PendingRemoteFetch[];
  /**
   * When this broker's log cleaner thread looks for a log to clean next (logCleaner.ts); a
   * timer for another time is stale (a restart starts a new chain). Optional only for
   * snapshots taken before it existed.
   */
  cleanerDueMs?: number | null;
  /** What this broker's log cleaner did. Optional only for snapshots taken before it existed. */
  cleaner?: LogCleanerStats;
}

/** A broker's log cleaner, for the LogCleaner / LogCleanerManager metrics and the inspector. */
export interface LogCleanerStats {
  /** Logs cleaned (one per cleaning). */
  cleanings: number;
  /** Records the cleaner removed: older values of a key, tombstones past their horizon, keyless records. */
  recordsRemoved: number;
  /** Bytes read by the cleanings and bytes they wrote back (cleaner-recopy-percent). */
  bytesRead: number;
  bytesWritten: number;
  /** When the last cleaning ran, or null. */
  lastCleanedMs: number | null;
  /** The dirty ratio of the filthiest compacted log at the last check, in percent (max-dirty-percent). */
  maxDirtyPercent: number;
}

export interface PendingRemoteFetch {
  requestId: string;
  to: Endpoint;
  payload: Extract<MessagePayload, { kind: 'fetchResponse' }>;
  sizeBytes: number;
  /** When a disk read for the same answer is done (the answer waits for both). */
  diskDoneAtMs: number;
}

/**
 * A broker's tiered storage work (KIP-405), counted under Kafka's BrokerTopicMetrics names:
 * RemoteCopyRequestsPerSec / RemoteCopyBytesPerSec, RemoteFetchRequestsPerSec /
 * RemoteFetchBytesPerSec, RemoteDeleteRequestsPerSec, as totals.
 */
export interface RemoteStorageStats {
  copiedSegments: number;
  copiedBytes: number;
  fetches: number;
  fetchBytes: number;
  deletedSegments: number;
  deletedBytes: number;
}

/**
 * A broker machine's page cache, as the OS keeps it (not Kafka's: Kafka writes to and reads
 * from files, and the kernel decides what stays in memory): what it holds, how fetch reads were
 * served, and whether the disk is busy reading for a fetch answer now.
 */
export interface PageCacheStats {
  /** Bytes of this broker's logs in memory: the sum of its replica logs' cachedBytes. */
  cachedBytes: number;
  /** Fetch reads (consumer and follower) served from memory, and their bytes. */
  hitReads: number;
  hitBytes: number;
  /** Fetch reads that had to go to disk (records older than the cached tail), and their bytes. */
  diskReads: number;
  diskBytes: number;
  /** Bytes evicted to make room (the oldest pages first). */
  evictedBytes: number;
  /** Until when the broker is reading its disk for a fetch answer (the latest one to leave), or null. */
  diskBusyUntilMs: number | null;
}

export interface ControlledShutdown {
  startedAtMs: number;
  /** When the broker stops anyway if the controller has not let it (BrokerServer.shutdown's 5 minutes). */
  deadlineMs: number;
  /** Whether a heartbeat answer came back during the shutdown (the first one hastens the next heartbeat). */
  answered: boolean;
}

export interface ReplicaFetcher {
  leader: BrokerId;
  /** The fetch request in flight, or null. */
  requestId: string | null;
  /** After an error or a lost connection the fetcher waits (replica.fetch.backoff.ms). */
  backoffUntilMs: number | null;
  /**
   * FetchSessionHandler.nextMetadata (KIP-227): the session this fetcher has with its leader
   * (INVALID_SESSION_ID, 0, for none) and the epoch its next request carries. Epoch 0
   * (INITIAL_EPOCH) asks for a full fetch, which also closes the session named beside it.
   */
  sessionId: number;
  sessionEpoch: number;
  /**
   * FetchSessionHandler.sessionPartitions: the partitions of the session with the fetch data
   * the leader holds for them, as last sent. An incremental request carries only the partitions
   * whose data changed, and names the partitions to forget.
   */
  sessionPartitions: ReplicaFetchPartition[];
}

/** FetchSession on the leader: one follower's session and what it holds per partition. */
export interface FetchSessionState {
  id: number;
  /** The follower broker that opened it (a privileged session, in Kafka's terms). */
  replica: BrokerId;
  /** The epoch the next incremental request must carry (INVALID_FETCH_SESSION_EPOCH otherwise). */
  epoch: number;
  /**
   * FetchSession.CachedPartition, in the session's order: partitions answered with records move
   * to the end, so no partition is always last in line for the response size.
   */
  partitions: CachedFetchPartition[];
}

/** The fetch data the follower last sent for a partition, and what the leader last answered. */
export interface CachedFetchPartition extends ReplicaFetchPartition {
  /** The high watermark last sent (-1 after an error, so the partition is sent once it clears). */
  highWatermark: number;
  /** The leader's log start offset last sent. */
  logStartOffset: number;
}

export interface DelayedProduce {
  producer: string;
  requestId: string;
  expiresAtMs: number;
  /** One entry per batch in the request, in request order. */
  results: ProducePartitionResult[];
  /** Offset the high watermark must reach per result (index-aligned), or -1 when answered. */
  requiredOffsets: number[];
}

export interface TopicState {
  name: string;
  /** Only the keys the user set; read effective values through `topicSettings()` (config.ts). */
  config: TopicConfig;
  partitions: PartitionState[];
  /** Whether the replica placement was given by the user (`replicaAssignment`). */
  fixedAssignment: boolean;
  /** Kafka's own topic (`__consumer_offsets`): clients cannot produce to it. */
  internal: boolean;
}

export interface PartitionState {
  topic: string;
  partition: number;
  /**
   * Replica broker ids; the first is the preferred leader. During a reassignment (KIP-455) the
   * target replicas followed by those being removed, as PartitionRegistration.replicas.
   */
  replicas: BrokerId[];
  /** Replicas a reassignment adds: in `replicas`, catching up (reassignment.ts). */
  addingReplicas: BrokerId[];
  /** Replicas a reassignment removes once every target replica is in the ISR. */
  removingReplicas: BrokerId[];
  /** Current leader, or null when the partition is offline. */
  leader: BrokerId | null;
  leaderEpoch: number;
  isr: BrokerId[];
  /**
   * Eligible leader replicas (KIP-966, with eligible.leader.replicas.version=1): replicas that
   * were in the ISR when it fell below min.insync.replicas, or left it since. The high watermark
   * has not moved since then, so they hold every committed record and may be elected cleanly
   * when the ISR is empty. Always empty with ELR off.
   */
  elr: BrokerId[];
  /**
   * Kafka's LastKnownElr as the controller runs it (useLastKnownLeaderInBalancedRecovery): the
   * leader at the moment the ISR became empty. When the ISR and the ELR are both empty, it may
   * be elected when it comes back (an election Kafka counts as unclean). Empty otherwise.
   */
  lastKnownElr: BrokerId[];
  /** Bumped by every change of leader or ISR (PartitionRegistration.partitionEpoch). */
  partitionEpoch: number;
  /**
   * The partition's metadata records, oldest first (entries no broker still needs are
   * trimmed): brokers that have applied the metadata log only up to some offset see the
   * latest entry at or below it.
   */
  history: PartitionRecord[];
  /**
   * One log per replica, in the same order as `replicas`; after them, the logs of replicas a
   * reassignment removed, until their broker learns it and deletes them.
   */
  replicaLogs: ReplicaLog[];
  /**
   * The partition's segments in remote storage (tiered storage, KIP-405; tieredStorage.ts):
   * one copy for the partition, outside every broker, written by its leader. Null until the
   * first segment is copied. Its segments may be empty (all expired); `logEndOffset` is then
   * still the end of what was copied (highestOffsetInRemoteStorage + 1).
   */
  remoteLog: RemoteLog | null;
  /** The leader's segment upload in flight to remote storage (one at a time), or null. */
  remoteCopyInFlight: { broker: BrokerId; baseOffset: number } | null;
}

/** A log in remote storage: copied segments, oldest first; the batches are shared, never copied. */
export type RemoteLog = Pick<
  LogState,
  'logStartOffset' | 'logEndOffset' | 'sizeBytes' | 'segments'
>;

export interface PartitionRecord {
  /** Metadata log offset of this record. */
  offset: number;
  /** When the controller committed it (brokers apply it later, each when its metadata arrives). */
  committedAtMs: number;
  leader: BrokerId | null;
  leaderEpoch: number;
  isr: BrokerId[];
  partitionEpoch: number;
  /** The replicas then (a reassignment changes them). */
  replicas: BrokerId[];
}

export interface ReplicaLog {
  brokerId: BrokerId;
  log: LogState;
  highWatermark: number;
  /**
   * ProducerStateManager: per producer id, the metadata of its last 5 batches in this log,
   * so a retried batch that was already appended is recognised and not written twice.
   */
  producerStates: Record<string, ProducerBatchMetadata[]>;
  /** LeaderEpochFileCache: the first offset written in each leader epoch, oldest first. */
  epochs: EpochEntry[];
  /** Set while this replica's broker acts as the partition's leader (Partition.scala leader state). */
  leaderState: LeaderState | null;
  /** A follower partition that failed to fetch waits until then (replica.fetch.backoff.ms). */
  fetchBackoffUntilMs: number;
}

export interface EpochEntry {
  epoch: number;
  startOffset: number;
}

export interface LeaderState {
  leaderEpoch: number;
  partitionEpoch: number;
  /** The committed ISR as this leader knows it. */
  isr: BrokerId[];
  /** An AlterPartition in flight: the proposed ISR, or null. One at a time per partition. */
  pendingIsr: BrokerId[] | null;
  /** Number of the proposal in flight (responses to older ones are ignored), and when it was sent. */
  pendingProposal: number;
  pendingSentAtMs: number;
  /** LEO when this broker became leader in this epoch (followers below it cannot join the ISR). */
  leaderEpochStartOffset: number;
  /** What the leader knows of each follower, from its fetches (Replica.scala). */
  remotes: RemoteReplica[];
}

export interface RemoteReplica {
  brokerId: BrokerId;
  /** The follower's log end offset as of its last fetch, or -1 before its first fetch. */
  logEndOffset: number;
  lastCaughtUpTimeMs: number;
  lastFetchTimeMs: number;
  lastFetchLeaderLogEndOffset: number;
}

export interface ProducerBatchMetadata {
  baseSequence: number;
  lastSequence: number;
  baseOffset: number;
  /** Leader epoch the batch was written in. */
  epoch: number;
}

export interface LogState {
  logStartOffset: number;
  logEndOffset: number;
  /** Total size of all segments. */
  sizeBytes: number;
  /** Oldest first; the last one is the active segment. Never empty. */
  segments: SegmentState[];
  /**
   * The broker's OS page cache over this log file (pageCache.ts): the records from this offset
   * to the log end are in memory. Writes go to the page cache; the oldest pages are evicted
   * when the machine's cache is full. At or above the log start offset, at most the LEO.
   */
  cachedFromOffset: number;
  /**
   * Bytes of this log in the page cache: the batches from `cachedFromOffset` to the log end,
   * plus those of `readBack`.
   */
  cachedBytes: number;
  /**
   * Pages a fetch read from disk, which the page cache keeps for the next reader
   * (pageCache.ts): whole batches in [from, to), below `cachedFromOffset`. Null when none.
   * Optional only for snapshots taken before it existed.
   */
  readBack?: ReadBackRange | null;
  /**
   * The log cleaner's checkpoint (cleaner-offset-checkpoint): the first dirty offset, where the
   * next cleaning of a compacted log starts reading new records (logCleaner.ts). Absent until
   * the first cleaning; it is on disk, so it survives a crash.
   */
  cleanerCheckpoint?: number;
}

/** A range of a log read from disk and kept in the page cache (LogState.readBack). */
export interface ReadBackRange {
  from: number;
  to: number;
  /** Bytes of the batches in [from, to). */
  bytes: number;
  /**
   * When each part was last read, as runs [offset, ms, …] from `from` (readBackRuns.ts): the
   * kernel evicts the least recently used pages first.
   */
  readAt: number[];
}

export interface SegmentState {
  baseOffset: number;
  /** Offset after the last record in this segment. */
  nextOffset: number;
  sizeBytes: number;
  /** The first batch's max timestamp (LogSegment's rolling-based timestamp); `segment.ms` counts from here. Null when empty. */
  rollStartMs: number | null;
  /** Largest record timestamp in the segment; `retention.ms` compares against it. */
  largestTimestampMs: number;
  batches: RecordBatch[];
}

/**
 * A record batch as Kafka's v2 format holds it: records stored column-wise so that a batch of
 * a thousand records costs a few arrays, not a thousand objects. Batches are immutable once
 * built; the same batch object may be shared by several logs.
 */
export interface RecordBatch {
  id: string;
  baseOffset: number;
  recordCount: number;
  sizeBytes: number;
  /** Producer id and first sequence number, as in the v2 batch header. */
  producerId: number;
  baseSequence: number;
  partitionLeaderEpoch: number;
  /** Record keys, or null when no record in the batch has a key. */
  keys: (string | null)[] | null;
  /** Record values; null means generated values (see `generatedValue` in records.ts). */
  values: (string | null)[] | null;
  /** The producer that made it: generated values derive from (producer, sequence). */
  producer: string;
  /** Size of each generated value (values === null). */
  valueBytes: number;
  /** Record timestamps as runs: [timestampMs, count, timestampMs, count, …]. */
  timestampRuns: number[];
  maxTimestampMs: number;
  /**
   * Set when the log cleaner rewrote the batch (logCleaner.ts): the indexes of the records it
   * kept, ascending. The batch keeps its offsets (a v2 batch keeps its base offset and last
   * offset delta), so offsets inside it are no longer contiguous. `sizeBytes` counts only the
   * kept records; with none kept it is 0 unless the batch is `retainedEmpty`.
   */
  kept?: number[];
  /**
   * An emptied batch Kafka keeps as a header because it holds its producer's last sequence
   * (BatchRetention.RETAIN_EMPTY): 61 bytes.
   */
  retainedEmpty?: boolean;
  /** deleteHorizonMs of the v2 batch: set by the first cleaning that keeps its tombstones (KIP-534). */
  deleteHorizonMs?: number;
}

// ---------------------------------------------------------------------------------------
// Clients

export type KeyMode =
  | { kind: 'none' }
  | { kind: 'list'; keys: string[] }
  | { kind: 'space'; size: number; prefix: string };

export interface ProducerState {
  id: string;
  topic: string;
  /** Only the keys the user set; read effective values through `producerSettings()` (config.ts). */
  config: ProducerConfig;
  ratePerSec: number;
  keyMode: KeyMode;
  /** Size of each generated value in bytes. */
  valueBytes: number;
  /** Explicit partition for generated records, or null to let the partitioner choose. */
  fixedPartition: number | null;
  /** Producer id (as InitProducerId would give; the round trip arrives with idempotence). */
  producerId: number;
  /** Records generated or sent so far: the producer-wide record number. */
  recordsCreated: number;
  /** Generator: records generated since `rateSinceMs` at the current rate. */
  rateSinceMs: number;
  generatedAtRate: number;
  /** Records due at an earlier rate that were not made yet (the application was held up). */
  owedRecords: number;
  /** When the queued max.block.ms deadline of a blocked send() runs, or null. */
  blockTimerAtMs: number | null;
  /** When the queued generate wake-up runs, or null when none is queued. */
  generateAtMs: number | null;
  /** Key-list cursor for `keys: [...]`. */
  keyCursor: number;
  /** Per topic, per partition: the next sequence number. */
  nextSequence: Record<string, number[]>;
  /**
   * An idempotent batch failed for good and left a gap in its partition's sequence numbers.
   * Once nothing is in flight the producer starts a fresh sequence space (resetSequences in
   * sender.ts); until then it sends nothing.
   */
  sequenceResetPending: boolean;
  /** Per topic: KIP-794 sticky partitioner state for records without a key. */
  sticky: Record<string, { partition: number; producedBytes: number }>;
  /** Per topic: round-robin partitioner counter (`RoundRobinPartitioner`). */
  roundRobinCounter: Record<string, number>;
  /** The record accumulator: per topic, per partition, the batches waiting to be sent. */
  accumulator: Record<string, ProducerBatch[][]>;
  /** Records in the accumulator or in flight, and the buffer.memory their batches hold. */
  bufferedRecords: number;
  bufferedBytes: number;
  /**
   * send() calls waiting for buffer.memory (BufferPool.allocate blocks the application thread
   * for up to max.block.ms): the first one blocks, the others come after it. Empty normally.
   */
  blockedSends: BlockedSend[];
  /** When the first blocked send began to wait, or null when none waits. */
  blockedSinceMs: number | null;
  /**
   * Backpressure: since when the application has been held up by a full buffer.memory, blocked
   * or catching up with the records that fell due while it was; null when it keeps pace.
   */
  backpressureSinceMs: number | null;
  /** The producer's metadata cache: where it believes each partition's leader is. */
  metadata: ClientMetadata;
  /** Produce requests sent and not yet answered, oldest first. */
  inFlight: InFlightProduce[];
  /** True while a timer for the oldest in-flight request's timeout is queued. */
  timeoutTimerQueued: boolean;
  /**
   * The times of the sender wake-ups queued now, earliest last. A later wake-up is never queued
   * while an earlier one is (that one reschedules), so stale far-future wake-ups cannot pile up.
   */
  senderWakeTimes: number[];
  /** When the pending delivery.timeout.ms check runs, or null when none is queued. */
  expiryCheckAtMs: number | null;
  /**
   * KafkaProducer.flush() in progress (RecordAccumulator.beginFlush): every batch is ready to
   * send at once, linger.ms or not, until nothing is left unacknowledged.
   */
  flushing: boolean;
  stats: ProducerStats;
}

/** A batch in the producer: records waiting for a produce request, then for its answer. */
export interface ProducerBatch {
  id: string;
  topic: string;
  partition: number;
  createdAtMs: number;
  /** Size as Kafka's MemoryRecordsBuilder estimates it: batch header plus records. */
  sizeBytes: number;
  /** Memory taken from buffer.memory for it: max(batch.size, its first record's estimate). */
  bufferBytes: number;
  recordCount: number;
  keys: (string | null)[] | null;
  values: (string | null)[] | null;
  valueBytes: number;
  timestampRuns: number[];
  baseSequence: number;
  /** Closed for appends: drained into a request, or a record did not fit (Kafka's isFull). */
  closed: boolean;
  /** How many times this batch has been sent. */
  attempts: number;
  /** When the batch may be retried (retry backoff), or null. */
  retryAtMs: number | null;
  /** Time of the last attempt, for the exponential backoff. */
  lastAttemptMs: number | null;
  /**
   * The partition's leader epoch the producer knew at the last attempt (-1 before one): a
   * retry does not wait out its backoff once a newer leader is known
   * (ProducerBatch.hasLeaderChangedForTheOngoingRetry, KIP-951).
   */
  attemptLeaderEpoch: number;
  /**
   * A piece of a batch the broker refused as MESSAGE_TOO_LARGE (ProducerBatch.isSplitBatch,
   * KIP-126): refused again, it is split at half its size (KAFKA-8350).
   */
  split: boolean;
}

/** A record handed to send() that waits for buffer.memory. */
export interface BlockedSend {
  topic: string;
  key: string | null;
  /** The value; absent for a generated one. */
  value?: string | null;
  /** The partition the application asked for, or null. */
  explicitPartition: number | null;
  /** When send() was called: the record's timestamp (KafkaProducer.doSend stamps it first). */
  calledAtMs: number;
  /** The partition chosen once it was first tried (the blocking one), else null. */
  chosen: number | null;
  /** Chosen by the sticky partitioner (its byte count is updated on the append). */
  sticky: boolean;
}

export interface InFlightProduce {
  requestId: string;
  broker: BrokerId;
  sentAtMs: number;
  batches: ProducerBatch[];
}

export interface ProducerStats {
  /** Records handed to the producer (send called). */
  sent: number;
  acked: number;
  failed: number;
  retries: number;
  /**
   * The error of the last retried batch (NOT_ENOUGH_REPLICAS, NOT_LEADER_OR_FOLLOWER…): the
   * canvas says why records wait. Null until a retry; absent in older snapshots.
   */
  lastRetryError?: string | null;
  errors: Record<string, number>;
  requests: number;
  /** Produce requests answered, and the sum of their round trips (request-latency-avg). */
  responses: number;
  requestLatencySumMs: number;
  batchesSent: number;
  /**
   * Sum over sent batches (retries again) of the time since the batch was created: the
   * numerator of record-queue-time-avg (Sender's queue time, drainedMs minus createdMs). Absent
   * in snapshots taken before it was counted.
   */
  queueTimeSumMs?: number;
  /** Records written more than once by retries without idempotence (counted by the simulator). */
  duplicateRecords: number;
  /** Batches written behind a later batch of the same producer, by a retry without idempotence. */
  reorderedBatches: number;
  /** Batches refused as MESSAGE_TOO_LARGE and split into smaller ones (batch-split-total, KIP-126). */
  batchSplits: number;
  /** Simulated time send() spent blocked on a full buffer.memory (bufferpool-wait-time-ns-total). */
  blockedMs: number;
  /** Sum of (batch size / batch.size) over sent batches, for the average batch fill. */
  batchFillSum: number;
  /** Records carried by the produce requests sent, retries counted again (records per request). */
  recordsInRequests: number;
  /** Record latency (send to acknowledgement) as a log-bucketed histogram. */
  latency: Histogram;
}

export interface Histogram {
  /** counts[i] holds values in [bucketLowMs(i), bucketLowMs(i+1)). */
  counts: number[];
  total: number;
  maxMs: number;
}

export interface ConsumerState {
  id: string;
  /** Only the keys the user set; read effective values through `consumerSettings()` (config.ts). */
  config: ConsumerConfig;
  /** Assigned partitions: given (`assign`), or by the group's assignor (`subscribe`). */
  assignment: ConsumerPartition[];
  /** Its side of the group when group.id is set (ConsumerCoordinator), else null. */
  group: GroupClientState | null;
  processingTimeMsPerRecord: number;
  /** The consumer's metadata cache: where it believes each partition's leader is. */
  metadata: ClientMetadata;
  /** Records fetched and not yet returned by poll, oldest first. */
  buffer: BufferedRecords[];
  /** Fetch and list-offsets requests in flight from this consumer, oldest first. */
  inFlight: { broker: BrokerId; requestId: string; sentAtMs: number }[];
  requestCounter: number;
  timeoutTimerQueued: boolean;
  /** When the queued poll() call runs, or null when none is queued. */
  pollAtMs: number | null;
  /** Blocked in poll() waiting for data: a fetch response wakes it. */
  waitingForData: boolean;
  /** The application is processing records returned by the last poll until this time. */
  busyUntilMs: number | null;
  /** Records of the current poll still being processed (for the UI). */
  processing: { topic: string; partition: number; fromOffset: number; count: number } | null;
  /** Error that stopped the poll loop (auto.offset.reset=none), or null. */
  fatalError: string | null;
  stats: ConsumerStats;
}

export interface ConsumerPartition {
  topic: string;
  partition: number;
  /** Next offset to fetch and return, or null until it is initialised. */
  position: number | null;
  /** The high watermark from the last fetch response, for lag. */
  highWatermark: number;
  logStartOffset: number;
  /** Why a ListOffsets request (auto.offset.reset) is in flight, or null when none is. */
  resetReason: string | null;
  /** That ListOffsets request's id, while it is in flight. */
  resetRequestId: string | null;
  /** After a failed ListOffsets, no new one before this time (retry.backoff.ms), or null. */
  resetRetryAtMs: number | null;
  /**
   * SubscriptionState.markPendingRevocation: an eager member about to rejoin stops fetching and
   * returning records of the partition while its last commit is in flight.
   */
  pendingRevocation: boolean;
  /**
   * FetchPosition.offsetEpoch: the leader epoch of the last record returned before the
   * position, or -1 when unknown (a position from a reset or a committed offset here).
   */
  offsetEpoch: number;
  /**
   * FetchPosition.currentLeader's epoch: the leader epoch the position was last validated
   * against (KIP-320), or -1. A newer one in the metadata means the log may have been truncated
   * under the position: it is validated with OffsetsForLeaderEpoch before the next fetch.
   */
  leaderEpoch: number;
  /** That OffsetsForLeaderEpoch request's id, while it is in flight. */
  validationRequestId: string | null;
}

export interface BufferedRecords {
  topic: string;
  partition: number;
  fromOffset: number;
  /** Offsets [fromOffset, toOffset) are buffered. */
  toOffset: number;
  /** The leader epochs of those records, as FetchPartitionResult.epochRuns. */
  epochRuns: number[];
  /** Offsets the log cleaner removed from a compacted log: no record there (FetchPartitionResult.holes). */
  holes?: number[];
}

export interface ConsumerStats {
  recordsConsumed: number;
  bytesConsumed: number;
  fetches: number;
  polls: number;
  commits: number;
  offsetResets: number;
  errors: Record<string, number>;
}

/** A client's Metadata cache (clients/Metadata.java), refreshed by Metadata requests. */
export interface ClientMetadata {
  /** Per topic, per partition: the leader and its epoch as last learned. */
  topics: Record<string, { leader: BrokerId | null; leaderEpoch: number }[]>;
  updatedAtMs: number;
  /** An update was asked for (an error, an unknown leader) and not yet done. */
  needsUpdate: boolean;
  /** The Metadata request in flight, or null. */
  requestId: string | null;
  requestBroker: BrokerId | null;
  /** When the last Metadata request was sent (retry.backoff.ms between attempts). */
  lastRequestMs: number;
}

// ---------------------------------------------------------------------------------------
// The network and the event queue

/**
 * Who sends and receives a message: a broker, a client (producer or consumer), or remote
 * storage (tiered storage: the object store outside the cluster that brokers copy segments to
 * and read old records from).
 */
export type Endpoint =
  { kind: 'broker'; id: BrokerId } | { kind: 'client'; id: string } | { kind: 'remote' };

export type MessageKind = MessagePayload['kind'];

export interface MessageState {
  id: string;
  kind: MessageKind;
  from: Endpoint;
  to: Endpoint;
  sentAtMs: number;
  arrivesAtMs: number;
  /** Wire size, for drawing and for network counters. */
  sizeBytes: number;
  payload: MessagePayload;
}

/** What a message carries, for drawing (network.ts `messageSummary`). */
export interface MessageSummary {
  partitions: { topic: string; partition: number; records: number }[];
  records: number;
  error: string | null;
}

/**
 * Tiered storage traffic between a broker and remote storage (tieredStorage.ts): the leader
 * uploads a segment (RemoteStorageManager.copyLogSegmentData) and hears it landed; a broker
 * reads old records for a consumer fetch (RemoteStorageManager.fetchLogSegment).
 */
export type RemoteStoragePayload =
  | {
      kind: 'remoteCopy';
      broker: BrokerId;
      topic: string;
      partition: number;
      /** The segment as it lands in remote storage: closed, immutable, batches shared. */
      segment: SegmentState;
    }
  | {
      kind: 'remoteCopyResponse';
      broker: BrokerId;
      topic: string;
      partition: number;
      baseOffset: number;
      nextOffset: number;
      /** False when remote storage already held other records there (a stale upload). */
      stored: boolean;
    }
  | {
      kind: 'remoteFetch';
      broker: BrokerId;
      requestId: string;
      topic: string;
      partition: number;
      fromOffset: number;
      toOffset: number;
      /** The bytes of the batches asked for: what the response carries. */
      bytes: number;
    }
  | {
      kind: 'remoteFetchResponse';
      broker: BrokerId;
      requestId: string;
      topic: string;
      partition: number;
      fromOffset: number;
      toOffset: number;
      bytes: number;
    };

export type MessagePayload =
  | GroupPayload
  | {
      kind: 'produce';
      producer: string;
      requestId: string;
      /** The idempotent producer's id, or -1 (RecordBatch.NO_PRODUCER_ID) without idempotence. */
      producerId: number;
      acks: 0 | 1 | -1;
      timeoutMs: number;
      batches: ProducerBatch[];
    }
  | {
      kind: 'produceResponse';
      producer: string;
      requestId: string;
      results: ProducePartitionResult[];
    }
  | {
      kind: 'fetch';
      consumer: string;
      requestId: string;
      minBytes: number;
      maxBytes: number;
      maxWaitMs: number;
      partitionMaxBytes: number;
      partitions: FetchPartitionRequest[];
    }
  | {
      kind: 'fetchResponse';
      consumer: string;
      requestId: string;
      partitions: FetchPartitionResult[];
    }
  | {
      kind: 'listOffsets';
      consumer: string;
      requestId: string;
      partitions: { topic: string; partition: number; timestamp: 'earliest' | 'latest' }[];
    }
  | {
      kind: 'listOffsetsResponse';
      consumer: string;
      requestId: string;
      partitions: { topic: string; partition: number; offset: number; error: string | null }[];
    }
  | {
      /** KIP-320: the consumer asks where its position's epoch ends on the current leader. */
      kind: 'offsetsForLeaderEpoch';
      consumer: string;
      requestId: string;
      partitions: {
        topic: string;
        partition: number;
        /** The leader epoch the consumer's metadata gives (fenced if stale). */
        currentLeaderEpoch: number;
        /** The epoch of the last record the consumer returned. */
        leaderEpoch: number;
      }[];
    }
  | {
      kind: 'offsetsForLeaderEpochResponse';
      consumer: string;
      requestId: string;
      partitions: {
        topic: string;
        partition: number;
        error: string | null;
        /** The largest epoch at or below the requested one, and where it ends; -1 when unknown. */
        leaderEpoch: number;
        endOffset: number;
      }[];
    }
  | {
      kind: 'metadata';
      client: string;
      clientKind: 'producer' | 'consumer';
      requestId: string;
      topics: string[];
    }
  | {
      kind: 'metadataResponse';
      client: string;
      clientKind: 'producer' | 'consumer';
      requestId: string;
      topics: Record<string, { leader: BrokerId | null; leaderEpoch: number }[]>;
    }
  | {
      kind: 'replicaFetch';
      /** The follower (FetchRequest.replicaId). */
      replica: BrokerId;
      requestId: string;
      /**
       * FetchMetadata (KIP-227): the session (0 for none) and its epoch. Epoch 0 is a full fetch
       * listing every partition (and closing the named session); otherwise an incremental fetch
       * in that session, listing only partitions whose fetch data changed.
       */
      sessionId: number;
      sessionEpoch: number;
      minBytes: number;
      maxBytes: number;
      maxWaitMs: number;
      partitionMaxBytes: number;
      partitions: ReplicaFetchPartition[];
      /** Partitions an incremental fetch removes from the session (FetchRequest forgottenTopicsData). */
      forgotten: { topic: string; partition: number }[];
    }
  | RemoteStoragePayload
  | {
      kind: 'replicaFetchResponse';
      replica: BrokerId;
      requestId: string;
      /** FETCH_SESSION_ID_NOT_FOUND or INVALID_FETCH_SESSION_EPOCH (no partitions then), or null. */
      error: string | null;
      /** The session the response belongs to, or opened; 0 when there is none. */
      sessionId: number;
      /** A full response lists every partition; an incremental one only those with news. */
      partitions: ReplicaFetchResult[];
    }
  | {
      kind: 'brokerHeartbeat';
      broker: BrokerId;
      brokerEpoch: number;
      /** When registering: the epoch saved at its last clean shutdown, else -1 (KIP-966). */
      previousBrokerEpoch: number;
      /** Which run of the broker's process sends it (its incarnation id). */
      incarnation: number;
      metadataOffset: number;
      /** The broker is shutting down and asks the controller for a controlled shutdown. */
      wantShutDown: boolean;
    }
  | {
      kind: 'brokerHeartbeatResponse';
      broker: BrokerId;
      metadataOffset: number;
      fenced: boolean;
      /** The controller moved the broker's leaderships away and waits for the others to learn it. */
      inControlledShutdown: boolean;
      /** The broker may stop now (BrokerHeartbeatReply.shouldShutDown). */
      shouldShutDown: boolean;
      /** DUPLICATE_BROKER_REGISTRATION when a registration is refused, else null. */
      error: string | null;
    }
  | { kind: 'metadataUpdate'; metadataOffset: number }
  | {
      kind: 'alterPartition';
      broker: BrokerId;
      /** The leader's proposal number, echoed in the response. */
      proposal: number;
      topic: string;
      partition: number;
      leaderEpoch: number;
      partitionEpoch: number;
      isr: BrokerId[];
    }
  | {
      kind: 'alterPartitionResponse';
      proposal: number;
      topic: string;
      partition: number;
      error: string | null;
      leaderEpoch: number;
      partitionEpoch: number;
      isr: BrokerId[];
    };

export interface ReplicaFetchPartition {
  topic: string;
  partition: number;
  fetchOffset: number;
  /** Epoch of the follower's last batch (KIP-320/KIP-595 divergence check), or -1. */
  lastFetchedEpoch: number;
  /** The leader epoch the follower believes in (fencing of stale leaders and followers). */
  currentLeaderEpoch: number;
}

export interface ReplicaFetchResult {
  topic: string;
  partition: number;
  error: string | null;
  highWatermark: number;
  logStartOffset: number;
  logEndOffset: number;
  fetchOffset: number;
  /** Set when the follower's log diverged from the leader's: truncate, then fetch again. */
  divergingEpoch: EpochEntry | null;
  /** Whole batches from fetchOffset, shared with the leader's log (batches are immutable). */
  batches: RecordBatch[];
  sizeBytes: number;
}

export interface ProducePartitionResult {
  topic: string;
  partition: number;
  batchId: string;
  error: string | null;
  baseOffset: number;
  logAppendTimeMs: number;
  /** Leader epoch the batch was written in (to tell it from other records at the same offsets). */
  leaderEpoch: number;
  /** With NOT_LEADER_OR_FOLLOWER: the leader this broker knows of, if any (KIP-951). */
  currentLeader: { leaderId: BrokerId; leaderEpoch: number } | null;
}

export interface FetchPartitionRequest {
  topic: string;
  partition: number;
  fetchOffset: number;
}

export interface FetchPartitionResult {
  topic: string;
  partition: number;
  error: string | null;
  highWatermark: number;
  logStartOffset: number;
  /** Records [fromOffset, toOffset) returned; equal when nothing was returned. */
  fromOffset: number;
  toOffset: number;
  sizeBytes: number;
  /**
   * The returned batches' partitionLeaderEpoch, as runs: [offset, epoch, offset, epoch, …], each
   * epoch holding from its offset to the next run (the consumer keeps the last record's epoch).
   */
  epochRuns: number[];
  /** Offsets in [fromOffset, toOffset) the log cleaner removed, as runs [from, to, …] (ReadRange.holes). */
  holes?: number[];
}

export interface ParkedFetch {
  messageId: string;
  /** Who asked: a consumer, or a follower broker. */
  from: Endpoint;
  receivedAtMs: number;
  expiresAtMs: number;
  payload: Extract<MessagePayload, { kind: 'fetch' | 'replicaFetch' }>;
}

export type QueueItem = { atMs: number; seq: number; work: Work };

export type Work =
  | { kind: 'deliver'; message: MessageState }
  /** A message built now that goes on the network later (a fetch answer read from disk). */
  | { kind: 'depart'; from: Endpoint; to: Endpoint; payload: MessagePayload; sizeBytes: number }
  | { kind: 'producerGenerate'; producer: string }
  | { kind: 'producerSend'; producer: string }
  | { kind: 'producerTimeout'; producer: string }
  | { kind: 'producerExpire'; producer: string }
  | { kind: 'consumerPoll'; consumer: string }
  | { kind: 'consumerTimeout'; consumer: string }
  | { kind: 'fetchExpire'; broker: BrokerId }
  | { kind: 'retentionCheck'; broker: BrokerId }
  | { kind: 'logCleaner'; broker: BrokerId }
  | { kind: 'remoteLogTask'; broker: BrokerId }
  | { kind: 'produceExpire'; broker: BrokerId }
  | { kind: 'isrCheck'; broker: BrokerId }
  | { kind: 'brokerHeartbeat'; broker: BrokerId }
  | { kind: 'controlledShutdownTimeout'; broker: BrokerId }
  | { kind: 'replicaFetch'; broker: BrokerId; leader: BrokerId }
  | { kind: 'controllerElection' }
  | { kind: 'sessionCheck' }
  | { kind: 'leaderRebalance' }
  | { kind: 'uncleanElection' }
  | { kind: 'statsSample' }
  | { kind: 'groupTimer'; group: string }
  | { kind: 'consumerHeartbeat'; consumer: string }
  | { kind: 'coordinatorWriteExpire'; broker: BrokerId }
  /** A source connector's task reads the rows that appeared in its external system. */
  | { kind: 'connectSourcePoll'; connector: string }
  /** SourceTaskOffsetCommitter: commit a source task's offsets every offset.flush.interval.ms. */
  | { kind: 'connectOffsetFlush'; connector: string };

export interface ClusterStats {
  messagesIn: number;
  /** Records every consumer has handed to its application, including consumers since removed. */
  recordsConsumed: number;
  bytesIn: number;
  leaderElections: number;
  uncleanLeaderElections: number;
  isrShrinks: number;
  isrExpands: number;
  failedProduceRequests: number;
  /** Samples once per simulated second, for charts. The last 600 are kept (simulation.ts). */
  series: StatsSample[];
}

/**
 * One sample per simulated second (metrics.ts): cumulative counters, from which rates are
 * computed, and gauges as they stood.
 */
export interface StatsSample {
  atMs: number;
  messagesIn: number;
  bytesIn: number;
  recordsConsumed: number;
  failedProduceRequests: number;
  leaderElections: number;
  uncleanLeaderElections: number;
  isrShrinks: number;
  isrExpands: number;
  offlinePartitions: number;
  activeController: number | null;
  /** Per broker, in `brokers` order: partitions it leads with fewer in-sync replicas than replicas. */
  underReplicated: number[];
  /** Per broker: partitions it leads whose ISR is below min.insync.replicas. */
  underMinIsr: number[];
  /** Per consumer group: what the group charts show. */
  groups: GroupSample[];
  /** Per consumer: records-lag-max (its largest lag, high watermark minus position). */
  consumers: { id: string; lagMax: number }[];
  /** Per producer, in `producers` order at the time. */
  producers: {
    id: string;
    failed: number;
    retries: number;
    requests: number;
    latencySumMs: number;
    /** Batches sent and their summed queue time (record-queue-time-avg); absent in old snapshots. */
    batches?: number;
    queueTimeSumMs?: number;
  }[];
}

export interface GroupSample {
  id: string;
  state: string;
  members: number;
  /** Cumulative rebalances and time spent rebalancing. */
  rebalances: number;
  rebalanceMs: number;
  /** Partitions of the group nobody consumes right now, and cumulative unowned partition-ms. */
  unownedPartitions: number;
  unownedMs: number;
  /** Sum of high watermark minus committed offset over the group's partitions (kafka-consumer-groups LAG). */
  lag: number;
  /**
   * The largest records-lag-max of the group's consumers at the sample (from their positions).
   * Kept with the group, so members that leave later still count where they were members.
   * Absent in snapshots taken before it was sampled.
   */
  positionLag?: number;
}
