/**
 * KIP-951: a NOT_LEADER_OR_FOLLOWER produce error names the new leader, the producer updates
 * its metadata from it, and a retry goes to the new leader without waiting out its backoff
 * (Sender.handleProduceResponse, RecordAccumulator.shouldBackoff).
 */
import { describe, expect, it } from 'vitest';
import { inFlightMessages } from '../../src/engine/network.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { findShippedScenario } from '../../src/scenario/shipped.ts';

describe('leader hints in produce errors (KIP-951)', () => {
  it('after a preferred leader election the retry goes to the new leader at once, not after retry.backoff.ms', () => {
    const json = structuredClone(findShippedScenario('broker-restart')!.json) as {
      producers: { config?: Record<string, unknown> }[];
    };
    json.producers[0]!.config = {
      ...json.producers[0]!.config,
      'retry.backoff.ms': 1000,
      'retry.backoff.max.ms': 1000,
    };
    const load = () => {
      const loaded = loadScenario(json);
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
      return loaded.simulation;
    };
    // Broker 3 takes orders-0 back in a preferred election; broker 4 answers the next batch
    // with NOT_LEADER_OR_FOLLOWER and names broker 3 and its new epoch.
    const election = load()
      .advanceTo(120_000)
      .find((e) => e.type === 'partition.leaderChanged' && e.election === 'preferred');
    expect(election).toBeDefined();
    const s = load();
    s.advanceTo(election!.atMs);
    let retryAt: number | null = null;
    let resentAt: number | null = null;
    for (let t = election!.atMs + 1; t <= election!.atMs + 2000 && resentAt === null; t++) {
      const events = s.advanceTo(t);
      for (const e of events)
        if (e.type === 'producer.retry' && e.error === 'NOT_LEADER_OR_FOLLOWER') retryAt ??= t;
      for (const m of inFlightMessages(s.state))
        if (
          m.payload.kind === 'produce' &&
          m.sentAtMs === t &&
          m.payload.batches.some((b) => b.partition === 0 && b.attempts > 1)
        ) {
          expect(m.to).toEqual({ kind: 'broker', id: 3 });
          resentAt = t;
        }
    }
    expect(retryAt).not.toBeNull();
    expect(resentAt).not.toBeNull();
    expect(resentAt! - retryAt!).toBeLessThan(100);
    const md = s.state.producers[0]!.metadata.topics['orders']![0]!;
    expect(md).toEqual({
      leader: 3,
      leaderEpoch: (election as { leaderEpoch: number }).leaderEpoch,
    });
  });
});
