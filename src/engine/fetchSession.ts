/**
 * KIP-227 incremental fetch sessions between a follower's replica fetcher and its leader.
 *
 * Follower side (clients FetchSessionHandler): the first request of a session is full and lists
 * every partition; the leader opens a session with its response. Later requests are incremental:
 * they list only the partitions whose fetch data changed (fetch offset, last fetched epoch,
 * current leader epoch) and the partitions to forget. A lost request or response, or a session
 * error, makes the next request full again.
 *
 * Leader side (server FetchManager, FetchSession, FetchContext): the leader keeps each session's
 * partitions with the fetch data last sent for them. On every fetch it reads all of them, the
 * ones the request left out included, so the follower's progress is recorded for each (the ISR
 * and the high watermark see no difference). An incremental response carries only partitions with
 * records, a new high watermark or log start offset, an error or a divergence.
 *
 * Not modelled: the follower's own log start offset and max bytes are not part of our fetch data
 * (they never change per partition here), and session eviction (see BrokerState.fetchSessions).
 */
import { removeAt } from './context.ts';
import { latestEpoch } from './epochCache.ts';
import type {
  BrokerId,
  BrokerState,
  CachedFetchPartition,
  FetchSessionState,
  MessagePayload,
  PartitionRecord,
  PartitionState,
  ReplicaFetcher,
  ReplicaFetchPartition,
  ReplicaLog,
  SimState,
} from './model.ts';

type Payload<K extends MessagePayload['kind']> = Extract<MessagePayload, { kind: K }>;
type PartitionRef = { topic: string; partition: number };

/** FetchMetadata.INVALID_SESSION_ID: no session. */
export const INVALID_SESSION_ID = 0;
/** FetchMetadata.INITIAL_EPOCH: a full fetch, which opens a new session. */
export const INITIAL_EPOCH = 0;
/** FetchMetadata.FINAL_EPOCH: a full fetch that opens no session (consumers closing; unused by followers). */
export const FINAL_EPOCH = -1;
const MAX_INT = 2147483647;

/** FetchMetadata.nextEpoch: epochs count up from 1 and wrap back to 1. */
export function nextEpoch(epoch: number): number {
  if (epoch < 0) return FINAL_EPOCH;
  if (epoch === MAX_INT) return 1;
  return epoch + 1;
}

/** FetchMetadata.isFull. */
export function isFullFetch(req: { sessionEpoch: number }): boolean {
  return req.sessionEpoch === INITIAL_EPOCH || req.sessionEpoch === FINAL_EPOCH;
}

// ---------------------------------------------------------------------------------------
// Follower side (FetchSessionHandler)

/** A partition a fetcher fetches, with the state its fetch data comes from. */
export interface FollowedPartition {
  p: PartitionState;
  r: ReplicaLog;
  view: PartitionRecord;
}

function samePartition(e: PartitionRef, x: FollowedPartition): boolean {
  return e.partition === x.p.partition && e.topic === x.p.topic;
}

function fetchDataChanged(e: ReplicaFetchPartition, x: FollowedPartition): boolean {
  return (
    e.fetchOffset !== x.r.log.logEndOffset ||
    e.lastFetchedEpoch !== latestEpoch(x.r) ||
    e.currentLeaderEpoch !== x.view.leaderEpoch
  );
}

function fetchData(x: FollowedPartition): ReplicaFetchPartition {
  return {
    topic: x.p.topic,
    partition: x.p.partition,
    fetchOffset: x.r.log.logEndOffset,
    lastFetchedEpoch: latestEpoch(x.r),
    currentLeaderEpoch: x.view.leaderEpoch,
  };
}

function copyFetchData(e: ReplicaFetchPartition): ReplicaFetchPartition {
  return {
    topic: e.topic,
    partition: e.partition,
    fetchOffset: e.fetchOffset,
    lastFetchedEpoch: e.lastFetchedEpoch,
    currentLeaderEpoch: e.currentLeaderEpoch,
  };
}

/** One shape for every cached partition, so the leader's hot loops see one object layout. */
function cachedPartition(
  fp: ReplicaFetchPartition,
  highWatermark: number,
  logStartOffset: number,
): CachedFetchPartition {
  return {
    topic: fp.topic,
    partition: fp.partition,
    fetchOffset: fp.fetchOffset,
    lastFetchedEpoch: fp.lastFetchedEpoch,
    currentLeaderEpoch: fp.currentLeaderEpoch,
    highWatermark,
    logStartOffset,
  };
}

function partitionKey(e: PartitionRef): string {
  return `${e.topic}\u0000${e.partition}`;
}

/** Whether the session holds exactly these partitions, in this order (the usual case). */
function sameMembers(
  session: readonly PartitionRef[],
  ready: readonly FollowedPartition[],
): boolean {
  if (session.length !== ready.length) return false;
  for (let i = 0; i < ready.length; i++) if (!samePartition(session[i]!, ready[i]!)) return false;
  return true;
}

/**
 * FetchSessionHandler.Builder.build: the partitions the next request lists, and those it asks
 * the leader to forget. `ready` are the partitions to fetch now, in the fetcher's order; like
 * AbstractFetcherThread, partitions backing off after an error are left out, and so forgotten
 * until they are ready again. The request gets its own copies: the session entries stay with
 * the fetcher and change in place.
 */
export function buildSessionFetch(
  f: ReplicaFetcher,
  ready: readonly FollowedPartition[],
): { partitions: ReplicaFetchPartition[]; forgotten: PartitionRef[] } {
  if (f.sessionEpoch === INITIAL_EPOCH) {
    f.sessionPartitions = ready.map(fetchData);
    return { partitions: f.sessionPartitions.map(copyFetchData), forgotten: [] };
  }
  const session = f.sessionPartitions;
  const partitions: ReplicaFetchPartition[] = [];
  if (sameMembers(session, ready)) {
    // The usual case: the same partitions as last time; only changed fetch data is sent.
    for (let i = 0; i < ready.length; i++) {
      const e = session[i]!;
      const x = ready[i]!;
      if (!fetchDataChanged(e, x)) continue;
      e.fetchOffset = x.r.log.logEndOffset;
      e.lastFetchedEpoch = latestEpoch(x.r);
      e.currentLeaderEpoch = x.view.leaderEpoch;
      partitions.push(copyFetchData(e));
    }
    return { partitions, forgotten: [] };
  }
  // Partitions came or went (a leader moved, a partition backs off, a topic grew).
  const old = new Map<string, ReplicaFetchPartition>();
  for (const e of session) old.set(partitionKey(e), e);
  const next: ReplicaFetchPartition[] = [];
  for (const x of ready) {
    const key = partitionKey(x.p);
    const e = old.get(key);
    old.delete(key);
    if (e === undefined || fetchDataChanged(e, x)) {
      const data = fetchData(x);
      next.push(data);
      partitions.push(copyFetchData(data));
    } else next.push(e);
  }
  // What is left was in the session and is not fetched now: forget it (in session order).
  const forgotten: PartitionRef[] = [];
  for (const e of session)
    if (old.has(partitionKey(e))) forgotten.push({ topic: e.topic, partition: e.partition });
  f.sessionPartitions = next;
  return { partitions, forgotten };
}

/**
 * FetchSessionHandler.handleResponse: moves the session on after a response, and says whether
 * its partitions can be processed (not after a session error: the next request is full).
 */
export function handleSessionResponse(
  f: ReplicaFetcher,
  res: Payload<'replicaFetchResponse'>,
): boolean {
  if (res.error !== null) {
    // The leader has no such session (it restarted, or evicted it): start from nothing.
    // Otherwise (INVALID_FETCH_SESSION_EPOCH) close that session with a new full fetch.
    if (res.error === 'FETCH_SESSION_ID_NOT_FOUND') f.sessionId = INVALID_SESSION_ID;
    f.sessionEpoch = INITIAL_EPOCH;
    return false;
  }
  if (res.sessionId === INVALID_SESSION_ID) {
    // No session was opened, or the leader closed it: the next request is full again.
    f.sessionId = INVALID_SESSION_ID;
    f.sessionEpoch = INITIAL_EPOCH;
  } else if (f.sessionEpoch === INITIAL_EPOCH) {
    f.sessionId = res.sessionId; // FetchMetadata.newIncremental
    f.sessionEpoch = nextEpoch(INITIAL_EPOCH);
  } else f.sessionEpoch = nextEpoch(f.sessionEpoch);
  return true;
}

/**
 * FetchSessionHandler.handleError (FetchMetadata.nextCloseExistingAttemptNew): a request or its
 * response was lost, so what the leader holds is unknown. The next request is full and closes
 * the session.
 */
export function restartSession(f: ReplicaFetcher): void {
  f.sessionEpoch = INITIAL_EPOCH;
}

// ---------------------------------------------------------------------------------------
// Leader side (FetchManager, FetchSessionCache, FetchContext)

/**
 * Derived, never serialised: where each session id was last found in its broker's list. Hot
 * path (every parked follower fetch is looked at on every append): the hint is checked, so a
 * stale one (the list changed, another simulation reused the id) only costs the scan.
 */
const sessionIndexHint = new Map<number, number>();

export function findSession(leader: BrokerState, id: number): FetchSessionState | undefined {
  const sessions = leader.fetchSessions;
  const hint = sessionIndexHint.get(id);
  if (hint !== undefined) {
    const s = sessions[hint];
    if (s !== undefined && s.id === id) return s;
  }
  for (let i = 0; i < sessions.length; i++) {
    if (sessions[i]!.id !== id) continue;
    if (sessionIndexHint.size > 100_000) sessionIndexHint.clear(); // ids only grow: stay bounded
    sessionIndexHint.set(id, i);
    return sessions[i];
  }
  return undefined;
}

function removeSession(leader: BrokerState, id: number): void {
  const i = leader.fetchSessions.findIndex((s) => s.id === id);
  if (i >= 0) leader.fetchSessions.splice(i, 1);
}

/** A response with no partitions: a session error, or an emptied session closed. */
export function emptyResponse(
  req: Payload<'replicaFetch'>,
  error: string | null,
): Payload<'replicaFetchResponse'> {
  return {
    kind: 'replicaFetchResponse',
    replica: req.replica,
    requestId: req.requestId,
    error,
    sessionId: INVALID_SESSION_ID,
    partitions: [],
  };
}

/** The session's entry for a partition (hot path, every incremental fetch: a loop, no closure). */
function cachedEntry(
  cached: readonly CachedFetchPartition[],
  fp: PartitionRef,
): CachedFetchPartition | undefined {
  for (let i = 0; i < cached.length; i++) {
    const c = cached[i]!;
    if (c.partition === fp.partition && c.topic === fp.topic) return c;
  }
  return undefined;
}

/**
 * FetchManager.newContext, when a follower fetch arrives. A full fetch closes the session it
 * names (the response opens a new one). An incremental fetch must name a session this broker
 * holds, at the epoch the session expects: the listed partitions' fetch data replace the cached
 * ones (new partitions join at the end), forgotten partitions leave, and the epoch moves on.
 * Returns null to go on with the fetch, or the response to send at once: a session error, or,
 * when the session was left with no partitions, an empty response closing it
 * (SessionlessFetchContext with nothing to fetch).
 */
export function openFetchContext(
  leader: BrokerState,
  req: Payload<'replicaFetch'>,
): Payload<'replicaFetchResponse'> | null {
  if (isFullFetch(req)) {
    if (req.sessionId !== INVALID_SESSION_ID) removeSession(leader, req.sessionId);
    return null;
  }
  const session = findSession(leader, req.sessionId);
  if (!session) return emptyResponse(req, 'FETCH_SESSION_ID_NOT_FOUND');
  if (session.epoch !== req.sessionEpoch) return emptyResponse(req, 'INVALID_FETCH_SESSION_EPOCH');
  const cached = session.partitions;
  // FetchSession.update
  for (const fp of req.partitions) {
    const e = cachedEntry(cached, fp);
    if (e) {
      e.fetchOffset = fp.fetchOffset;
      e.lastFetchedEpoch = fp.lastFetchedEpoch;
      e.currentLeaderEpoch = fp.currentLeaderEpoch;
    } else cached.push(cachedPartition(fp, -1, -1)); // sent in the next response
  }
  if (req.forgotten.length > 0)
    session.partitions = cached.filter(
      (c) => !req.forgotten.some((x) => x.partition === c.partition && x.topic === c.topic),
    );
  if (session.partitions.length === 0) {
    removeSession(leader, session.id);
    return emptyResponse(req, null);
  }
  session.epoch = nextEpoch(session.epoch);
  return null;
}

const NO_PARTITIONS: readonly ReplicaFetchPartition[] = [];

/**
 * FetchContext.foreachPartition: the partitions a follower fetch reads, with their fetch data.
 * A full fetch reads what it lists; an incremental one every partition of its session. A
 * session gone or moved on since (the follower gave up on this request) reads nothing.
 */
export function contextPartitions(
  leader: BrokerState,
  req: Payload<'replicaFetch'>,
): readonly ReplicaFetchPartition[] {
  if (isFullFetch(req)) return req.partitions;
  const session = findSession(leader, req.sessionId);
  return session && session.epoch === nextEpoch(req.sessionEpoch)
    ? session.partitions
    : NO_PARTITIONS;
}

/**
 * The session an incremental fetch is answered in, or the session error to answer with
 * (IncrementalFetchContext.updateAndGenerateResponseData checks the epoch again; a session
 * closed meanwhile is not found).
 */
export function responseSession(
  leader: BrokerState,
  req: Payload<'replicaFetch'>,
): FetchSessionState | 'FETCH_SESSION_ID_NOT_FOUND' | 'INVALID_FETCH_SESSION_EPOCH' {
  const session = findSession(leader, req.sessionId);
  if (!session) return 'FETCH_SESSION_ID_NOT_FOUND';
  if (session.epoch !== nextEpoch(req.sessionEpoch)) return 'INVALID_FETCH_SESSION_EPOCH';
  return session;
}

/**
 * CachedPartition.maybeUpdateResponseData: whether an incremental response must carry this
 * partition (records, a new high watermark or log start offset, an error, a divergence), and
 * what the session remembers of the answer. After an error the cached high watermark is -1, so
 * the partition is sent again once the error clears.
 */
export function mustRespond(
  cached: CachedFetchPartition,
  hasRecords: boolean,
  error: boolean,
  diverged: boolean,
  highWatermark: number,
  logStartOffset: number,
): boolean {
  const must =
    hasRecords ||
    error ||
    diverged ||
    cached.highWatermark !== highWatermark ||
    cached.logStartOffset !== logStartOffset;
  if (must) {
    cached.highWatermark = error ? -1 : highWatermark;
    cached.logStartOffset = logStartOffset;
  }
  return must;
}

/**
 * FullFetchContext.updateAndGenerateResponseData: a full response opens a session holding every
 * partition of the request with what the response said. The follower's older session goes (see
 * BrokerState.fetchSessions). Rare cost of that simplification: a full fetch the follower gave
 * up on (it was cut off, then sent a new one) and answered late replaces the newer session; the
 * follower's next fetch gets FETCH_SESSION_ID_NOT_FOUND and starts over, where Kafka would keep
 * both sessions.
 */
export function openSession(
  state: SimState,
  leader: BrokerState,
  replica: BrokerId,
  partitions: readonly ReplicaFetchPartition[],
  results: readonly { error: string | null; highWatermark: number; logStartOffset: number }[],
): number {
  const id = ++state.counters.fetchSession;
  leader.fetchSessions = leader.fetchSessions.filter((s) => s.replica !== replica);
  leader.fetchSessions.push({
    id,
    replica,
    epoch: nextEpoch(INITIAL_EPOCH),
    partitions: partitions.map((fp, i) => {
      const res = results[i]!;
      return cachedPartition(fp, res.error !== null ? -1 : res.highWatermark, res.logStartOffset);
    }),
  });
  return id;
}

/**
 * The KIP-227 rotation: partitions just answered with records move to the end of the session,
 * so the next response reads the others first and none is always last for the response size.
 */
export function moveToEnd(session: FetchSessionState, answered: readonly number[]): void {
  const parts = session.partitions;
  const n = answered.length;
  if (n === 0) return;
  // `answered` is ascending: take them out from the last, then append them in order.
  const moved: CachedFetchPartition[] = new Array<CachedFetchPartition>(n);
  for (let k = n - 1; k >= 0; k--) moved[k] = removeAt(parts, answered[k]!);
  for (let k = 0; k < n; k++) parts.push(moved[k]!);
}
