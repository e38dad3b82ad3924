/**
 * A broker leads from the moment it applies the metadata record that makes it leader
 * (ReplicaManager.applyDelta → Partition.makeLeader), which may be well after the controller
 * committed the election: the `broker.tookLeadership` event says when, and how late.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/engine/events.ts';
import { loadScenario } from '../../src/scenario/index.ts';
import { partition, sim } from './helpers.ts';

type Took = Extract<SimEvent, { type: 'broker.tookLeadership' }>;

function took(events: SimEvent[]): Took[] {
  return events.filter((e): e is Took => e.type === 'broker.tookLeadership');
}

describe('a new leader serves once its metadata arrives (ReplicaManager.applyDelta)', () => {
  it('after a crash the new leader says it took over, a few milliseconds after the election; nothing is said at start', () => {
    const s = sim({ topics: [{ name: 'orders', partitions: 1, replicationFactor: 3 }] });
    const start = s.advanceTo(3_000);
    expect(took(start)).toEqual([]);
    const p = partition(s.state, 'orders', 0);
    s.apply({ type: 'broker.crash', broker: p.leader! });
    const events = s.advanceTo(20_000);
    const elected = events.find((e) => e.type === 'partition.leaderChanged');
    const t = took(events).find((e) => e.broker === p.leader);
    expect(elected?.atMs).toBeDefined();
    expect(t?.partitions).toEqual([
      { topic: 'orders', partition: 0, leaderEpoch: p.leaderEpoch, electedAtMs: elected!.atMs },
    ]);
    expect(t!.atMs - elected!.atMs).toBeGreaterThanOrEqual(0);
    expect(t!.atMs - elected!.atMs).toBeLessThan(100);
  });

  it('after the unclean election of a broker behind a slow link, it takes over many seconds later', () => {
    const json: unknown = JSON.parse(
      readFileSync(new URL('../../scenarios/unclean-election-on.json', import.meta.url), 'utf8'),
    );
    const result = loadScenario(json);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const events: SimEvent[] = [];
    for (let t = 1000; t <= 100_000; t += 1000) events.push(...result.simulation.advanceTo(t));
    const unclean = events.find(
      (e) => e.type === 'partition.leaderChanged' && e.election === 'unclean',
    );
    if (unclean?.type !== 'partition.leaderChanged') throw new Error('no unclean election');
    const t = took(events).find((e) => e.broker === unclean.leader);
    expect(t?.partitions[0]?.electedAtMs).toBe(unclean.atMs);
    expect(t!.atMs - unclean.atMs).toBeGreaterThan(5_000);
  });
});
