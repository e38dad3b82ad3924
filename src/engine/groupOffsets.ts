/**
 * Committed offsets on the coordinator (OffsetMetadataManager): OffsetCommit is validated
 * against the group (ClassicGroup.validateOffsetCommit), written to `__consumer_offsets`, and
 * answered once the write is committed; OffsetFetch reads what is committed.
 */
import { emit, type Ctx } from './context.ts';
import { coordinatorTarget, createGroupHere } from './groupCoordinator.ts';
import { validateMember } from './groupRebalance.ts';
import { touchMember } from './groupSync.ts';
import type { CoordinatorWriteEffect, GroupPayload, GroupState } from './groupTypes.ts';
import type { BrokerState, MessageState } from './model.ts';
import { REQUEST_OVERHEAD_BYTES, send } from './network.ts';
import { appendCoordinatorRecords, offsetRecords } from './offsetsTopic.ts';

type Req<K extends GroupPayload['kind']> = Extract<GroupPayload, { kind: K }>;

/** ClassicGroup.validateOffsetCommit; null when the commit is accepted. */
function commitProblem(g: GroupState, req: Req<'offsetCommit'>): string | null {
  // A commit outside any generation (a consumer using assign()) is only accepted while the
  // group has no members: that is how standalone consumers share a group.id.
  if (req.generationId < 0 && g.state === 'Empty') return null;
  if (req.generationId < 0 && req.memberId === '' && req.groupInstanceId === null)
    return 'UNKNOWN_MEMBER_ID';
  const invalid = validateMember(g, req.memberId, req.groupInstanceId);
  if (invalid) return invalid;
  if (req.generationId !== g.generationId) return 'ILLEGAL_GENERATION';
  if (g.state === 'CompletingRebalance') return 'REBALANCE_IN_PROGRESS';
  return null;
}

export function handleOffsetCommit(ctx: Ctx, msg: MessageState, broker: BrokerState): void {
  const req = msg.payload as Req<'offsetCommit'>;
  const answer = (error: string | null): void => {
    send(
      ctx,
      msg.to,
      msg.from,
      {
        kind: 'offsetCommitResponse',
        client: req.client,
        requestId: req.requestId,
        error,
        offsets: req.offsets,
      },
      REQUEST_OVERHEAD_BYTES,
    );
  };
  const t = coordinatorTarget(ctx, broker, req.groupId);
  if (!t.ok) return answer(t.error);
  let g = t.group;
  if (!g) {
    // A commit with no generation creates a "simple" group; otherwise the group is unknown.
    if (req.generationId >= 0) return answer('GROUP_ID_NOT_FOUND');
    g = createGroupHere(ctx, broker, req.groupId, t.r);
  }
  const problem = commitProblem(g, req);
  if (problem) return answer(problem);
  if (req.generationId >= 0 && (g.state === 'Stable' || g.state === 'PreparingRebalance'))
    touchMember(ctx, g, req.memberId);
  if (req.offsets.length === 0) return answer(null);
  const records = offsetRecords(g.groupId, req.client, req.offsets, ctx.state.nowMs);
  appendCoordinatorRecords(ctx, broker, t.p, t.r, records, {
    kind: 'offsetCommit',
    groupId: g.groupId,
    reply: { client: req.client, requestId: req.requestId },
    committedBy: req.client,
    offsets: req.offsets,
  });
}

/** The commit's records are committed (or the write failed): answer the client. */
export function onOffsetCommitWritten(
  ctx: Ctx,
  broker: BrokerState,
  g: GroupState,
  effect: Extract<CoordinatorWriteEffect, { kind: 'offsetCommit' }>,
  error: string | null,
): void {
  const now = ctx.state.nowMs;
  if (error === null && g.coordinator === broker.id) {
    for (const o of effect.offsets) {
      const existing = g.offsets.find((x) => x.topic === o.topic && x.partition === o.partition);
      const entry = {
        topic: o.topic,
        partition: o.partition,
        offset: o.offset,
        commitTimestampMs: now,
        committedBy: effect.committedBy,
      };
      if (existing) Object.assign(existing, entry);
      else g.offsets.push(entry);
    }
    g.offsets.sort((a, b) =>
      a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition,
    );
    emit(ctx, {
      type: 'group.offsetsCommitted',
      group: g.groupId,
      consumer: effect.committedBy,
      offsets: effect.offsets,
    });
  }
  send(
    ctx,
    { kind: 'broker', id: broker.id },
    { kind: 'client', id: effect.reply.client },
    {
      kind: 'offsetCommitResponse',
      client: effect.reply.client,
      requestId: effect.reply.requestId,
      error,
      offsets: effect.offsets,
    },
    REQUEST_OVERHEAD_BYTES,
  );
}

/** OffsetFetch: the committed offset per partition, -1 where none is. */
export function handleOffsetFetch(ctx: Ctx, msg: MessageState, broker: BrokerState): void {
  const req = msg.payload as Req<'offsetFetch'>;
  const t = coordinatorTarget(ctx, broker, req.groupId);
  const offsets = req.partitions.map((p) => {
    const c = t.ok
      ? t.group?.offsets.find((o) => o.topic === p.topic && o.partition === p.partition)
      : undefined;
    return { topic: p.topic, partition: p.partition, offset: c?.offset ?? -1 };
  });
  send(
    ctx,
    msg.to,
    msg.from,
    {
      kind: 'offsetFetchResponse',
      client: req.client,
      requestId: req.requestId,
      error: t.ok ? null : t.error,
      offsets,
    },
    REQUEST_OVERHEAD_BYTES,
  );
}
