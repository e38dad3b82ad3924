/**
 * A follower whose log diverged from the new leader's below its own first local segment
 * (retention, or tiered storage's local retention, deleted the older ones): UnifiedLog.truncateTo
 * then truncates fully and starts the log at the divergence point (truncateFullyAndStartAt),
 * and the follower fetches on from there. Found by the replication property tests with a
 * random seed (unclean election on, tiered storage, local.retention.bytes small): before the
 * fix the follower stopped at its log start, met the same divergence on every fetch, and never
 * rejoined the ISR. The fixture is that run, replayed.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Command } from '../../src/engine/commands.ts';
import { checkInvariants } from '../../src/engine/invariants.ts';
import { simulationOf, type Scenario } from './replicationScenario.ts';

it('a diverged follower below its local log start starts over at the divergence and rejoins the ISR', () => {
  const sc = JSON.parse(
    readFileSync(
      new URL('./fixtures/divergence-below-local-log-start.json', import.meta.url),
      'utf8',
    ),
  ) as Scenario;
  const s = simulationOf(sc);
  const truncations: number[] = [];
  for (const op of sc.ops) {
    if ('killStuckStops' in op) {
      for (const b of s.state.brokers)
        if (b.controlledShutdown) s.apply({ type: 'broker.crash', broker: b.id });
    } else if ('command' in op) s.apply(op.command as Command);
    else
      for (let left = op.advanceMs; left > 0; left -= 250) {
        for (const e of s.advanceBy(Math.min(250, left)))
          if (e.type === 'replica.truncated' && e.partition === 1 && e.broker === 1)
            truncations.push(e.toOffset);
        expect(checkInvariants(s.state)).toEqual([]);
      }
  }
  // Broker 1 diverged after epoch 0 at offset 16 while its local log started at 91: it starts
  // over at 16 (below its old log start), fetches from there and is back in the ISR.
  expect(truncations).toContain(16);
  const p = s.state.topics[0]!.partitions[1]!;
  expect([...p.isr].sort()).toEqual([1, 2, 3]);
});
