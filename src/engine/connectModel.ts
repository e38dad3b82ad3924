/**
 * The state of Kafka Connect connectors (connect.ts): plain JSON data, part of SimState.
 *
 * A source connector's task is a producer fed by an external system (a database table whose
 * rows appear at a steady rate); a sink connector's tasks are the members of the consumer
 * group `connect-<name>`, writing what they consume to an external system.
 */
import type { ConfigValues } from './config.ts';

export type ConnectorKind = 'source' | 'sink';

export interface ConnectorState {
  name: string;
  kind: ConnectorKind;
  /** The external system, as the scenario names it ("MySQL", "Elasticsearch"). */
  system: string;
  /** Source: the one topic it writes; sink: the topics it reads. */
  topics: string[];
  /** tasks.max as configured. */
  tasksMax: number;
  /** WorkerConfig offset.flush.interval.ms: how often source offsets / sink offsets are committed. */
  offsetFlushIntervalMs: number;
  /** The connector's config as given (Kafka's names), for the inspector. */
  config: ConfigValues;
  /** Its tasks, by task number (ConnectorTaskId `<name>-<n>`). */
  tasks: ConnectTaskState[];
  /** Only for a source connector: the external table and the task's position in it. */
  source: SourceState | null;
  /** Only for a sink connector: what the external system holds. */
  sink: SinkState | null;
  stats: ConnectorStats;
}

export interface ConnectTaskState {
  task: number;
  /** The task's Kafka client: `connector-producer-<name>-<n>` or `connector-consumer-<name>-<n>`. */
  client: string;
  /**
   * Connect's task states: RUNNING; FAILED after a crash, UNASSIGNED after its consumer left,
   * until `connector.restartTask`.
   */
  state: 'RUNNING' | 'FAILED' | 'UNASSIGNED';
}

/**
 * The external table a source connector reads: rows get ids 1, 2, 3 … at `ratePerSec`, and
 * the source offset is the id of the last row read (like a JDBC source's incrementing column).
 */
export interface SourceState {
  table: string;
  ratePerSec: number;
  /** When the table started filling: row n appears at startedAtMs + n × 1000 / ratePerSec. */
  startedAtMs: number;
  /** Rows in the external system seen by the last poll: ids 1 … rowsInSystem. */
  rowsInSystem: number;
  /** When the task polls next, or null when it waits for nothing (failed, or no new rows ever). */
  nextPollAtMs: number | null;
  /** The id of the last row the task read and handed to its producer. */
  position: number;
  /** Rows handed to the producer and not yet acknowledged, ascending (SubmittedRecords). */
  unacked: number[];
  /** The highest row id ever handed to a producer: a row at or below it read again is a duplicate… */
  sentUpTo: number;
  /** …unless its first copy died in a crashed producer before reaching a broker. */
  neverWritten: number[];
  /** The source offset last committed to connect-offsets (0: none yet, start at the first row). */
  committedOffset: number;
  /** When the next offset flush runs (SourceTaskOffsetCommitter), or null when the task is down. */
  nextFlushAtMs: number | null;
  /** The task producer's config (Worker.producerConfigs and producer.override.*), for restarts. */
  producerConfig: ConfigValues;
}

/** What a sink connector wrote to its external system, per input partition ("topic-partition"). */
export interface SinkState {
  /** The offset after the last record delivered (put) per partition: below it is a duplicate. */
  deliveredUpTo: Record<string, number>;
  /** Records polled by each task and not yet delivered (put at the end of their processing). */
  pending: Record<
    string,
    {
      topic: string;
      partition: number;
      fromOffset: number;
      toOffset: number;
      /** Offsets in [fromOffset, toOffset) with no record (a compacted topic), as ReadRange.holes. */
      holes?: number[];
    }[]
  >;
  /** When each task last committed (WorkerSinkTask.nextCommit is this plus the interval). */
  lastCommitMs: Record<string, number>;
  /** Tasks that delivered records since their last commit. */
  commitNeeded: Record<string, boolean>;
}

export interface ConnectorStats {
  /** Source: rows read from the external system; sink: records polled from Kafka (again after a crash, counted again). */
  recordsPolled: number;
  /** Source: records acknowledged by Kafka; sink: records written to the external system. */
  recordsWritten: number;
  /** Offset commits that succeeded (connect-offsets for a source, the group for a sink). */
  offsetCommits: number;
  offsetCommitsFailed: number;
  /** Records written a second time after a crash: into the topic (source) or the system (sink). */
  duplicates: number;
  taskCrashes: number;
  taskRestarts: number;
}
