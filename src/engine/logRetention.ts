/**
 * UnifiedLog.deleteOldSegments for one replica's log, with its events: run by each broker's
 * retention task for logs that are not compacted (brokers.ts) and by the log cleaner thread for
 * compacted ones (logCleaner.ts), as LogManager and LogCleaner share the work in Kafka.
 */
import { topicSettings } from './config.ts';
import { emit, type Ctx } from './context.ts';
import { deleteRetainedSegments } from './log.ts';
import type { BrokerState, PartitionState, TopicState } from './model.ts';
import { cacheChanged } from './pageCache.ts';
import { replicaOn } from './replication.ts';
import { localRetention } from './tieredStorage.ts';

export function deleteOldSegmentsOf(
  ctx: Ctx,
  b: BrokerState,
  t: TopicState,
  p: PartitionState,
): void {
  const state = ctx.state;
  const replica = replicaOn(p, b.id);
  if (!replica || replica.log.logEndOffset === replica.log.logStartOffset) return;
  const settings = topicSettings(t.config, state.cluster.brokerConfig);
  const before = replica.log.segments.length;
  const cachedBefore = replica.log.cachedBytes;
  // A tiered topic keeps local.retention.* of what is already in remote storage.
  const local = localRetention(state, t, p, replica);
  // cleanup.policy=compact alone: retention.ms and retention.bytes do not apply (only segments
  // below the log start offset go, which without tiered storage or DeleteRecords is none).
  const retention = settings.delete ? settings : { retentionMs: -1, retentionBytes: -1 };
  const deleted = deleteRetainedSegments(
    replica.log,
    local?.upperBound ?? replica.highWatermark,
    state.nowMs,
    local ?? retention,
  );
  cacheChanged(state, b, replica.log.cachedBytes - cachedBefore);
  if (replica.log.segments.length > before - deleted.reduce((n, d) => n + d.segments, 0)) {
    emit(ctx, {
      type: 'segment.rolled',
      topic: p.topic,
      partition: p.partition,
      broker: b.id,
      baseOffset: replica.log.logEndOffset,
      reason: 'retention',
    });
  }
  for (const d of deleted) {
    emit(ctx, {
      type: 'segments.deleted',
      topic: p.topic,
      partition: p.partition,
      broker: b.id,
      segments: d.segments,
      records: d.records,
      logStartOffset: replica.log.logStartOffset,
      reason: local && d.reason !== 'log start offset' ? `local.${d.reason}` : d.reason,
    });
  }
}
