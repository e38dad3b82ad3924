/**
 * Property tests (fast-check) over random groups: what every assignor must guarantee whatever
 * the input. On failure fast-check prints the seed and the shrunk group; keep it as a case.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assign,
  ASSIGNMENT_STRATEGIES,
  type AssignorInput,
  type AssignorMember,
  type GroupAssignment,
} from '../../../src/engine/assignors/index.ts';
import { asSet, isFullyBalanced, tp, verifyValidityAndBalance } from './helpers.ts';

const TOPICS = ['a', 'b', 'c', 'orders', 'payments'];
const MEMBER_IDS = ['m1', 'm2', 'm3', 'consumer-a', 'consumer-b', 'x', 'Aa', 'BB'];

const partitionsPerTopic = fc.dictionary(
  fc.constantFrom(...TOPICS),
  fc.integer({ min: 0, max: 6 }),
);

/** A group: unique member ids, non-empty subscriptions, owned partitions that may overlap. */
const group = (equalSubscriptions: boolean): fc.Arbitrary<AssignorInput> =>
  fc
    .record({
      partitionsPerTopic,
      ids: fc.uniqueArray(fc.constantFrom(...MEMBER_IDS), { minLength: 1, maxLength: 8 }),
      shared: fc.uniqueArray(fc.constantFrom(...TOPICS), { minLength: 1 }),
    })
    .chain(({ partitionsPerTopic, ids, shared }) =>
      fc
        .tuple(
          ...ids.map((memberId) =>
            fc
              .record({
                topics: equalSubscriptions
                  ? fc.constant(shared)
                  : fc.uniqueArray(fc.constantFrom(...TOPICS), { minLength: 1 }),
                owned: fc.array(
                  fc.record({ topic: fc.constantFrom(...TOPICS), partition: fc.nat(5) }),
                  { maxLength: 6 },
                ),
                generation: fc.option(fc.integer({ min: -1, max: 4 }), { nil: undefined }),
                instance: fc.option(fc.constantFrom('i1', 'i2', 'i3'), { nil: undefined }),
              })
              .map((m): AssignorMember => ({
                memberId,
                topics: m.topics,
                // Only partitions of topics the member still subscribes to: see the Kafka
                // quirk kept in stickySubclasses.test.ts for what happens otherwise.
                ownedPartitions: m.owned.filter(
                  (p) =>
                    m.topics.includes(p.topic) && p.partition < (partitionsPerTopic[p.topic] ?? 0),
                ),
                ...(m.generation === undefined ? {} : { generation: m.generation }),
                ...(m.instance === undefined ? {} : { groupInstanceId: m.instance }),
              })),
          ),
        )
        .map((members) => ({ members, partitionsPerTopic })),
    );

/** Every partition of a topic somebody subscribes to: "topic-p" keys. */
function subscribedPartitions(input: AssignorInput): string[] {
  const topics = new Set(input.members.flatMap((m) => m.topics));
  return [...topics].flatMap((t) =>
    Array.from({ length: input.partitionsPerTopic[t] ?? 0 }, (_, p) => `${t}-${p}`),
  );
}

function assignedOnceToSubscribers(input: AssignorInput, a: GroupAssignment): string[] {
  const all = input.members.flatMap((m) => {
    const list = a[m.memberId] ?? [];
    for (const p of list) expect(m.topics).toContain(p.topic);
    return asSet(list);
  });
  expect(new Set(all).size).toBe(all.length);
  return all;
}

/** c2 claims t-2 in an older generation than c1 (see the cooperative-sticky property). */
const outrankedClaim: AssignorInput = {
  members: [
    {
      memberId: 'c1',
      topics: ['t'],
      ownedPartitions: [0, 1, 2].map((p) => tp('t', p)),
      generation: 2,
    },
    { memberId: 'c2', topics: ['t'], ownedPartitions: [tp('t', 2)], generation: 1 },
  ],
  partitionsPerTopic: { t: 3 },
};

const subscriptionsOf = (input: AssignorInput) =>
  new Map(input.members.map((m) => [m.memberId, m]));

describe('assignor properties', () => {
  it.each(ASSIGNMENT_STRATEGIES)('%s: every member gets an entry; same input, same output', (s) => {
    fc.assert(
      fc.property(group(false), (input) => {
        const a = assign(s, input);
        expect(Object.keys(a).sort()).toEqual(input.members.map((m) => m.memberId).sort());
        expect(assign(s, JSON.parse(JSON.stringify(input)) as AssignorInput)).toEqual(a);
      }),
    );
  });

  it.each(['range', 'roundrobin', 'sticky'] as const)(
    '%s: every subscribed partition goes to exactly one of its subscribers',
    (s) => {
      fc.assert(
        fc.property(group(false), (input) => {
          const assigned = assignedOnceToSubscribers(input, assign(s, input));
          expect(assigned.sort()).toEqual(subscribedPartitions(input).sort());
        }),
      );
    },
  );

  it.each(['roundrobin', 'sticky'] as const)(
    '%s: with equal subscriptions the counts differ by at most one',
    (s) => {
      fc.assert(fc.property(group(true), (input) => isFullyBalanced(assign(s, input))));
    },
  );

  it('sticky: valid and balanced by AbstractStickyAssignorTest.verifyValidityAndBalance', () => {
    fc.assert(
      fc.property(group(false), (input) =>
        verifyValidityAndBalance(subscriptionsOf(input), assign('sticky', input)),
      ),
    );
  });

  it('sticky: members rejoining with what they were given keep exactly that', () => {
    fc.assert(
      fc.property(group(false), (input) => {
        const first = assign('sticky', input);
        const rejoined = {
          ...input,
          members: input.members.map((m) => ({
            ...m,
            ownedPartitions: first[m.memberId] ?? [],
            generation: 7,
          })),
        };
        const second = assign('sticky', rejoined);
        for (const m of input.members)
          expect(asSet(second[m.memberId] ?? [])).toEqual(asSet(first[m.memberId] ?? []));
      }),
    );
  });

  it('cooperative-sticky: withholds exactly the partitions that move, and nothing else', () => {
    fc.assert(
      fc.property(group(false), (input) => {
        const eager = assign('sticky', input); // the same algorithm without the adjustment
        const coop = assign('cooperative-sticky', input);
        const assigned = new Set(assignedOnceToSubscribers(input, coop));
        // Every claim on a partition: a member listing it twice claims it twice.
        const claimsOn = (p: string) =>
          input.members.flatMap((o) =>
            asSet(o.ownedPartitions ?? [])
              .filter((q) => q === p)
              .map(() => o),
          );
        const generationOf = (o: AssignorMember) => Math.max(o.generation ?? -1, -1);
        // AbstractStickyAssignor.allSubscriptionsEqual (no subscription is empty here).
        const topicSet = (o: AssignorMember) => [...new Set(o.topics)].sort().join();
        const constrained = new Set(input.members.map(topicSet)).size === 1;
        for (const m of input.members) {
          const sticky = asSet(eager[m.memberId] ?? []);
          const given = asSet(coop[m.memberId] ?? []);
          expect(given.filter((p) => !sticky.includes(p))).toEqual([]); // it only takes away
          for (const p of sticky) {
            if (given.includes(p)) continue;
            expect(assigned.has(p)).toBe(false); // withheld from everyone this round
          }
          for (const p of sticky) {
            const claims = claimsOn(p);
            // AbstractStickyAssignor.allSubscriptionsEqual: of two claims in different generations,
            // only the higher generation's counts. On the constrained path (all subscriptions
            // equal) a partition dealt to the outranked claimant is one the real owner gave up
            // (allRevokedPartitions), so it is transferring ownership and withheld. The general
            // path's CooperativeStickyAssignor.computePartitionsTransferringOwnership compares
            // with the subscriptions' raw ownedPartitions instead, where m's claim still counts.
            const outranked = constrained && claims.some((o) => generationOf(o) > generationOf(m));
            const moves = claims.length > 0 && (!claims.includes(m) || outranked);
            if (moves)
              expect(given).not.toContain(p); // it moves: withheld this round
            else if (!given.includes(p)) {
              // Kafka also withholds a partition claimed twice in the same generation.
              const generations = claims.map(generationOf);
              expect(generations.length - new Set(generations).size).toBeGreaterThan(0);
            }
          }
        }
      }),
      // Regression (the fuzzed case is in kafkaQuirks.test.ts): c1 (generation 2) gives up t-2,
      // which goes to c2, whose generation 1 claim on it lost; Kafka withholds it from c2.
      { examples: [[outrankedClaim]] },
    );
  });

  it('cooperative-sticky: follow-up rebalances assign everything within a few rounds', () => {
    fc.assert(
      fc.property(group(false), (input) => {
        let current = input;
        let a = assign('cooperative-sticky', current);
        for (let round = 0; round < 3; round++) {
          current = {
            ...current,
            members: current.members.map((m) => ({
              ...m,
              ownedPartitions: a[m.memberId] ?? [],
              generation: 10 + round,
            })),
          };
          a = assign('cooperative-sticky', current);
        }
        const assigned = assignedOnceToSubscribers(current, a);
        expect(assigned.sort()).toEqual(subscribedPartitions(current).sort());
      }),
    );
  });
});
