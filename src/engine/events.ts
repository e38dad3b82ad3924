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
  | { type: 'broker.added'; broker: BrokerId }
  | { type: 'broker.slowed'; broker: BrokerId; extraLatencyMs: number }
  | { type: 'broker.isolated'; broker: BrokerId }
  | { type: 'broker.healed'; broker: BrokerId }
  | { type: 'broker.fenced'; broker: BrokerId; controller: BrokerId; reason: string }
  | { type: 'broker.unfenced'; broker: BrokerId; controller: BrokerId }
  | { type: 'broker.registered'; broker: BrokerId; brokerEpoch: number; controller: BrokerId }
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
      type: 'producer.failed';
      producer: string;
      topic: string;
      partition: number;
      records: number;
      error: string;
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
      type: 'consumer.committed';
      consumer: string;
      groupId: string;
      offsets: { topic: string; partition: number; offset: number }[];
    };

export type SimEventType = SimEvent['type'];
