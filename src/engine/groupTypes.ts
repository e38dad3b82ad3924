/**
 * Consumer groups in the classic protocol: the coordinator's side (a ClassicGroup held by the
 * group coordinator of the broker that leads the group's `__consumer_offsets` partition), the
 * member's side (ConsumerCoordinator / AbstractCoordinator in the Java client), and the
 * requests between them. Plain JSON, like the rest of the state (model.ts).
 */
import type { BrokerId } from './model.ts';

export interface TopicPartitionRef {
  topic: string;
  partition: number;
}

/** ClassicGroupState. Dead is only reached by deleting a group, which nothing does here. */
export type GroupStateName =
  'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

/** ConsumerProtocolSubscription: what a member sends in JoinGroup for every protocol it names. */
export interface SubscriptionMetadata {
  topics: string[];
  /** Partitions the member owns now (cooperative: kept across the rebalance; eager: none). */
  ownedPartitions: TopicPartitionRef[];
  /** The generation of those partitions, or -1. */
  generation: number;
  /**
   * StickyAssignor user data: the member's last assignment and its generation, which the eager
   * sticky assignor uses as "owned" because eager members revoke everything before joining.
   */
  userData: { partitions: TopicPartitionRef[]; generation: number } | null;
}

/** ClassicGroupMember, as the coordinator holds it. */
export interface GroupMember {
  memberId: string;
  groupInstanceId: string | null;
  /** The consumer (client id) behind the member. */
  clientId: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  /** Assignor names in the member's order of preference (partition.assignment.strategy). */
  protocols: string[];
  subscription: SubscriptionMetadata;
  /** Its part of the current generation's assignment (after SyncGroup). */
  assignment: TopicPartitionRef[];
  /** The JoinGroup waiting for the join phase to complete, or null. */
  awaitingJoin: PendingRequest | null;
  /** The SyncGroup waiting for the leader's assignment, or null. */
  awaitingSync: PendingRequest | null;
  /** The coordinator removes the member when this passes without a heartbeat (session expiry). */
  heartbeatDeadlineMs: number;
  /** Joined in the rebalance in progress (its first join). */
  isNew: boolean;
}

export interface PendingRequest {
  client: string;
  requestId: string;
}

export interface GroupOffset {
  topic: string;
  partition: number;
  offset: number;
  commitTimestampMs: number;
  /** The member (or standalone consumer) that committed it. */
  committedBy: string;
}

/** A member that was answered MEMBER_ID_REQUIRED and has not joined with its id yet (KIP-394). */
export interface PendingMember {
  memberId: string;
  deadlineMs: number;
}

/**
 * A consumer group. The coordinator's in-memory group (ClassicGroup plus its offsets) lives on
 * the broker in `coordinator`; when that broker stops leading the group's `__consumer_offsets`
 * partition the group is unloaded, and the next leader loads it back from its own copy of the
 * log: the last group metadata record and the offset commit records. What the simulator
 * observes about the group (`observed`) is not part of Kafka's state and survives failover.
 */
export interface GroupState {
  groupId: string;
  /** `coordinatorPartition(groupId)`: the `__consumer_offsets` partition that holds the group. */
  offsetsPartition: number;
  /** The broker whose coordinator has the group loaded, or null while none has. */
  coordinator: BrokerId | null;
  /** Leader epoch of the offsets partition the group was loaded in. */
  coordinatorEpoch: number;
  /** Requests get COORDINATOR_LOAD_IN_PROGRESS until the load finishes. */
  loadedAtMs: number;
  state: GroupStateName;
  generationId: number;
  /** The chosen assignor (ClassicGroup.protocolName), null while none is chosen. */
  protocolName: string | null;
  leaderId: string | null;
  members: GroupMember[];
  pendingMembers: PendingMember[];
  offsets: GroupOffset[];
  /** PreparingRebalance: when the join phase ends at the latest. */
  rebalanceDeadlineMs: number | null;
  /**
   * InitialDelayedJoin: the first rebalance of an Empty group waits group.initial.rebalance.delay.ms,
   * extended by the same delay while new members keep arriving, up to the rebalance timeout.
   */
  initialDelay: { delayMs: number; remainingMs: number; newMemberAdded: boolean } | null;
  /**
   * Members that have not sent SyncGroup since the join phase completed, and when they are
   * removed for it (schedulePendingSync: the rebalance timeout), for that generation.
   */
  pendingSync: { members: string[]; deadlineMs: number; generationId: number } | null;
  /** Why the rebalance in progress started, for the UI and events. */
  rebalanceReason: string | null;
  /** The time of the queued `groupTimer`, or null when none is queued. */
  timerAtMs: number | null;
  observed: GroupObservation;
}

/** Facts the simulator records about a group (no Kafka component knows them). */
export interface GroupObservation {
  rebalances: number;
  /** When the rebalance in progress started (the group left Stable or Empty), or null. */
  rebalanceStartedAtMs: number | null;
  lastRebalanceMs: number | null;
  totalRebalanceMs: number;
  /**
   * Per partition of the subscribed topics ("topic-p"): the member consuming it, and since when
   * nobody has (null while someone does). Unowned time is the cost of a rebalance.
   */
  owners: Record<string, { owner: string | null; unownedSinceMs: number | null }>;
  /** Sum over partitions of the time they spent unowned, closed intervals only. */
  unownedMsTotal: number;
  /**
   * Per partition ("topic-p"): one past the highest offset any member has processed; for a
   * consumer using assign(), per partition and consumer ("topic-p@consumer").
   */
  processedUpTo: Record<string, number>;
  /** Records handed to the application again after another delivery (at-least-once). */
  redeliveredRecords: number;
  /** The most recent redeliveries, newest last (up to MAX_REDELIVERIES_KEPT). */
  redeliveries: Redelivery[];
}

export interface Redelivery {
  atMs: number;
  consumer: string;
  topic: string;
  partition: number;
  fromOffset: number;
  toOffset: number;
}

/** AbstractCoordinator.MemberState. */
export type MemberState = 'UNJOINED' | 'PREPARING_REBALANCE' | 'COMPLETING_REBALANCE' | 'STABLE';

export interface ClientRequest {
  requestId: string;
  broker: BrokerId;
  sentAtMs: number;
}

/**
 * The consumer's side of its group (ConsumerCoordinator): finding the coordinator, joining,
 * heartbeating, committing and fetching committed offsets. A standalone consumer with a
 * group.id has one too, for commits only (`subscription` null).
 */
export interface GroupClientState {
  groupId: string;
  /** Subscribed topics (KafkaConsumer.subscribe), or null for manual assignment. */
  subscription: string[] | null;
  groupInstanceId: string | null;
  coordinator: BrokerId | null;
  findRequest: ClientRequest | null;
  /** When the last FindCoordinator went out (retry.backoff.ms between attempts). */
  lastFindMs: number;
  memberState: MemberState;
  memberId: string;
  generationId: number;
  protocol: string | null;
  /** Why the member must (re)join, or null when it need not. */
  rejoinReason: string | null;
  /** onJoinPrepare ran for the rebalance in progress (it runs once per rebalance). */
  joinPrepared: boolean;
  /** The auto commit before rejoining succeeded, or failed for good, in this round. */
  preJoinCommitDone: boolean;
  /** When onJoinPrepare first ran in this round: its commit is retried for the rebalance timeout. */
  joinPrepareStartedMs: number | null;
  /** Not before this time: the next JoinGroup waits after an error (retry.backoff.ms). */
  joinBackoffUntilMs: number;
  joinRequest: ClientRequest | null;
  syncRequest: ClientRequest | null;
  heartbeatRequest: ClientRequest | null;
  lastHeartbeatSendMs: number;
  /** Last successful heartbeat response (the client-side session timeout counts from it). */
  lastHeartbeatReceiveMs: number;
  /** The heartbeat thread's next wake-up, or null when none is queued. */
  heartbeatTimerAtMs: number | null;
  /** The last poll() (max.poll.interval.ms counts from it). */
  lastPollMs: number;
  /** OffsetCommits in flight, oldest first, and what each carries. */
  commits: (ClientRequest & {
    offsets: CommitOffset[];
    purpose: CommitPurpose;
    generationId: number;
  })[];
  /** The next auto commit is due then. */
  nextAutoCommitMs: number;
  /** The OffsetFetch in flight for partitions without a position. */
  offsetFetchRequest: (ClientRequest & { partitions: TopicPartitionRef[] }) | null;
  /**
   * A JoinGroup answer that arrived while the application was busy processing: nobody reads
   * the network then (the heartbeat thread is disabled while the member is rejoining), so it
   * is handled, and SyncGroup sent, at the next poll().
   */
  pendingJoinResponse: Extract<GroupPayload, { kind: 'joinGroupResponse' }> | null;
  /**
   * The assignment a SyncGroup answer brought, applied at the application's next poll()
   * (ConsumerCoordinator.onJoinComplete runs inside poll, not on the network thread).
   */
  pendingAssignment: TopicPartitionRef[] | null;
  /** StickyAssignor user data: the last assignment received and its generation. */
  lastAssignment: TopicPartitionRef[];
  lastAssignmentGeneration: number;
  /** The group leader's view of partition counts when it assigned (ConsumerCoordinator.assignmentSnapshot). */
  assignmentSnapshot: Record<string, number> | null;
  /**
   * An assignor change in progress (`group.setConfig`), done as Kafka asks for it: the member
   * first rejoins with the new assignors ahead of the old ones, and once the group has picked a
   * new one, rejoins with only the new list (the second rolling bounce).
   */
  assignorUpgrade: string[] | null;
  /** A fatal error stopped the member (FENCED_INSTANCE_ID, INCONSISTENT_GROUP_PROTOCOL …). */
  fatalError: string | null;
}

export interface CommitOffset {
  topic: string;
  partition: number;
  offset: number;
}

export type CommitPurpose = 'auto' | 'manual' | 'beforeRejoin' | 'close';

// ---------------------------------------------------------------------------------------
// Requests and responses

export type GroupPayload =
  | { kind: 'findCoordinator'; client: string; requestId: string; groupId: string }
  | {
      kind: 'findCoordinatorResponse';
      client: string;
      requestId: string;
      error: string | null;
      coordinator: BrokerId | null;
    }
  | {
      kind: 'joinGroup';
      client: string;
      requestId: string;
      groupId: string;
      memberId: string;
      groupInstanceId: string | null;
      sessionTimeoutMs: number;
      rebalanceTimeoutMs: number;
      protocols: string[];
      subscription: SubscriptionMetadata;
      reason: string;
    }
  | {
      kind: 'joinGroupResponse';
      client: string;
      requestId: string;
      error: string | null;
      generationId: number;
      protocolName: string | null;
      leader: string | null;
      memberId: string;
      /** KIP-814: a static leader that was replaced keeps the current assignment (no assignor run). */
      skipAssignment: boolean;
      /** Filled for the leader only: every member's subscription. */
      members: {
        memberId: string;
        groupInstanceId: string | null;
        subscription: SubscriptionMetadata;
      }[];
    }
  | {
      kind: 'syncGroup';
      client: string;
      requestId: string;
      groupId: string;
      memberId: string;
      groupInstanceId: string | null;
      generationId: number;
      protocolName: string | null;
      /** Filled by the leader only. */
      assignments: { memberId: string; partitions: TopicPartitionRef[] }[];
    }
  | {
      kind: 'syncGroupResponse';
      client: string;
      requestId: string;
      error: string | null;
      protocolName: string | null;
      assignment: TopicPartitionRef[];
    }
  | {
      kind: 'heartbeat';
      client: string;
      requestId: string;
      groupId: string;
      memberId: string;
      groupInstanceId: string | null;
      generationId: number;
    }
  | { kind: 'heartbeatResponse'; client: string; requestId: string; error: string | null }
  | {
      kind: 'leaveGroup';
      client: string;
      requestId: string;
      groupId: string;
      memberId: string;
      groupInstanceId: string | null;
      reason: string;
    }
  | { kind: 'leaveGroupResponse'; client: string; requestId: string; error: string | null }
  | {
      kind: 'offsetCommit';
      client: string;
      requestId: string;
      groupId: string;
      memberId: string;
      groupInstanceId: string | null;
      generationId: number;
      offsets: CommitOffset[];
    }
  | {
      kind: 'offsetCommitResponse';
      client: string;
      requestId: string;
      error: string | null;
      offsets: CommitOffset[];
    }
  | {
      kind: 'offsetFetch';
      client: string;
      requestId: string;
      groupId: string;
      partitions: TopicPartitionRef[];
    }
  | {
      kind: 'offsetFetchResponse';
      client: string;
      requestId: string;
      error: string | null;
      /** -1 for a partition without a committed offset. */
      offsets: CommitOffset[];
    };

export type GroupMessageKind = GroupPayload['kind'];

/**
 * A coordinator write waiting for the high watermark of its `__consumer_offsets` partition
 * (CoordinatorRuntime completes a write's response once the write is committed).
 */
export interface CoordinatorWrite {
  partition: number;
  leaderEpoch: number;
  /** The high watermark must reach this offset. */
  requiredOffset: number;
  /** offsets.commit.timeout.ms after the append: then the write fails. */
  expiresAtMs: number;
  effect: CoordinatorWriteEffect;
}

export type CoordinatorWriteEffect =
  | {
      kind: 'offsetCommit';
      groupId: string;
      reply: PendingRequest;
      committedBy: string;
      offsets: CommitOffset[];
    }
  /** The leader's SyncGroup: the assignment is handed out once its record is committed. */
  | {
      kind: 'syncAssignment';
      groupId: string;
      generationId: number;
      assignments: { memberId: string; partitions: TopicPartitionRef[] }[];
    }
  /** A static member replaced in a Stable group: its JoinGroup is answered after the write. */
  | {
      kind: 'staticReplace';
      groupId: string;
      generationId: number;
      reply: PendingRequest;
      response: Extract<GroupPayload, { kind: 'joinGroupResponse' }>;
    }
  /** A record nobody waits for (the group became Empty). */
  | { kind: 'none'; groupId: string };
