import { describe, expect, it } from 'vitest';
import { partitionForKey } from '../../src/engine/murmur2.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { findShippedScenario } from '../../src/scenario/shipped.ts';
import { keyRouting } from '../../src/ui/inspector/keyRouting.ts';

function run(name: string, untilMs: number) {
  const loaded = loadScenario(findShippedScenario(name)!.json);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  loaded.simulation.advanceTo(untilMs);
  return loaded.simulation.state;
}

describe('where a producer’s records go (DefaultPartitioner rules, KIP-794)', () => {
  it('a key goes to toPositive(murmur2(key)) % partitions, as the engine places it', () => {
    const state = run('keys-and-partitions', 5000);
    const keyed = state.producers.find((p) => p.id === 'keyed')!;
    const r = keyRouting(state, keyed)!;
    expect(r.kind).toBe('keys');
    if (r.kind !== 'keys') return;
    expect(r.rows.map((x) => x.key)).toEqual(['user-1', 'user-4', 'user-12', 'user-42']);
    for (const row of r.rows) {
      expect(row.partition).toBe(partitionForKey(row.key, 6));
      expect(row.partition).toBe(row.hash % 6);
      // The records with this key are all on that partition's leader log.
      const logs = state.topics[0]!.partitions.map((p) => p.replicaLogs[0]!.log);
      const holding = logs.flatMap((log, i) =>
        log.segments.some((s) => s.batches.some((b) => b.keys?.includes(row.key))) ? [i] : [],
      );
      expect(holding).toEqual([row.partition]);
    }
    expect(r.more).toBe(0);
  });

  it('without a key, the sticky partition the producer is on now', () => {
    const state = run('keys-and-partitions', 5000);
    const unkeyed = state.producers.find((p) => p.id === 'unkeyed')!;
    const r = keyRouting(state, unkeyed)!;
    expect(r).toMatchObject({ kind: 'sticky', partitions: 6, batchSize: 16384 });
    if (r.kind === 'sticky') expect(r.current).toBe(unkeyed.sticky['clicks']!.partition);
  });

  it('a key space lists its first keys and counts the rest', () => {
    const state = run('classroom', 1000);
    const r = keyRouting(
      state,
      state.producers.find((p) => p.id === 'producer-1')!,
    )!;
    expect(r.kind).toBe('keys');
    if (r.kind === 'keys') expect([r.rows.length, r.more]).toEqual([6, 994]);
  });
});
