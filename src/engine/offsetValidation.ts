/**
 * KIP-320 on the consumer: a position is validated against the current leader before the
 * consumer fetches from it again. When the consumer's metadata names a newer leader epoch than
 * the one its position was last checked against, and it knows the epoch of the last record it
 * returned (FetchPosition.offsetEpoch), it asks the leader where that epoch ends
 * (OffsetsForLeaderEpoch). An end below its position means the log was truncated under it (an
 * unclean election): it goes back to the first offset known to diverge, where a consumer
 * without this would fetch past the new leader's end and fall back on auto.offset.reset, or
 * silently skip the new leader's records once its log grew past the old position.
 * (SubscriptionState.maybeValidatePositionForCurrentLeader / maybeCompleteValidation,
 * OffsetsForLeaderEpochUtils, Partition.lastOffsetForLeaderEpoch.)
 *
 * Simplified: positions taken from a committed offset or from auto.offset.reset carry no epoch
 * here (Kafka commits the leader epoch with the offset and ListOffsets returns one), so they
 * are not validated until the consumer has returned a record.
 */
import { knownLeaderEpoch, requestMetadataUpdate } from './clientMetadata.ts';
import type { ConsumerSettings } from './config.ts';
import { emit, findPartition, type Ctx } from './context.ts';
import {
  answeredConsumer,
  countError,
  nextRequestId,
  requestReset,
  sendListOffsets,
  trackRequest,
  wakePoll,
} from './consumer.ts';
import { consumerSettings } from './config.ts';
import { endOffsetFor } from './epochCache.ts';
import { ledReplica } from './brokerRequests.ts';
import { brokerView } from './metadata.ts';
import type {
  BrokerState,
  ConsumerPartition,
  ConsumerState,
  MessagePayload,
  MessageState,
} from './model.ts';
import { REQUEST_OVERHEAD_BYTES, send, sendToBroker } from './network.ts';

type Payload<K extends MessagePayload['kind']> = Extract<MessagePayload, { kind: K }>;

/**
 * Whether the partition must not be fetched now: its validation is in flight, or due (the
 * metadata's leader epoch moved on and the position's epoch is known). A position without an
 * epoch is simply taken as valid under the new leader (SubscriptionState.validatePosition).
 */
export function awaitingValidation(c: ConsumerState, a: ConsumerPartition): boolean {
  if (a.validationRequestId !== null) return true;
  const epoch = knownLeaderEpoch(c.metadata, a.topic, a.partition);
  if (epoch === a.leaderEpoch) return false;
  if (a.offsetEpoch < 0 || epoch < 0) {
    a.leaderEpoch = epoch;
    return false;
  }
  return true;
}

/** Sends one OffsetsForLeaderEpoch per leader for the partitions whose validation is due. */
export function sendValidations(
  ctx: Ctx,
  c: ConsumerState,
  s: ConsumerSettings,
  byLeader: Map<number, ConsumerPartition[]>,
): void {
  for (const [broker, parts] of [...byLeader].sort((x, y) => x[0] - y[0])) {
    const requestId = nextRequestId(c);
    const partitions = parts.map((a) => ({
      topic: a.topic,
      partition: a.partition,
      currentLeaderEpoch: knownLeaderEpoch(c.metadata, a.topic, a.partition),
      leaderEpoch: a.offsetEpoch,
    }));
    const sent = sendToBroker(
      ctx,
      c.id,
      broker,
      { kind: 'offsetsForLeaderEpoch', consumer: c.id, requestId, partitions },
      REQUEST_OVERHEAD_BYTES,
    );
    if (!sent) continue; // no link: tried again on a later poll
    trackRequest(ctx, c, s, broker, requestId);
    parts.forEach((a, i) => {
      a.validationRequestId = requestId;
      // The epoch being validated against; the position is valid under it once answered.
      a.leaderEpoch = partitions[i]!.currentLeaderEpoch;
    });
  }
}

/** Validations whose request was given up (a timeout, a broker gone) are sent again later. */
export function forgetDroppedValidations(c: ConsumerState): void {
  for (const a of c.assignment) {
    if (a.validationRequestId === null) continue;
    if (c.inFlight.some((r) => r.requestId === a.validationRequestId)) continue;
    a.validationRequestId = null;
    a.leaderEpoch = -1;
  }
}

/** Partition.lastOffsetForLeaderEpoch on the leader, for a consumer (fetchOnlyFromLeader). */
export function handleOffsetsForLeaderEpoch(
  ctx: Ctx,
  msg: MessageState,
  broker: BrokerState,
): void {
  const req = msg.payload as Payload<'offsetsForLeaderEpoch'>;
  const partitions = req.partitions.map((q) => {
    const answer = (error: string | null, leaderEpoch = -1, endOffset = -1) => ({
      topic: q.topic,
      partition: q.partition,
      error,
      leaderEpoch,
      endOffset,
    });
    const p = findPartition(ctx.state, q.topic, q.partition);
    if (!p || !brokerView(broker, p)) return answer('UNKNOWN_TOPIC_OR_PARTITION');
    const r = ledReplica(broker, p);
    const ls = r?.leaderState;
    if (!r || !ls) return answer('NOT_LEADER_OR_FOLLOWER');
    if (q.currentLeaderEpoch < ls.leaderEpoch) return answer('FENCED_LEADER_EPOCH');
    if (q.currentLeaderEpoch > ls.leaderEpoch) return answer('UNKNOWN_LEADER_EPOCH');
    const end = endOffsetFor(r, q.leaderEpoch);
    return answer(null, end.epoch, end.startOffset);
  });
  send(
    ctx,
    msg.to,
    msg.from,
    {
      kind: 'offsetsForLeaderEpochResponse',
      consumer: req.consumer,
      requestId: req.requestId,
      partitions,
    },
    REQUEST_OVERHEAD_BYTES,
  );
}

/** SubscriptionState.maybeCompleteValidation for each partition of the answer. */
export function onOffsetsForLeaderEpochResponse(ctx: Ctx, msg: MessageState): void {
  if (msg.payload.kind !== 'offsetsForLeaderEpochResponse') return;
  const res = msg.payload;
  const c = answeredConsumer(ctx, res);
  if (!c) return;
  const s = consumerSettings(c.config);
  const resets = new Map<number, ConsumerPartition[]>();
  for (const r of res.partitions) {
    const a = c.assignment.find((x) => x.topic === r.topic && x.partition === r.partition);
    if (!a || a.validationRequestId !== res.requestId || a.position === null) continue;
    a.validationRequestId = null;
    if (r.error !== null) {
      // Retriable: validated again against whatever leader the refreshed metadata names.
      countError(c, r.error);
      a.leaderEpoch = -1;
      requestMetadataUpdate(c.metadata);
      continue;
    }
    const undefinedEnd = r.leaderEpoch < 0 || r.endOffset < 0;
    if (!undefinedEnd && r.endOffset >= a.position) continue; // valid: fetching resumes
    if (s.autoOffsetReset === 'none') {
      c.fatalError = `LogTruncationException: ${a.topic}-${a.partition} truncated below ${a.position}`;
      emit(ctx, {
        type: 'consumer.error',
        consumer: c.id,
        topic: a.topic,
        partition: a.partition,
        error: 'LogTruncationException',
      });
      continue;
    }
    if (undefinedEnd) {
      // The leader knows no epoch at or below the position's: where it diverged is unknown.
      const reason = `truncation detected below ${a.position} (no epoch ≤ ${a.offsetEpoch} on the leader)`;
      a.position = null;
      requestReset(ctx, c, s, a, reason, resets);
      continue;
    }
    emit(ctx, {
      type: 'consumer.truncationDetected',
      consumer: c.id,
      topic: a.topic,
      partition: a.partition,
      fromOffset: a.position,
      toOffset: r.endOffset,
      offsetEpoch: a.offsetEpoch,
      leaderEpoch: a.leaderEpoch,
    });
    a.position = r.endOffset;
    a.offsetEpoch = r.leaderEpoch;
  }
  sendListOffsets(ctx, c, s, resets);
  if (c.waitingForData) wakePoll(ctx, c, ctx.state.nowMs);
}
