/**
 * What the canvas and the inspector show of a Kafka Streams application (a group with a
 * `streams` block, src/engine/streams.ts): its output topic and counts on the group, its
 * thread's phase on each member, and where its members' embedded producers are drawn.
 */
import type { SimState } from '../../engine/model.ts';
import { findStreamsApp, streamsMemberOf } from '../../engine/streams.ts';

export interface StreamsView {
  outputTopic: string;
  guarantee: string;
  commitIntervalMs: number;
  processed: number;
  produced: number;
  reprocessed: number;
  duplicates: number;
  commits: number;
}

/** The member handle a Streams member's produce edge leaves from, and the broker handle it reaches. */
export const STREAMS_OUT_HANDLE = 'streams-out';
export const STREAMS_IN_HANDLE = 'streams-in';

/**
 * Where on a member's left side its embedded producer's line leaves, as a fraction of its
 * height: below the middle, where its fetch line arrives, so the two lines stay apart.
 */
export const STREAMS_ANCHOR_FRACTION = 0.78;

/** The phase a Streams member's thread is in: running, or blocked in flush() or commitSync(). */
export type StreamsPhase = 'running' | 'flushing' | 'committing';

export function streamsView(state: SimState, groupId: string): StreamsView | null {
  const app = findStreamsApp(state, groupId);
  if (!app) return null;
  const s = app.stats;
  return {
    outputTopic: app.outputTopic,
    guarantee: app.guarantee,
    commitIntervalMs: app.commitIntervalMs,
    processed: s.recordsProcessed,
    produced: s.recordsProduced,
    reprocessed: s.recordsReprocessed,
    duplicates: s.duplicatesProduced,
    commits: s.commits,
  };
}

export function streamsPhase(state: SimState, consumerId: string): StreamsPhase | null {
  if (state.streams.length === 0) return null;
  return streamsMemberOf(state, consumerId)?.member.phase ?? null;
}

/** Embedded producers are drawn inside their member, not in the producer column. */
export function isEmbeddedProducer(state: SimState, producerId: string): boolean {
  for (const app of state.streams)
    for (const m of app.members) if (m.producer === producerId) return true;
  return false;
}

/** Live Streams members and their embedded producers, for the produce edges and message anchors. */
export function streamsProducers(state: SimState): { consumer: string; producer: string }[] {
  const out: { consumer: string; producer: string }[] = [];
  for (const app of state.streams)
    for (const m of app.members)
      if (!m.closing) out.push({ consumer: m.consumer, producer: m.producer });
  return out;
}
