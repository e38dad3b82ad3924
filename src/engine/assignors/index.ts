/**
 * Kafka's consumer partition assignors (`partition.assignment.strategy`), as the group
 * leader's client runs them: same input, same assignment, same order, as the Java classes.
 */
import { cooperativeStickyAssignDetailed } from './cooperativeSticky.ts';
import { rangeAssign } from './range.ts';
import { roundRobinAssign } from './roundRobin.ts';
import { stickyAssignDetailed } from './sticky.ts';
import { toGroup, toRecord, type AssignorInput, type GroupAssignment } from './types.ts';

export type { AssignorInput, AssignorMember, GroupAssignment, TopicPartition } from './types.ts';

/** The assignor names, as `ConsumerPartitionAssignor.name()` gives them. */
export type AssignmentStrategy = 'range' | 'roundrobin' | 'sticky' | 'cooperative-sticky';

export const ASSIGNMENT_STRATEGIES: readonly AssignmentStrategy[] = [
  'range',
  'roundrobin',
  'sticky',
  'cooperative-sticky',
];

/**
 * Runs one assignor over the group. `members` is in JoinGroup response order; every member
 * gets an entry (possibly empty). For 'sticky' `ownedPartitions`/`generation` are what the
 * member's user data carries; for 'cooperative-sticky' they are its subscription's fields.
 */
export function assign(strategy: AssignmentStrategy, input: AssignorInput): GroupAssignment {
  const group = toGroup(input);
  if (group.members.length === 0) return {};
  switch (strategy) {
    case 'range':
      return toRecord(input, rangeAssign(group));
    case 'roundrobin':
      return toRecord(input, roundRobinAssign(group));
    case 'sticky':
      return toRecord(input, stickyAssignDetailed(group).assignment);
    case 'cooperative-sticky':
      return toRecord(input, cooperativeStickyAssignDetailed(group).assignment);
    default:
      throw new Error(`assign: unknown assignment strategy '${String(strategy)}'`);
  }
}
