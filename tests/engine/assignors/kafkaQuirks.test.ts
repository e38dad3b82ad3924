/**
 * Corners where Kafka's Java assignors do something surprising, reproduced on purpose (the
 * simulator promises Kafka's assignments, not better ones). Each case says which Java code
 * causes it; the assignments were worked through by hand against that code.
 */
import { describe, expect, it } from 'vitest';
import { assign, type AssignorInput } from '../../../src/engine/assignors/index.ts';
import { tp } from './helpers.ts';

describe('Kafka assignor quirks, kept', () => {
  it('AbstractStickyAssignor: an empty subscription first in member-map order still counts as "all equal"', () => {
    // allSubscriptionsEqual takes the first non-empty subscription as the reference, so member
    // "a" (first in HashMap order: bucket 1) is ignored and the constrained path deals it a
    // partition of a topic it does not subscribe to.
    const input: AssignorInput = {
      members: [
        { memberId: 'a', topics: [] },
        { memberId: 'b', topics: ['t'] },
        { memberId: 'c', topics: ['t'] },
      ],
      partitionsPerTopic: { t: 3 },
    };
    const expected = { a: [tp('t', 0)], b: [tp('t', 1)], c: [tp('t', 2)] };
    expect(assign('sticky', input)).toEqual(expected);
    expect(assign('cooperative-sticky', input)).toEqual(expected);
  });

  it('AbstractStickyAssignor: the same group, with the empty subscription last, takes the general path', () => {
    const input: AssignorInput = {
      members: [
        { memberId: 'b', topics: ['t'] },
        { memberId: 'c', topics: ['t'] },
        { memberId: 'x', topics: [] }, // "x" hashes to bucket 8, after "b" and "c"
      ],
      partitionsPerTopic: { t: 3 },
    };
    expect(assign('sticky', input)).toEqual({
      b: [tp('t', 0), tp('t', 2)],
      c: [tp('t', 1)],
      x: [],
    });
  });

  it('GeneralAssignmentBuilder: a partition can go back to a previous owner that no longer subscribes to it', () => {
    // consumer-a (no generation) owned payments-0 but now subscribes to "a" only. Because Aa has
    // generation 0, prepopulateCurrentAssignments records consumer-a as payments-0's previous
    // owner, and performReassignments moves it back there without checking the subscription.
    // (A real consumer then finds the assignment does not match its subscription and rejoins.)
    const input: AssignorInput = {
      members: [
        { memberId: 'm1', topics: ['a'] },
        { memberId: 'BB', topics: ['payments'] },
        { memberId: 'consumer-a', topics: ['a'], ownedPartitions: [tp('payments', 0)] },
        {
          memberId: 'Aa',
          topics: ['payments', 'a'],
          ownedPartitions: [tp('a', 0), tp('a', 1)],
          generation: 0,
        },
      ],
      partitionsPerTopic: { a: 5, payments: 6 },
    };
    const sticky = assign('sticky', input);
    expect(sticky).toEqual({
      m1: [tp('a', 3), tp('a', 0)],
      BB: [tp('payments', 1), tp('payments', 3), tp('payments', 5)],
      'consumer-a': [tp('a', 2), tp('a', 4), tp('payments', 0)],
      Aa: [tp('a', 1), tp('payments', 2), tp('payments', 4)],
    });
    // Cooperative: a-0 moves from Aa to m1, so it is withheld for this round.
    expect(assign('cooperative-sticky', input)).toEqual({ ...sticky, m1: [tp('a', 3)] });
  });

  it('CooperativeStickyAssignor: a partition dealt to a claimant that lost it to a higher generation is withheld', () => {
    // Found by the cooperative-sticky property (fast-check seed -1742555263). BB (no generation)
    // and m2 (generation 0) both claim orders-2: allSubscriptionsEqual keeps m2's claim and drops
    // BB's. Subscriptions are equal, so ConstrainedAssignmentBuilder runs: 13 partitions over 6
    // members, and Aa (first in member-map order) takes the one maxQuota slot, so m2 keeps
    // minQuota = 2 (a-0, payments-0) and orders-2 goes into allRevokedPartitions. assignRoundRobin
    // deals it to BB, assignNewPartition records it in partitionsTransferringOwnership, and
    // adjustAssignment takes it out of BB's assignment although BB listed it as owned: m2 must
    // revoke it first. (On the general path computePartitionsTransferringOwnership compares with
    // the raw ownedPartitions, where BB's claim still counts, and BB would keep it.)
    const input: AssignorInput = {
      members: [
        {
          memberId: 'Aa',
          topics: ['a', 'orders', 'b', 'c', 'payments'],
          ownedPartitions: [tp('orders', 3), tp('orders', 0), tp('c', 0)],
          generation: 0,
        },
        { memberId: 'x', topics: ['orders', 'a', 'b', 'payments', 'c'], ownedPartitions: [] },
        {
          memberId: 'BB',
          topics: ['payments', 'orders', 'b', 'a', 'c'],
          ownedPartitions: [tp('orders', 2)],
        },
        {
          memberId: 'consumer-b',
          topics: ['a', 'payments', 'c', 'b', 'orders'],
          ownedPartitions: [],
        },
        {
          memberId: 'm2',
          topics: ['a', 'payments', 'orders', 'b', 'c'],
          ownedPartitions: [tp('a', 0), tp('payments', 0), tp('orders', 2)],
          generation: 0,
        },
        { memberId: 'm1', topics: ['orders', 'a', 'payments', 'c', 'b'], ownedPartitions: [] },
      ],
      partitionsPerTopic: { a: 1, payments: 2, b: 0, c: 4, orders: 6 },
    };
    const sticky = assign('sticky', input);
    expect(sticky).toEqual({
      Aa: [tp('c', 0), tp('orders', 0), tp('orders', 3)],
      x: [tp('orders', 1), tp('payments', 1)],
      BB: [tp('c', 1), tp('orders', 2)],
      'consumer-b': [tp('c', 2), tp('orders', 4)],
      m2: [tp('a', 0), tp('payments', 0)],
      m1: [tp('c', 3), tp('orders', 5)],
    });
    expect(assign('cooperative-sticky', input)).toEqual({ ...sticky, BB: [tp('c', 1)] });
  });
});
