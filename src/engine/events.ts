/**
 * Events: facts the engine reports as it runs, for the UI to narrate and animate and for
 * tests to assert on. They are output, not state: replaying the same commands from the same
 * seed produces the same events. Per-record and per-request traffic is not an event; it is
 * visible as messages on the network (`inFlightMessages(state)`).
 */
import type { BrokerId } from './model.ts';

export type SimEvent = { atMs: number } & EventBody;

export type EventBody =
  | { type: 'command.applied'; command: unknown }
  | { type: 'command.rejected'; command: unknown; reason: string; error: string | null }
  | { type: 'engine.error'; work: string; reason: string }
  | { type: 'broker.crashed'; broker: BrokerId }
  | { type: 'broker.restarted'; broker: BrokerId }
  /** `broker.shutdown`: the broker asks the controller for a controlled shutdown. */
  | { type: 'broker.shutdownRequested'; broker: BrokerId }
  /**
   * The controller takes the broker out of every ISR and moves its leaderships (the partition
   * events follow); it may stop once the other brokers have learnt the new leaders.
   */
  | { type: 'broker.controlledShutdown'; broker: BrokerId; controller: BrokerId; leads: number }
  /** The broker stopped: `graceful` after the controller let it, else when its wait timed out. */
  | { type: 'broker.stopped'; broker: BrokerId; graceful: boolean; reason: string }
  | { type: 'broker.added'; broker: BrokerId }
  | { type: 'broker.slowed'; broker: BrokerId; extraLatencyMs: number }
  | {
      /**
       * The broker applied metadata that makes it leader of these partitions (ReplicaManager
       * applyDelta, Partition.makeLeader): it serves them from now, which may be well after the
       * controller elected it when its metadata arrives late.
       */
      type: 'broker.tookLeadership';
      broker: BrokerId;
      metadataOffset: number;
      partitions: { topic: string; partition: number; leaderEpoch: number; electedAtMs: number }[];
    }
  | { type: 'broker.isolated'; broker: BrokerId }
  | { type: 'broker.healed'; broker: BrokerId }
  | {
      type: 'broker.fenced';
      broker: BrokerId;
      controller: BrokerId;
      reason: string;
      /** Fenced because a controlled shutdown let it stop (SHUTDOWN_NOW), not for a failure. */
      shutdown: boolean;
    }
  | { type: 'broker.unfenced'; broker: BrokerId; controller: BrokerId }
  | { type: 'broker.registered'; broker: BrokerId; brokerEpoch: number; controller: BrokerId }
  | {
      /** The first refused registration of a restarted broker (DUPLICATE_BROKER_REGISTRATION). */
      type: 'broker.registrationRefused';
      broker: BrokerId;
      controller: BrokerId;
      /** When its previous run's session expires (last heartbeat + broker.session.timeout.ms). */
      sessionExpiresAtMs: number;
    }
  | { type: 'controller.elected'; broker: BrokerId; epoch: number; voters: BrokerId[] }
  | { type: 'controller.lost'; broker: BrokerId; reason: string }
  | { type: 'controller.noQuorum'; reachableVoters: BrokerId[]; voters: BrokerId[] }
  | {
      type: 'partition.offline';
      topic: string;
      partition: number;
      leaderEpoch: number;
      isr: BrokerId[];
      reason: string;
    }
  | {
      type: 'partition.leaderChanged';
      topic: string;
      partition: number;
      leader: BrokerId;
      leaderEpoch: number;
      isr: BrokerId[];
      election: 'clean' | 'unclean' | 'preferred';
      reason: string;
    }
  | {
      type: 'partition.isrChanged';
      topic: string;
      partition: number;
      isr: BrokerId[];
      added: BrokerId[];
      removed: BrokerId[];
      leader: BrokerId | null;
      reason: string;
    }
  | {
      /** The eligible leader replicas changed (KIP-966, eligible.leader.replicas.version=1). */
      type: 'partition.elrChanged';
      topic: string;
      partition: number;
      elr: BrokerId[];
      added: BrokerId[];
      removed: BrokerId[];
      isr: BrokerId[];
      reason: string;
    }
  | {
      /**
       * A reassignment (KIP-455, kafka-reassign-partitions) began or changed its target: the
       * partition's replicas are now the target followed by those being removed.
       */
      type: 'partition.reassignmentStarted';
      topic: string;
      partition: number;
      target: BrokerId[];
      replicas: BrokerId[];
      adding: BrokerId[];
      removing: BrokerId[];
      /** A cancellation: the target is the replicas from before the reassignment. */
      cancelled: boolean;
    }
  | {
      /** Every target replica is in the ISR: the replicas become the target. */
      type: 'partition.reassignmentCompleted';
      topic: string;
      partition: number;
      /** Cancelled: the replicas are those from before, and `removed` the ones being added. */
      cancelled: boolean;
      replicas: BrokerId[];
      removed: BrokerId[];
      isr: BrokerId[];
      leader: BrokerId | null;
    }
  | {
      /** A broker learnt it no longer holds a replica of the partition and deleted its log. */
      type: 'replica.deleted';
      topic: string;
      partition: number;
      broker: BrokerId;
      records: number;
      sizeBytes: number;
    }
  | {
      type: 'replica.truncated';
      topic: string;
      partition: number;
      broker: BrokerId;
      fromOffset: number;
      toOffset: number;
      records: number;
      reason: string;
    }
  | {
      type: 'records.lost';
      topic: string;
      partition: number;
      records: number;
      fromOffset: number;
      toOffset: number;
      reason: string;
    }
  | { type: 'topic.created'; topic: string; replicaAssignment: BrokerId[][] }
  | {
      type: 'topic.partitionsAdded';
      topic: string;
      partitions: number;
      replicaAssignment: BrokerId[][];
    }
  | { type: 'topic.configChanged'; topic: string; config: Record<string, unknown> }
  | {
      type: 'segment.rolled';
      topic: string;
      partition: number;
      broker: BrokerId;
      baseOffset: number;
      reason: 'segment.bytes' | 'segment.ms' | 'retention';
    }
  | {
      type: 'segments.deleted';
      topic: string;
      partition: number;
      broker: BrokerId;
      segments: number;
      records: number;
      logStartOffset: number;
      /** With tiered storage: local.retention.* (the copies in remote storage stay). */
      reason:
        | 'retention.ms'
        | 'retention.bytes'
        | 'local.retention.ms'
        | 'local.retention.bytes'
        | 'log start offset';
    }
  /**
   * A broker's log cleaner compacted its replica's log up to `endOffset` (logCleaner.ts): the
   * older records of each key, keyless records and tombstones past their horizon are gone.
   */
  | {
      type: 'log.cleaned';
      topic: string;
      partition: number;
      broker: BrokerId;
      /** Where the dirty part began (the cleaner checkpoint) and where the cleaning stopped. */
      firstDirtyOffset: number;
      endOffset: number;
      /** The dirty part's share of the log that made the cleaner pick it (0 to 1). */
      dirtyRatio: number;
      /** All records removed; among them tombstones past their delete horizon and keyless records. */
      recordsRemoved: number;
      tombstonesRemoved: number;
      keylessRemoved: number;
      bytesBefore: number;
      bytesAfter: number;
      segmentsBefore: number;
      segmentsAfter: number;
    }
  /** The leader's RemoteLogManager copied closed, committed segments to remote storage. */
  | {
      type: 'remote.copied';
      topic: string;
      partition: number;
      broker: BrokerId;
      segments: number;
      fromOffset: number;
      toOffset: number;
      sizeBytes: number;
    }
  /** Remote segments past retention.ms / retention.bytes deleted; the log start offset moved. */
  | {
      type: 'remote.deleted';
      topic: string;
      partition: number;
      broker: BrokerId;
      segments: number;
      records: number;
      logStartOffset: number;
      reason: 'retention.ms' | 'retention.bytes';
    }
  | { type: 'producer.added'; producer: string }
  | { type: 'producer.removed'; producer: string; abandonedRecords: number }
  | { type: 'producer.configChanged'; producer: string; config: Record<string, unknown> }
  | {
      type: 'producer.retry';
      producer: string;
      topic: string;
      partition: number;
      records: number;
      error: string;
      attempt: number;
    }
  | {
      /**
       * buffer.memory is full: send() blocks the application for up to max.block.ms (emitted
       * when the application starts being held up, not for each blocked send of it).
       */
      type: 'producer.blocked';
      producer: string;
      bufferMemory: number;
      maxBlockMs: number;
    }
  | {
      /** The application keeps pace again: nothing blocked, and the records due meanwhile sent. */
      type: 'producer.unblocked';
      producer: string;
      /** How long it was held up, blocked or catching up. */
      heldMs: number;
    }
  | {
      /** A batch refused as MESSAGE_TOO_LARGE is split and sent again (KIP-126). */
      type: 'producer.batchSplit';
      producer: string;
      topic: string;
      partition: number;
      records: number;
      /** The refused batch's size, the size the pieces aim at, and how many there are. */
      sizeBytes: number;
      targetBytes: number;
      batches: number;
    }
  | {
      /** An idempotent producer's fresh sequence space after a batch failed for good (KIP-360). */
      type: 'producer.sequenceReset';
      producer: string;
      producerId: number;
      previousProducerId: number;
    }
  | {
      type: 'producer.failed';
      producer: string;
      topic: string;
      partition: number;
      records: number;
      error: string;
      /** The Java client's exception, when it says more than the error name. */
      exception?: string;
    }
  | { type: 'consumer.added'; consumer: string }
  | { type: 'consumer.removed'; consumer: string; graceful: boolean }
  | {
      type: 'consumer.offsetReset';
      consumer: string;
      topic: string;
      partition: number;
      strategy: string;
      offset: number;
      reason: string;
    }
  | { type: 'consumer.error'; consumer: string; topic: string; partition: number; error: string }
  | {
      /** KIP-320: the log was truncated under the position; the consumer goes back to `toOffset`. */
      type: 'consumer.truncationDetected';
      consumer: string;
      topic: string;
      partition: number;
      fromOffset: number;
      toOffset: number;
      /** The epoch of the last record the consumer had returned. */
      offsetEpoch: number;
      /** The current leader's epoch. */
      leaderEpoch: number;
    }
  | {
      type: 'consumer.committed';
      consumer: string;
      groupId: string;
      offsets: { topic: string; partition: number; offset: number }[];
    }
  | {
      type: 'consumer.commitFailed';
      consumer: string;
      group: string;
      error: string;
      purpose: string;
    }
  | { type: 'consumer.coordinatorFound'; consumer: string; group: string; coordinator: BrokerId }
  | {
      type: 'consumer.coordinatorLost';
      consumer: string;
      group: string;
      coordinator: BrokerId;
      reason: string;
    }
  | { type: 'consumer.joining'; consumer: string; group: string; memberId: string; reason: string }
  | {
      type: 'consumer.joined';
      consumer: string;
      group: string;
      memberId: string;
      generationId: number;
      leader: boolean;
      protocol: string | null;
      /**
       * A static leader rejoining a stable group: the coordinator tells it to keep the current
       * assignment and run no assignor (KIP-814, JoinGroupResponse.skipAssignment).
       */
      skipAssignment?: true;
    }
  | {
      type: 'consumer.partitionsAssigned';
      consumer: string;
      group: string;
      generationId: number;
      /** Newly added partitions (onPartitionsAssigned). */
      partitions: string[];
      /** The whole assignment of this generation. */
      assignment: string[];
    }
  | {
      type: 'consumer.partitionsRevoked';
      consumer: string;
      group: string;
      partitions: string[];
      reason: string;
    }
  | {
      type: 'consumer.partitionsLost';
      consumer: string;
      group: string;
      partitions: string[];
      reason: string;
    }
  | {
      type: 'consumer.positionFromCommit';
      consumer: string;
      group: string;
      topic: string;
      partition: number;
      offset: number;
    }
  | { type: 'consumer.pollTimeout'; consumer: string; group: string; maxPollIntervalMs: number }
  | { type: 'consumer.groupError'; consumer: string; group: string; error: string }
  | { type: 'group.created'; group: string; coordinator: BrokerId }
  | {
      type: 'group.loaded';
      group: string;
      coordinator: BrokerId;
      partition: number;
      generationId: number;
      members: number;
      offsets: number;
      loadMs: number;
    }
  | { type: 'group.unloaded'; group: string; broker: BrokerId; reason: string }
  | {
      type: 'group.stateChanged';
      group: string;
      from: string;
      to: string;
      generationId: number;
      reason: string;
    }
  | {
      type: 'group.memberAdded';
      group: string;
      memberId: string;
      consumer: string;
      groupInstanceId: string | null;
    }
  | {
      type: 'group.memberRemoved';
      group: string;
      memberId: string;
      consumer: string;
      reason: string;
    }
  | {
      type: 'group.staticMemberReplaced';
      group: string;
      groupInstanceId: string;
      oldMemberId: string;
      memberId: string;
      consumer: string;
    }
  | {
      type: 'group.joinCompleted';
      group: string;
      generationId: number;
      protocol: string | null;
      leader: string;
      members: string[];
    }
  | {
      type: 'group.assigned';
      group: string;
      generationId: number;
      protocol: string | null;
      assignment: { consumer: string; partitions: string[] }[];
    }
  | {
      type: 'group.offsetsCommitted';
      group: string;
      consumer: string;
      offsets: { topic: string; partition: number; offset: number }[];
    }
  | {
      type: 'group.redelivered';
      group: string;
      consumer: string;
      topic: string;
      partition: number;
      fromOffset: number;
      toOffset: number;
      records: number;
      atMs: number;
    }
  | { type: 'group.configChanged'; group: string; config: Record<string, unknown> }
  /** A Kafka Streams member flushed its producer and committed its offsets (streams.ts). */
  | { type: 'streams.committed'; group: string; consumer: string }
  /**
   * A Kafka Streams member processed input records whose output had already been written
   * (after a crash, since the last commit): their outputs are duplicates in `outputTopic`.
   */
  | {
      type: 'streams.reprocessed';
      group: string;
      consumer: string;
      topic: string;
      partition: number;
      fromOffset: number;
      toOffset: number;
      records: number;
      /** Outputs written a second time (a first copy lost in the crash is not a duplicate). */
      duplicates: number;
      outputTopic: string;
    }
  /** A Kafka Connect source task committed its source offset to connect-offsets (connectSource.ts). */
  | { type: 'connect.sourceOffsetCommitted'; connector: string; task: number; offset: number }
  /** A Kafka Connect sink task committed the offsets of what it delivered (connectSink.ts). */
  | { type: 'connect.sinkCommitted'; connector: string; consumer: string }
  /**
   * A connector task wrote records a second time after a crash: rows read again into the topic
   * (source) or records delivered again to the external system (sink).
   */
  | {
      type: 'connect.duplicates';
      connector: string;
      kind: 'source' | 'sink';
      system: string;
      task: number;
      records: number;
      /** Where: the topic (source) or the input partition "topic-partition" (sink). */
      at: string;
      fromOffset: number;
      toOffset: number;
    }
  | { type: 'connect.taskFailed'; connector: string; task: number }
  | { type: 'connect.taskRestarted'; connector: string; task: number; fromOffset: number | null };

export type SimEventType = SimEvent['type'];
