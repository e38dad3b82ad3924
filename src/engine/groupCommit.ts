/**
 * A consumer's committed offsets (ConsumerCoordinator): OffsetCommit of its positions (auto
 * commit from poll, manual commit, before rejoining, on close), and OffsetFetch of the
 * committed offsets of newly assigned partitions. Also what the simulator observes about a
 * group's partitions: who consumes each, how long each sat unowned, and which records were
 * delivered again (at-least-once).
 */
import { recordsIn } from './log.ts';
import { consumerSettings } from './config.ts';
import { emit, nextId, ownGet, ownSet, type Ctx } from './context.ts';
import { resetPositions, wakePoll } from './consumer.ts';
import { findGroup } from './groupCoordinator.ts';
import { afterCommitSettled, markCoordinatorUnknown, sendToCoordinator } from './groupClient.ts';
import { fail, requestRejoin, resetGeneration } from './groupMember.ts';
import type { CommitPurpose, GroupPayload, TopicPartitionRef } from './groupTypes.ts';
import type { ConsumerPartition, ConsumerState } from './model.ts';

type Res<K extends GroupPayload['kind']> = Extract<GroupPayload, { kind: K }>;

/** How many redeliveries a group keeps for the UI. */
export const MAX_REDELIVERIES_KEPT = 50;

const COORDINATOR_ERRORS = ['NOT_COORDINATOR', 'COORDINATOR_NOT_AVAILABLE', 'REQUEST_TIMED_OUT'];
/** Errors a commit is sent again for (RetriableCommitFailedException's causes). */
const RETRIABLE_COMMIT_ERRORS = [...COORDINATOR_ERRORS, 'COORDINATOR_LOAD_IN_PROGRESS'];

function countError(c: ConsumerState, error: string): void {
  c.stats.errors[error] = (c.stats.errors[error] ?? 0) + 1;
}

/**
 * Sends the consumer's positions as an OffsetCommit. A member outside a stable generation
 * fails the commit locally, as ConsumerCoordinator.sendOffsetCommitRequest does; a consumer
 * using assign() commits with no generation. Returns whether a request went out.
 */
export function sendCommit(ctx: Ctx, c: ConsumerState, purpose: CommitPurpose): boolean {
  const g = c.group;
  if (!g) return false;
  const offsets = c.assignment
    .filter((a) => a.position !== null)
    .map((a) => ({ topic: a.topic, partition: a.partition, offset: a.position! }));
  if (offsets.length === 0 || g.coordinator === null) return false;
  const subscribed = g.subscription !== null;
  if (subscribed && g.memberState !== 'STABLE') {
    emit(ctx, {
      type: 'consumer.commitFailed',
      consumer: c.id,
      group: g.groupId,
      error: 'REBALANCE_IN_PROGRESS',
      purpose,
    });
    return false;
  }
  const req = sendToCoordinator(ctx, c, {
    kind: 'offsetCommit',
    client: c.id,
    requestId: nextId(ctx.state, 'message'),
    groupId: g.groupId,
    memberId: subscribed ? g.memberId : '',
    groupInstanceId: subscribed ? g.groupInstanceId : null,
    generationId: subscribed ? g.generationId : -1,
    offsets,
  });
  if (!req) return false;
  g.commits.push({ ...req, offsets, purpose, generationId: subscribed ? g.generationId : -1 });
  return true;
}

export function onOffsetCommitResponse(
  ctx: Ctx,
  c: ConsumerState,
  res: Res<'offsetCommitResponse'>,
): void {
  const g = c.group!;
  const i = g.commits.findIndex((x) => x.requestId === res.requestId);
  if (i < 0) return;
  const [commit] = g.commits.splice(i, 1);
  if (res.error === null) {
    c.stats.commits++;
    emit(ctx, {
      type: 'consumer.committed',
      consumer: c.id,
      groupId: g.groupId,
      offsets: res.offsets,
    });
    return afterCommitSettled(ctx, c, commit!.purpose, false, true);
  }
  countError(c, res.error);
  emit(ctx, {
    type: 'consumer.commitFailed',
    consumer: c.id,
    group: g.groupId,
    error: res.error,
    purpose: commit!.purpose,
  });
  if (commit!.purpose === 'auto')
    g.nextAutoCommitMs = ctx.state.nowMs + consumerSettings(c.config).retryBackoffMs;
  const retriable = RETRIABLE_COMMIT_ERRORS.includes(res.error);
  // ConsumerCoordinator.OffsetCommitResponseHandler.
  if (COORDINATOR_ERRORS.includes(res.error))
    markCoordinatorUnknown(ctx, c, `OffsetCommit answered ${res.error}`);
  else if (g.subscription !== null && commit!.generationId === g.generationId) {
    if (res.error === 'UNKNOWN_MEMBER_ID' || res.error === 'ILLEGAL_GENERATION') {
      // CommitFailedException: the member is no longer in this generation; it rejoins.
      resetGeneration(g, res.error === 'ILLEGAL_GENERATION', `OffsetCommit answered ${res.error}`);
      wakePoll(ctx, c, ctx.state.nowMs);
    } else if (res.error === 'REBALANCE_IN_PROGRESS')
      requestRejoin(ctx, c, 'OffsetCommit answered REBALANCE_IN_PROGRESS');
    else if (res.error === 'FENCED_INSTANCE_ID')
      fail(ctx, c, 'FENCED_INSTANCE_ID: another consumer joined with this group.instance.id');
  }
  afterCommitSettled(ctx, c, commit!.purpose, retriable, false);
}

/** OffsetFetch for assigned partitions without a position (refreshCommittedOffsetsIfNeeded). */
export function fetchCommittedOffsets(ctx: Ctx, c: ConsumerState): void {
  const g = c.group;
  if (!g || g.coordinator === null || g.offsetFetchRequest !== null) return;
  const partitions = c.assignment
    .filter((a) => a.position === null && a.resetReason === null)
    .map((a) => ({ topic: a.topic, partition: a.partition }));
  if (partitions.length === 0) return;
  const req = sendToCoordinator(ctx, c, {
    kind: 'offsetFetch',
    client: c.id,
    requestId: nextId(ctx.state, 'message'),
    groupId: g.groupId,
    partitions,
  });
  if (req) g.offsetFetchRequest = { ...req, partitions };
}

export function onOffsetFetchResponse(
  ctx: Ctx,
  c: ConsumerState,
  res: Res<'offsetFetchResponse'>,
): void {
  const g = c.group!;
  if (g.offsetFetchRequest?.requestId !== res.requestId) return;
  g.offsetFetchRequest = null;
  const now = ctx.state.nowMs;
  if (res.error !== null) {
    countError(c, res.error);
    if (COORDINATOR_ERRORS.includes(res.error))
      markCoordinatorUnknown(ctx, c, `OffsetFetch answered ${res.error}`);
    else wakePoll(ctx, c, now + Math.max(1, consumerSettings(c.config).retryBackoffMs));
    return;
  }
  const toReset: ConsumerPartition[] = [];
  for (const o of res.offsets) {
    const a = c.assignment.find((x) => x.topic === o.topic && x.partition === o.partition);
    if (!a || a.position !== null || a.resetReason !== null) continue;
    if (o.offset >= 0) {
      a.position = o.offset;
      a.offsetEpoch = -1; // simplified: commits carry no leader epoch here (offsetValidation.ts)
      emit(ctx, {
        type: 'consumer.positionFromCommit',
        consumer: c.id,
        group: g.groupId,
        topic: a.topic,
        partition: a.partition,
        offset: o.offset,
      });
    } else toReset.push(a);
  }
  resetPositions(ctx, c, toReset, 'no committed offset');
  wakePoll(ctx, c, now);
}

// ---------------------------------------------------------------------------------------
// What the simulator observes

function groupOf(ctx: Ctx, c: ConsumerState) {
  return c.group ? findGroup(ctx.state, c.group.groupId) : undefined;
}

/**
 * Hot path (every delivery a consumer observes): each key is built once, so record lookups get
 * the same string every time instead of a new one to hash. Derived from the name alone.
 */
const tpKeys = new Map<string, string[]>();

function tpKey(p: TopicPartitionRef): string {
  return topicPartitionKey(p.topic, p.partition);
}

function topicPartitionKey(topic: string, partition: number): string {
  let keys = tpKeys.get(topic);
  if (keys === undefined) {
    keys = [];
    tpKeys.set(topic, keys);
  }
  return (keys[partition] ??= `${topic}-${partition}`);
}

/** The consumer stopped consuming these partitions (revoked, lost, or it died). */
export function releaseOwnership(ctx: Ctx, c: ConsumerState, parts: TopicPartitionRef[]): void {
  const g = groupOf(ctx, c);
  if (!g) return;
  for (const p of parts) {
    const o = ownGet(g.observed.owners, tpKey(p));
    if (o && o.owner === c.id) {
      o.owner = null;
      o.unownedSinceMs = ctx.state.nowMs;
    }
  }
}

/** The consumer was given these partitions: the time they sat unowned ends. */
export function takeOwnership(ctx: Ctx, c: ConsumerState, parts: TopicPartitionRef[]): void {
  const g = groupOf(ctx, c);
  if (!g) return;
  const now = ctx.state.nowMs;
  for (const p of parts) {
    let o = ownGet(g.observed.owners, tpKey(p));
    if (!o) {
      o = { owner: null, unownedSinceMs: null };
      ownSet(g.observed.owners, tpKey(p), o);
    }
    if (o.unownedSinceMs !== null) g.observed.unownedMsTotal += now - o.unownedSinceMs;
    o.owner = c.id;
    o.unownedSinceMs = null;
  }
}

/**
 * poll() handed records [fromOffset, fromOffset + count) to the application. Records below
 * what the group already processed are delivered again: counted and remembered.
 */
export function observeDelivery(
  ctx: Ctx,
  c: ConsumerState,
  topic: string,
  partition: number,
  fromOffset: number,
  count: number,
  /** Offsets in the range with no record (a compacted log), as ReadRange.holes. */
  holes?: readonly number[],
): void {
  const g = groupOf(ctx, c);
  if (!g || count <= 0) return;
  // Members of a group share one history per partition (a record another member processed is
  // redelivered). Consumers using assign() only share the group.id to store commits: each is
  // its own reader, so each keeps its own history.
  const subscribed = c.group!.subscription !== null;
  const tp = topicPartitionKey(topic, partition);
  const key = subscribed ? tp : `${tp}@${c.id}`;
  const upTo = ownGet(g.observed.processedUpTo, key) ?? 0;
  const againTo = Math.min(fromOffset + count, upTo);
  const again = recordsIn(holes, fromOffset, againTo);
  if (again > 0) {
    g.observed.redeliveredRecords += again;
    const r = {
      atMs: ctx.state.nowMs,
      consumer: c.id,
      topic,
      partition,
      fromOffset,
      toOffset: againTo,
    };
    g.observed.redeliveries.push(r);
    if (g.observed.redeliveries.length > MAX_REDELIVERIES_KEPT) g.observed.redeliveries.shift();
    emit(ctx, { type: 'group.redelivered', group: g.groupId, ...r, records: again });
  }
  ownSet(g.observed.processedUpTo, key, Math.max(upTo, fromOffset + count));
}
