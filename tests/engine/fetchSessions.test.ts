/**
 * KIP-227 incremental fetch sessions between followers and leaders (clients
 * FetchSessionHandler on the follower; FetchManager, FetchSession and FetchContext on the
 * leader): a full fetch opens a session; incremental fetches list only partitions whose fetch
 * data changed and the partitions to forget; the leader reads every partition of the session
 * and answers only with news; a lost request or a session error starts a new full fetch.
 */
import { describe, expect, it } from 'vitest';
import type { BrokerState, MessageState, SimState } from '../../src/engine/model.ts';
import { inFlightMessages, messageSummary } from '../../src/engine/network.ts';
import { restoreSimulation } from '../../src/engine/simulation.ts';
import { partition, sim } from './helpers.ts';

type FetchResponse = Extract<MessageState['payload'], { kind: 'replicaFetchResponse' }>;
type FetchRequest = Extract<MessageState['payload'], { kind: 'replicaFetch' }>;
interface Sent<P> {
  atMs: number;
  from: number;
  to: number;
  payload: P;
}

/** Every follower fetch and response sent in the next `ms` milliseconds, in order. */
function collect(s: ReturnType<typeof sim>, ms: number) {
  const requests: Sent<FetchRequest>[] = [];
  const responses: Sent<FetchResponse>[] = [];
  const seen = new Set<string>();
  for (let t = 0; t < ms; t++) {
    s.advanceBy(1);
    for (const m of inFlightMessages(s.state)) {
      if (seen.has(m.id) || m.from.kind !== 'broker' || m.to.kind !== 'broker') continue;
      seen.add(m.id);
      const base = { atMs: m.sentAtMs, from: m.from.id, to: m.to.id };
      if (m.payload.kind === 'replicaFetch') requests.push({ ...base, payload: m.payload });
      if (m.payload.kind === 'replicaFetchResponse')
        responses.push({ ...base, payload: m.payload });
    }
  }
  return { requests, responses };
}

function broker(state: SimState, id: number): BrokerState {
  return state.brokers.find((b) => b.id === id)!;
}

const names = (ps: { topic: string; partition: number }[]) =>
  ps.map((p) => `${p.topic}-${p.partition}`);

/** Five partitions led by broker 1 and followed by broker 2; only orders-0 gets records. */
function fivePartitions(brokerConfig: Record<string, string | number | boolean> = {}) {
  return sim({
    brokers: 2,
    brokerConfig,
    topics: [
      {
        name: 'orders',
        replicaAssignment: [
          [1, 2],
          [1, 2],
          [1, 2],
          [1, 2],
          [1, 2],
        ],
      },
    ],
    producers: [{ id: 'p', topic: 'orders', ratePerSec: 100, partition: 0 }],
  });
}

describe('fetch sessions (KIP-227)', () => {
  it('KIP-227 FetchSessionHandler: an incremental follower fetch carries only the partitions whose fetch data changed', () => {
    const s = fivePartitions();
    s.advanceTo(2000);
    const { requests } = collect(s, 1000);
    const toLeader = requests.filter((r) => r.from === 2 && r.to === 1).map((r) => r.payload);
    expect(toLeader.length).toBeGreaterThan(10);
    // One session, its epoch counting up by one per request.
    const ids = new Set(toLeader.map((r) => r.sessionId));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toBeGreaterThan(0);
    toLeader.forEach((r, i) => {
      if (i > 0) expect(r.sessionEpoch).toBe(toLeader[i - 1]!.sessionEpoch + 1);
    });
    // Only orders-0 moves: the idle partitions are never listed again, nothing is forgotten.
    for (const r of toLeader) {
      expect(names(r.partitions).every((n) => n === 'orders-0')).toBe(true);
      expect(r.forgotten).toEqual([]);
    }
    // The leader still holds all five, and the follower keeps up.
    const session = broker(s.state, 1).fetchSessions.find((x) => x.replica === 2)!;
    expect(session.partitions).toHaveLength(5);
    const p0 = partition(s.state, 'orders', 0);
    expect(p0.isr).toEqual([1, 2]);
    expect(p0.replicaLogs[1]!.highWatermark).toBeGreaterThan(0);
  });

  it('FetchSession CachedPartition.maybeUpdateResponseData: an incremental response leaves out the partitions with nothing new for the follower', () => {
    const s = fivePartitions();
    s.advanceTo(2000);
    const { responses } = collect(s, 1000);
    const answers = responses.filter((r) => r.to === 2).map((r) => r.payload);
    expect(answers.length).toBeGreaterThan(10);
    expect(answers.every((r) => r.error === null && r.sessionId > 0)).toBe(true);
    expect(answers.every((r) => r.partitions.every((p) => p.partition === 0))).toBe(true);
  });

  it('FetchSession: the leader reads every partition of the session, so idle in-sync followers stay in the ISR (replica.lag.time.max.ms)', () => {
    const s = fivePartitions({ 'replica.lag.time.max.ms': 2000 });
    s.advanceTo(20_000);
    for (let i = 0; i < 5; i++) expect(partition(s.state, 'orders', i).isr).toEqual([1, 2]);
    expect(s.state.stats.isrShrinks).toBe(0);
    // Replica.updateFetchState ran for an idle partition the requests no longer list.
    const idle = partition(s.state, 'orders', 3).replicaLogs[0]!.leaderState!.remotes[0]!;
    expect(s.state.nowMs - idle.lastCaughtUpTimeMs).toBeLessThan(1000);
    expect(s.state.nowMs - idle.lastFetchTimeMs).toBeLessThan(1000);
  });

  it('FetchSessionHandler.handleError: a follower whose fetch was lost starts again with a full fetch, which closes its old session', () => {
    const s = sim({
      brokers: 3,
      topics: [
        {
          name: 'orders',
          replicaAssignment: [
            [1, 2],
            [1, 2],
            [1, 2],
          ],
        },
      ],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 100, partition: 0 }],
    });
    s.advanceTo(2000);
    const before = broker(s.state, 1).fetchSessions.find((x) => x.replica === 2)!.id;
    s.apply({ type: 'broker.isolate', broker: 2 });
    s.advanceBy(100);
    s.apply({ type: 'broker.heal', broker: 2 });
    const { requests, responses } = collect(s, 3000);
    const first = requests.find((r) => r.from === 2)!.payload;
    expect(first.sessionEpoch).toBe(0);
    expect(first.sessionId).toBe(before);
    expect(names(first.partitions)).toEqual(['orders-0', 'orders-1', 'orders-2']);
    const full = responses.find((r) => r.to === 2 && r.payload.requestId === first.requestId)!;
    expect(full.payload.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
    expect(full.payload.sessionId).not.toBe(before);
    // One session per follower: the old one is gone.
    expect(broker(s.state, 1).fetchSessions.map((x) => x.id)).toEqual([full.payload.sessionId]);
  });

  it('FetchManager: a leader without the session (evicted, or restarted unnoticed) answers FETCH_SESSION_ID_NOT_FOUND, and the follower fetches in full', () => {
    const s = fivePartitions();
    s.advanceTo(2000);
    broker(s.state, 1).fetchSessions = [];
    const { requests, responses } = collect(s, 1000);
    const refused = responses.find((r) => r.to === 2)!.payload;
    expect(refused.error).toBe('FETCH_SESSION_ID_NOT_FOUND');
    expect(refused.partitions).toEqual([]);
    // The canvas draws the error the response carries.
    const drawn = messageSummary({ payload: refused } as MessageState);
    expect(drawn.error).toBe('FETCH_SESSION_ID_NOT_FOUND');
    const afterError = requests.find((r) => r.from === 2 && r.atMs >= responses[0]!.atMs)!;
    expect(afterError.payload.sessionId).toBe(0);
    expect(afterError.payload.sessionEpoch).toBe(0);
    expect(afterError.payload.partitions).toHaveLength(5);
    expect(broker(s.state, 1).fetchSessions).toHaveLength(1);
    expect(partition(s.state, 'orders', 0).isr).toEqual([1, 2]);
  });

  it('FetchManager: a fetch at the wrong session epoch gets INVALID_FETCH_SESSION_EPOCH, and the follower’s full fetch closes that session', () => {
    const s = fivePartitions();
    s.advanceTo(2000);
    const session = broker(s.state, 1).fetchSessions.find((x) => x.replica === 2)!;
    const old = session.id;
    session.epoch += 5; // as if a duplicate request had moved it on
    const { requests, responses } = collect(s, 1000);
    expect(responses.find((r) => r.to === 2)!.payload.error).toBe('INVALID_FETCH_SESSION_EPOCH');
    const afterError = requests.find((r) => r.from === 2 && r.atMs >= responses[0]!.atMs)!;
    expect(afterError.payload.sessionId).toBe(old);
    expect(afterError.payload.sessionEpoch).toBe(0);
    const sessions = broker(s.state, 1).fetchSessions;
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.id).not.toBe(old);
  });

  it('FetchSessionCache is in memory: a crashed leader loses its sessions, and followers open new ones with a full fetch', () => {
    const s = fivePartitions();
    s.advanceTo(2000);
    expect(broker(s.state, 1).fetchSessions).toHaveLength(1);
    s.apply({ type: 'broker.crash', broker: 1 });
    expect(broker(s.state, 1).fetchSessions).toEqual([]);
    s.apply({ type: 'broker.restart', broker: 1 });
    s.advanceBy(20_000);
    // Broker 2 led while 1 was down; once 1 follows again, its session with 2 starts in full.
    const fetching = broker(s.state, 1).fetchers.length > 0 ? 1 : 2;
    const leader = fetching === 1 ? 2 : 1;
    const { requests } = collect(s, 2000);
    expect(requests.some((r) => r.from === fetching && r.to === leader)).toBe(true);
    expect(broker(s.state, leader).fetchSessions.map((x) => x.replica)).toEqual([fetching]);
  });

  it('FetchSessionHandler: a partition whose leader moves away is forgotten by the old leader’s session', () => {
    // p0 is led by 1; p1 prefers 3, moves to 1 while 3 is down, and back to 3 with the
    // preferred-leader check (auto.leader.rebalance.enable).
    const s = sim({
      brokers: 3,
      brokerConfig: { 'leader.imbalance.check.interval.seconds': 5 },
      topics: [
        {
          name: 'orders',
          replicaAssignment: [
            [1, 2, 3],
            [3, 1, 2],
          ],
        },
      ],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 50 }],
    });
    s.advanceTo(2000);
    s.apply({ type: 'broker.crash', broker: 3 });
    s.advanceBy(15_000);
    expect(partition(s.state, 'orders', 1).leader).toBe(1);
    const joined = broker(s.state, 1).fetchSessions.find((x) => x.replica === 2)!;
    expect(names(joined.partitions).sort()).toEqual(['orders-0', 'orders-1']);
    s.apply({ type: 'broker.restart', broker: 3 });
    const { requests } = collect(s, 30_000);
    expect(partition(s.state, 'orders', 1).leader).toBe(3);
    const forgetting = requests.find(
      (r) => r.from === 2 && r.to === 1 && r.payload.forgotten.length > 0,
    );
    expect(forgetting?.payload.forgotten).toEqual([{ topic: 'orders', partition: 1 }]);
    const session = broker(s.state, 1).fetchSessions.find((x) => x.replica === 2)!;
    expect(names(session.partitions)).toEqual(['orders-0']);
  });

  it('FetchSession.update: a partition added to a topic joins the session with an incremental fetch, and is answered in full once', () => {
    const s = fivePartitions();
    s.advanceTo(2000);
    const id = broker(s.state, 1).fetchSessions[0]!.id;
    s.apply({ type: 'topic.addPartitions', topic: 'orders', partitions: 6 });
    const { requests, responses } = collect(s, 2000);
    const adding = requests.find(
      (r) => r.from === 2 && names(r.payload.partitions).includes('orders-5'),
    )!;
    expect(adding.payload.sessionId).toBe(id);
    expect(adding.payload.sessionEpoch).toBeGreaterThan(0);
    const answer = responses.find(
      (r) => r.to === 2 && r.payload.requestId === adding.payload.requestId,
    )!;
    expect(names(answer.payload.partitions)).toContain('orders-5');
    expect(broker(s.state, 1).fetchSessions[0]!.partitions).toHaveLength(6);
    expect(partition(s.state, 'orders', 5).isr).toEqual([1, 2]);
  });

  it('a snapshot taken mid-session restores and continues exactly as the original', () => {
    const original = fivePartitions();
    original.advanceTo(2345);
    const copy = restoreSimulation(original.snapshot());
    original.advanceTo(8000);
    copy.advanceTo(8000);
    expect(JSON.stringify(copy.state)).toBe(JSON.stringify(original.state));
  });
});
