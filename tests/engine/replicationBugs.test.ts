/**
 * Engine bugs found by the replication property tests (replicationProperties.test.ts), each
 * shrunk to a small, deterministic reproduction. They are skipped until the engine is fixed:
 * each test states what Kafka does, so it passes once the engine does the same. Remove the
 * `.skip` to run one.
 */
import { describe, expect, it } from 'vitest';
import { checkInvariants } from '../../src/engine/invariants.ts';
import type { Simulation } from '../../src/engine/simulation.ts';
import { partition, sim } from './helpers.ts';

/** Short timeouts, so that fencing and ISR changes happen within seconds. */
const FAST = {
  'broker.session.timeout.ms': 2000,
  'broker.heartbeat.interval.ms': 500,
  'replica.lag.time.max.ms': 1000,
  'controller.quorum.fetch.timeout.ms': 500,
  'controller.quorum.election.timeout.ms': 300,
  'auto.leader.rebalance.enable': false,
};

/** Advances 1 ms at a time until `done` holds; fails after `maxMs`. */
function advanceUntil(s: Simulation, done: () => boolean, maxMs: number): void {
  const until = s.state.nowMs + maxMs;
  while (!done()) {
    if (s.state.nowMs >= until) throw new Error(`not reached within ${maxMs} ms`);
    s.advanceBy(1);
  }
}

describe('known engine bugs (skipped until fixed)', () => {
  /**
   * Bug 1: a stale AlterPartition response clears a newer pending ISR change, so the leader's
   * high watermark ignores a replica the controller has put back in the ISR, and a clean
   * election loses acknowledged records (acks=all, RF 3, min.insync.replicas=2).
   *
   * What happens (replication.ts):
   * - 2000 ms: leader 3 proposes the ISR [3, 2] (broker 1, the slowed controller, lags);
   *   the controller commits it at 2258.
   * - 2500 ms: `checkIsr` sends the still-pending request again. Kafka never has two
   *   AlterPartition requests of a partition in flight (AlterPartitionManager sends one and
   *   retries only retriable errors; Partition.maybeShrinkIsr/maybeExpandIsr do nothing while
   *   the state is in flight).
   * - 2516 ms: the metadata update arrives (ISR [3, 2]); 2560 ms: broker 1 has caught up, the
   *   leader proposes [3, 1, 2] (pending). 2819 ms: the controller commits it.
   * - 3017 ms: the INVALID_UPDATE_VERSION answer to the duplicate reaches the leader, and
   *   `onAlterPartitionResponse` clears the pending [3, 1, 2]. Kafka ignores a response that
   *   is not for the current pending state (Partition.submitAlterPartition: "we do know this
   *   response is out of date so we ignore it"), and for INVALID_UPDATE_VERSION or
   *   FENCED_LEADER_EPOCH keeps the pending state until new metadata arrives
   *   (handleAlterPartitionError).
   * - 3076 ms: with a maximal ISR of [3, 2] the high watermark moves to 25 while in-sync
   *   broker 1 ends at 23 (semantics §1: the HW is the smallest LEO over the maximal ISR).
   * - Leader 3 crashes at 3080; at 4759 it is fenced and broker 1, first in the ISR, is
   *   cleanly elected: offsets 23–24, acknowledged to an acks=all producer, are lost.
   */
  it('a stale AlterPartition response must not clear a newer pending ISR (acknowledged records lost after a clean election)', () => {
    const s = sim({
      seed: 1,
      brokers: 3,
      brokerConfig: FAST,
      topics: [
        { name: 'orders', replicaAssignment: [[3, 1, 2]], config: { 'min.insync.replicas': 2 } },
      ],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 10, keySpace: 5 }],
    });
    s.advanceTo(1000);
    s.apply({ type: 'broker.slow', broker: 1, extraLatencyMs: 256 });
    const problems: string[] = [];
    for (let t = 1001; t <= 3080; t++) {
      s.advanceTo(t);
      for (const p of checkInvariants(s.state)) if (!problems.includes(p)) problems.push(p);
    }
    // Now: "broker 1 is in the ISR [3, 1, 2], but leader 3 in epoch 0 counts it in neither its
    // ISR [3, 2] nor its pending ISR []" and "in-sync broker 1 ends at 23, below leader 3's
    // high watermark 25".
    expect(problems).toEqual([]);
    s.apply({ type: 'broker.crash', broker: 3 });
    s.advanceTo(8000);
    expect(partition(s.state, 'orders', 0).leader).toBe(1);
    // Now: 2 acknowledged records lost ("clean election of broker 1 (epoch 1)").
    expect(s.state.durability.lostCount).toBe(0);
  });

  /**
   * Bug 2: a broker that led an epoch without writing anything keeps that epoch in its leader
   * epoch cache, starting at its log end offset. As a follower it then sends that epoch as
   * lastFetchedEpoch; the new leader, which never saw the epoch, answers with a diverging
   * epoch at the follower's log end offset; `truncateReplica` returns at once when the
   * truncation offset is not below the log end offset, so the stale entry stays, and every
   * fetch diverges again. The follower never catches up and never rejoins the ISR.
   *
   * Kafka: UnifiedLog.truncateTo, when targetOffset >= logEndOffset, still calls
   * leaderEpochCache.truncateFromEnd(logEndOffset): "Always truncate epoch cache since we may
   * have a conflicting epoch entry at the end of the log from the leader. This could happen
   * if this broker was a leader and inserted the first start offset entry, but then failed to
   * append any entries before another leader was elected." (Issue 3: a restarted broker
   * "catches up, rejoins the ISR".)
   */
  it('a broker that led an epoch without writing catches up and rejoins the ISR as a follower (stale leader epoch cache entry)', () => {
    const s = sim({
      seed: 1,
      brokers: 5, // voters 1, 2, 3 stay up: the controller never loses its quorum
      brokerConfig: FAST,
      topics: [
        { name: 'orders', replicaAssignment: [[4, 5, 3]], config: { 'min.insync.replicas': 2 } },
      ],
      producers: [{ id: 'p', topic: 'orders' }],
    });
    s.apply({ type: 'producer.send', producer: 'p', key: 'k', count: 5 });
    s.advanceTo(1000);
    const p = () => partition(s.state, 'orders', 0);
    expect(p().replicaLogs.map((r) => r.log.logEndOffset)).toEqual([5, 5, 5]);
    s.apply({ type: 'broker.crash', broker: 4 });
    // Broker 5 becomes leader in epoch 1 (and enters epoch 1 at offset 5 in its cache) …
    advanceUntil(s, () => p().replicaLogs[1]!.leaderState?.leaderEpoch === 1, 10_000);
    // … and crashes before writing anything: broker 3 leads epoch 2.
    s.apply({ type: 'broker.crash', broker: 5 });
    advanceUntil(s, () => p().replicaLogs[2]!.leaderState?.leaderEpoch === 2, 10_000);
    s.apply({ type: 'broker.restart', broker: 4 });
    s.apply({ type: 'broker.restart', broker: 5 });
    s.advanceBy(20_000);
    // Now: the ISR stays [3, 4]. Broker 5 keeps {epoch 1, startOffset 5} in its cache and
    // gets a diverging epoch (epoch 0 ends at 5) on every fetch, a fetch every few ms.
    expect([...p().isr].sort()).toEqual([3, 4, 5]);
    expect(p().replicaLogs[1]!.log.logEndOffset).toBe(p().replicaLogs[2]!.log.logEndOffset);
    expect(p().replicaLogs[1]!.epochs.map((e) => e.epoch)).not.toContain(1);
  });

  /**
   * Bug 3: the network keeps each link's latest arrival time (TCP order) after the messages
   * on the link were dropped by a crash (network.ts `arrivalOnLink`; `dropMessagesFrom`,
   * `dropMessagesTo` and `dropBrokerLinks` do not reset it). A restarted broker's new
   * connections then wait behind messages that no longer exist: here, behind fetch responses
   * sent while the controller broker was slowed by 5 s. The restarted broker hears nothing
   * for ~5 s, re-registers (a new broker epoch) with every unanswered heartbeat, and stays
   * fenced. In Kafka a crashed broker's connections are gone; the new ones carry only new
   * requests, so it registers within a round trip. The same holds after `broker.heal`.
   */
  it('a restarted broker’s new connections do not wait behind messages lost in the crash', () => {
    const s = sim({
      seed: 1,
      brokers: 3,
      // A short session, so the restarted broker may register again soon (its old session
      // must expire first: DUPLICATE_BROKER_REGISTRATION).
      brokerConfig: { 'broker.heartbeat.interval.ms': 100, 'broker.session.timeout.ms': 400 },
      topics: [
        { name: 'orders', replicaAssignment: [[1, 2, 3]], config: { 'min.insync.replicas': 2 } },
      ],
    });
    s.apply({ type: 'broker.slow', broker: 1, extraLatencyMs: 5000 });
    s.advanceTo(1000); // fetches between followers and leader 1 (the controller) are on the wire
    s.apply({ type: 'broker.crash', broker: 2 });
    s.apply({ type: 'broker.slow', broker: 1, extraLatencyMs: 0 });
    s.apply({ type: 'broker.restart', broker: 2 });
    s.advanceTo(3000); // well before the lost messages' 5 s links would have let anything through
    const b2 = s.state.brokers.find((b) => b.id === 2)!;
    // Links are 2–3 ms now: registration and the metadata log take a few round trips.
    expect(b2.metadataOffset).toBeGreaterThanOrEqual(0);
    expect(s.state.controller.registrations.find((r) => r.broker === 2)!.fenced).toBe(false);
  });
});
