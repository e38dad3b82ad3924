/**
 * Followers meeting a leader whose old records live only in remote storage (tiered storage,
 * local.retention.bytes small), found by the replication property tests with random seeds;
 * each fixture is such a run, replayed.
 * - A follower whose log diverged from the new leader's below its own first local segment:
 *   UnifiedLog.truncateTo truncates fully and starts the log at the divergence point
 *   (truncateFullyAndStartAt). Stopping at its log start instead met the same divergence on
 *   every fetch, and it never rejoined the ISR.
 * - A follower that starts over at the leader's local log start takes the leader's epochs from
 *   the leader-epoch checkpoint stored with the remote segments
 *   (TierStateMachine.buildRemoteLogAuxState), all of them, even where remote retention left a
 *   hole: rebuilt from the remote batches alone, it lacked the epoch that began in the hole,
 *   diverged on its next fetch, truncated back, and went round for ever.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/engine/commands.ts';
import type { SimEvent } from '../../src/engine/events.ts';
import { checkInvariants } from '../../src/engine/invariants.ts';
import type { Simulation } from '../../src/engine/simulation.ts';
import { simulationOf, type Scenario } from './replicationScenario.ts';

/** Replays a fixture, checking the invariants every 250 ms; returns the run and its events. */
function replay(fixture: string): { s: Simulation; events: SimEvent[] } {
  const sc = JSON.parse(
    readFileSync(new URL(`./fixtures/${fixture}`, import.meta.url), 'utf8'),
  ) as Scenario;
  const s = simulationOf(sc);
  const events: SimEvent[] = [];
  for (const op of sc.ops) {
    if ('killStuckStops' in op) {
      for (const b of s.state.brokers)
        if (b.controlledShutdown) s.apply({ type: 'broker.crash', broker: b.id });
    } else if ('command' in op) s.apply(op.command as Command);
    else
      for (let left = op.advanceMs; left > 0; left -= 250) {
        events.push(...s.advanceBy(Math.min(250, left)));
        expect(checkInvariants(s.state)).toEqual([]);
      }
  }
  return { s, events };
}

function truncationsOf(events: SimEvent[], partition: number, broker: number): number[] {
  return events.flatMap((e) =>
    e.type === 'replica.truncated' && e.partition === partition && e.broker === broker
      ? [e.toOffset]
      : [],
  );
}

describe('followers of a leader whose old records are only in remote storage', () => {
  it('a diverged follower below its local log start starts over at the divergence and rejoins the ISR', () => {
    const { s, events } = replay('divergence-below-local-log-start.json');
    // Broker 1 diverged after epoch 0 at offset 16 while its local log started at 91: it
    // starts over at 16 (below its old log start), fetches from there and is back in the ISR.
    expect(truncationsOf(events, 1, 1)).toContain(16);
    expect([...s.state.topics[0]!.partitions[1]!.isr].sort()).toEqual([1, 2, 3]);
  });

  it('a follower starting over at the leader local log start takes every leader epoch below it, across a remote hole', () => {
    const { s, events } = replay('aux-state-across-remote-hole.json');
    const p = s.state.topics[0]!.partitions[2]!;
    // Broker 3 (epoch 0 up to 17) starts over at the leader's local log start once, with the
    // epoch that began at 17 in its cache, and catches up: no back-and-forth.
    expect(truncationsOf(events, 2, 3).length).toBeLessThanOrEqual(2);
    expect([...p.isr].sort()).toEqual([2, 3, 4]);
    const follower = p.replicaLogs.find((r) => r.brokerId === 3)!;
    expect(follower.epochs.slice(0, 2).map((e) => [e.epoch, e.startOffset])).toEqual([
      [0, 0],
      [1, 17],
    ]);
  });
});
