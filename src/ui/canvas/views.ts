/**
 * What each canvas node shows, derived from engine state by pure functions. Node components
 * only draw these views; they never read the engine state themselves.
 */
import { producerSettings } from '../../engine/config.ts';
import type {
  BrokerState,
  ConsumerState,
  PartitionState,
  ProducerState,
  SimState,
} from '../../engine/model.ts';
import { REPLICATION_SIMULATED } from './simplifications.ts';

export interface ReplicaView {
  /** "orders-0". */
  key: string;
  topic: string;
  partition: number;
  /** `offline`: the partition has no leader at all (every replica shows it). */
  role: 'leader' | 'follower' | 'offline';
  logEndOffset: number;
  highWatermark: number;
  /** Broker ids in the partition's ISR. */
  isr: number[];
  /** False while followers do not fetch from the leader (see simplifications.ts). */
  replicating: boolean;
}

export interface BrokerView {
  id: number;
  alive: boolean;
  isolated: boolean;
  replicas: ReplicaView[];
}

export interface ProducerView {
  id: string;
  topic: string;
  ratePerSec: number;
  acks: string;
  sent: number;
  acked: number;
  failed: number;
  /** Records generated but not yet acknowledged or failed (accumulator plus in flight). */
  pending: number;
}

export interface ConsumerPartitionView {
  key: string;
  /** Next offset to read, or null until auto.offset.reset has found one. */
  position: number | null;
  /** High watermark minus position, from the consumer's last fetch; null without a position. */
  lag: number | null;
}

export interface ConsumerView {
  id: string;
  partitions: ConsumerPartitionView[];
  consumed: number;
  fatalError: string | null;
}

export function topicPartitionKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

function replicaView(p: PartitionState, brokerId: number): ReplicaView | null {
  const log = p.replicaLogs.find((r) => r.brokerId === brokerId);
  if (!log) return null;
  return {
    key: topicPartitionKey(p.topic, p.partition),
    topic: p.topic,
    partition: p.partition,
    role: p.leader === null ? 'offline' : p.leader === brokerId ? 'leader' : 'follower',
    logEndOffset: log.log.logEndOffset,
    highWatermark: log.highWatermark,
    isr: [...p.isr],
    replicating: REPLICATION_SIMULATED,
  };
}

export function brokerView(state: SimState, broker: BrokerState): BrokerView {
  const replicas: ReplicaView[] = [];
  for (const topic of state.topics) {
    for (const p of topic.partitions) {
      if (!p.replicas.includes(broker.id)) continue;
      const view = replicaView(p, broker.id);
      if (view) replicas.push(view);
    }
  }
  return { id: broker.id, alive: broker.alive, isolated: broker.isolated, replicas };
}

const ACKS_LABEL: Record<0 | 1 | -1, string> = { 0: '0', 1: '1', [-1]: 'all' };

export function producerView(p: ProducerState): ProducerView {
  const { sent, acked, failed } = p.stats;
  return {
    id: p.id,
    topic: p.topic,
    ratePerSec: p.ratePerSec,
    acks: ACKS_LABEL[producerSettings(p.config).acks],
    sent,
    acked,
    failed,
    pending: Math.max(0, sent - acked - failed),
  };
}

export function consumerView(c: ConsumerState): ConsumerView {
  return {
    id: c.id,
    partitions: c.assignment.map((a) => ({
      key: topicPartitionKey(a.topic, a.partition),
      position: a.position,
      lag: a.position === null ? null : Math.max(0, a.highWatermark - a.position),
    })),
    consumed: c.stats.recordsConsumed,
    fatalError: c.fatalError,
  };
}
