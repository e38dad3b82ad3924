/**
 * The headless report's view of a Kafka Streams application (a group with a `streams` block):
 * what it processed, what it wrote downstream, and how many of those writes were duplicates.
 */
import type { StreamsAppState } from './model.ts';

export interface StreamsReport {
  /** application.id: the group id. */
  applicationId: string;
  processingGuarantee: 'at_least_once';
  commitIntervalMs: number;
  outputTopic: string;
  /** Input records processed by the members (reprocessed ones counted again). */
  recordsProcessed: number;
  /** Input records processed a second time after a crash (their offsets were not committed). */
  recordsReprocessed: number;
  /** Output records sent to the output topic (send called on the embedded producers). */
  recordsProduced: number;
  /** Output records written again because their input was processed again (after a crash). */
  duplicatesProduced: number;
  /** Offset commits that succeeded, each after a flush of the member's producer. */
  commits: number;
  commitsFailed: number;
  /** Producer flushes that had records to wait for. */
  flushes: number;
  /** Members now, with their embedded producers. */
  members: { consumer: string; producer: string }[];
}

export function streamsReport(app: StreamsAppState): StreamsReport {
  const s = app.stats;
  return {
    applicationId: app.applicationId,
    processingGuarantee: app.guarantee,
    commitIntervalMs: app.commitIntervalMs,
    outputTopic: app.outputTopic,
    recordsProcessed: s.recordsProcessed,
    recordsReprocessed: s.recordsReprocessed,
    recordsProduced: s.recordsProduced,
    duplicatesProduced: s.duplicatesProduced,
    commits: s.commits,
    commitsFailed: s.commitsFailed,
    flushes: s.flushes,
    members: app.members
      .filter((m) => !m.closing)
      .map((m) => ({ consumer: m.consumer, producer: m.producer })),
  };
}
