/**
 * KIP-320 on the consumer (offsetValidation.ts): after a leader change the consumer validates
 * its position with OffsetsForLeaderEpoch before fetching again, and after a truncation goes
 * back to the first offset known to diverge (SubscriptionState.maybeCompleteValidation).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/engine/events.ts';
import { checkInvariants } from '../../src/engine/invariants.ts';
import type { MessageState } from '../../src/engine/model.ts';
import { loadScenario } from '../../src/scenario/index.ts';
import { partition, sim } from './helpers.ts';

function uncleanScenario(consumerConfig: Record<string, unknown> = {}) {
  const json = JSON.parse(
    readFileSync(new URL('../../scenarios/unclean-election-on.json', import.meta.url), 'utf8'),
  ) as { consumers: { config: Record<string, unknown> }[] };
  Object.assign(json.consumers[0]!.config, consumerConfig);
  const result = loadScenario(json);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.simulation;
}

function consumerOf(s: ReturnType<typeof uncleanScenario>, id: string) {
  const c = s.state.consumers.find((x) => x.id === id);
  if (!c) throw new Error(`no consumer ${id}`);
  return c;
}

/** Runs to `untilMs` in steps, collecting events and every message sent of `kind`. */
function run(s: ReturnType<typeof uncleanScenario>, untilMs: number, kind: MessageState['kind']) {
  const events: SimEvent[] = [];
  const seen = new Map<string, MessageState>();
  for (let t = s.state.nowMs + 1; t <= untilMs; t++) {
    events.push(...s.advanceTo(t));
    for (const item of s.state.queue) {
      const w = item.work;
      if (w.kind === 'deliver' && w.message.kind === kind) seen.set(w.message.id, w.message);
    }
  }
  return { events, sent: [...seen.values()] };
}

describe('consumer position validation (KIP-320)', () => {
  it('after an unclean election truncates the log under its position, the consumer goes back to the first offset known to diverge, not to auto.offset.reset', () => {
    const s = uncleanScenario();
    const events: SimEvent[] = [];
    for (let t = 1000; t <= 100_000; t += 1000) events.push(...s.advanceTo(t));
    const lost = events.find((e) => e.type === 'records.lost');
    expect(lost?.type).toBe('records.lost');
    if (lost?.type !== 'records.lost') return;
    const detected = events.filter((e) => e.type === 'consumer.truncationDetected');
    expect(detected).toHaveLength(1);
    const d = detected[0]!;
    if (d.type !== 'consumer.truncationDetected') return;
    // The new leader's log diverges where the lost records began.
    expect(d.toOffset).toBe(lost.fromOffset);
    expect(d.fromOffset).toBeGreaterThan(d.toOffset);
    expect(d.leaderEpoch).toBeGreaterThan(d.offsetEpoch);
    // No fall back on auto.offset.reset (which would have gone back to offset 0).
    const resets = events.filter((e) => e.type === 'consumer.offsetReset' && e.atMs > 10_000);
    expect(resets).toEqual([]);
    const c = consumerOf(s, 'audit');
    expect(c.assignment[0]!.position).toBeGreaterThanOrEqual(lost.fromOffset);
    expect(c.fatalError).toBeNull();
    expect(checkInvariants(s.state)).toEqual([]);
  });

  it('with auto.offset.reset=none a detected truncation is fatal (LogTruncationException)', () => {
    const s = uncleanScenario();
    const c = consumerOf(s, 'audit');
    s.advanceTo(1000);
    expect(c.assignment[0]!.position).not.toBeNull();
    // Its first position came from auto.offset.reset=earliest; from now on it has none (no
    // command changes a consumer's config: the test sets it directly).
    c.config = { ...c.config, 'auto.offset.reset': 'none' };
    const events: SimEvent[] = [];
    for (let t = 2000; t <= 100_000; t += 1000) events.push(...s.advanceTo(t));
    const errors = events.filter(
      (e) => e.type === 'consumer.error' && e.error === 'LogTruncationException',
    );
    expect(errors).toHaveLength(1);
    expect(c.fatalError).toContain('LogTruncationException');
    expect(events.some((e) => e.type === 'consumer.truncationDetected')).toBe(false);
  });

  it('after a clean leader change the consumer validates its position (OffsetsForLeaderEpoch) and reads on without a gap or a reset', () => {
    const s = sim({
      topics: [{ name: 'orders', partitions: 1, replicationFactor: 3 }],
      producers: [{ id: 'p', topic: 'orders', ratePerSec: 50, config: { acks: 'all' } }],
      consumers: [{ id: 'c', assign: ['orders-0'], config: { 'auto.offset.reset': 'earliest' } }],
    });
    s.advanceTo(5_000);
    const p = partition(s.state, 'orders', 0);
    const before = p.leaderEpoch;
    s.apply({ type: 'broker.crash', broker: p.leader! });
    const { events, sent } = run(s, 25_000, 'offsetsForLeaderEpoch');
    expect(p.leaderEpoch).toBeGreaterThan(before);
    expect(sent.length).toBeGreaterThan(0);
    const ask = sent[0]!.payload;
    if (ask.kind !== 'offsetsForLeaderEpoch') return;
    expect(ask.partitions[0]!.leaderEpoch).toBe(before);
    expect(ask.partitions[0]!.currentLeaderEpoch).toBe(p.leaderEpoch);
    expect(events.some((e) => e.type === 'consumer.truncationDetected')).toBe(false);
    expect(events.some((e) => e.type === 'consumer.offsetReset')).toBe(false);
    const c = s.state.consumers.find((x) => x.id === 'c')!;
    const a = c.assignment[0]!;
    expect(a.leaderEpoch).toBe(p.leaderEpoch);
    expect(a.offsetEpoch).toBe(p.leaderEpoch);
    expect(a.position).toBeGreaterThan(500);
    expect(checkInvariants(s.state)).toEqual([]);
  });
});
