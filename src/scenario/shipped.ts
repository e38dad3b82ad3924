/**
 * The scenarios that ship with the simulator (scenarios/*.json), by the name the page takes in
 * `?scenario=<name>`. The files are the single source: title and description come from them.
 * They are plain JSON here; `parseScenario` / `loadScenario` check them like any other file
 * (tests/scenario keeps every shipped one valid).
 */
import acks1DataLoss from '../../scenarios/acks1-data-loss.json' with { type: 'json' };
import batchingTradeoff from '../../scenarios/batching-tradeoff.json' with { type: 'json' };
import brokerRestart from '../../scenarios/broker-restart.json' with { type: 'json' };
import classroom from '../../scenarios/classroom.json' with { type: 'json' };
import controllerQuorum from '../../scenarios/controller-quorum.json' with { type: 'json' };
import eligibleLeaderReplicas from '../../scenarios/eligible-leader-replicas.json' with { type: 'json' };
import gracefulShutdown from '../../scenarios/graceful-shutdown.json' with { type: 'json' };
import connectPipeline from '../../scenarios/connect-pipeline.json' with { type: 'json' };
import consumerParallelism from '../../scenarios/consumer-parallelism.json' with { type: 'json' };
import coordinatorFailover from '../../scenarios/coordinator-failover.json' with { type: 'json' };
import durabilityBoundary from '../../scenarios/durability-boundary.json' with { type: 'json' };
import eagerVsCooperative from '../../scenarios/eager-vs-cooperative.json' with { type: 'json' };
import groupMemberCrash from '../../scenarios/group-member-crash.json' with { type: 'json' };
import groupScaleOutIn from '../../scenarios/group-scale-out-in.json' with { type: 'json' };
import groupSlowMember from '../../scenarios/group-slow-member.json' with { type: 'json' };
import hello from '../../scenarios/hello.json' with { type: 'json' };
import idempotence from '../../scenarios/idempotence.json' with { type: 'json' };
import idleMembers from '../../scenarios/idle-members.json' with { type: 'json' };
import keysAndPartitions from '../../scenarios/keys-and-partitions.json' with { type: 'json' };
import large from '../../scenarios/large.json' with { type: 'json' };
import messageTooLarge from '../../scenarios/message-too-large.json' with { type: 'json' };
import multiTopicSubscription from '../../scenarios/multi-topic-subscription.json' with { type: 'json' };
import networkPartition from '../../scenarios/network-partition.json' with { type: 'json' };
import pageCache from '../../scenarios/page-cache.json' with { type: 'json' };
import reassignPartitions from '../../scenarios/reassign-partitions.json' with { type: 'json' };
import tieredStorage from '../../scenarios/tiered-storage.json' with { type: 'json' };
import logCompaction from '../../scenarios/log-compaction.json' with { type: 'json' };
import producerBackpressure from '../../scenarios/producer-backpressure.json' with { type: 'json' };
import pubsubVsQueue from '../../scenarios/pubsub-vs-queue.json' with { type: 'json' };
import retention from '../../scenarios/retention.json' with { type: 'json' };
import sharedGroupIdManualAssignment from '../../scenarios/shared-group-id-manual-assignment.json' with { type: 'json' };
import standaloneConsumers from '../../scenarios/standalone-consumers.json' with { type: 'json' };
import staticMembershipRollingRestart from '../../scenarios/static-membership-rolling-restart.json' with { type: 'json' };
import streamsPipeline from '../../scenarios/streams-pipeline.json' with { type: 'json' };
import stress from '../../scenarios/stress.json' with { type: 'json' };
import uncleanOff from '../../scenarios/unclean-election-off.json' with { type: 'json' };
import uncleanOn from '../../scenarios/unclean-election-on.json' with { type: 'json' };
import { SHIPPED_ORDER } from './shippedOrder.ts';

export interface ShippedScenario {
  /** The name in `?scenario=<name>` (the file name without `.json`). */
  id: string;
  /** The scenario's own `name`: a title for people. */
  title: string;
  /** One line saying what it shows. */
  description: string;
  /** The scenario file's content. */
  json: unknown;
}

function shipped(id: string, json: { name: string; description: string }): ShippedScenario {
  return { id, title: json.name, description: json.description, json };
}

/** The files by the name the page takes in `?scenario=<name>`. */
const FILES: Readonly<Record<string, { name: string; description: string } | undefined>> = {
  hello: hello,
  'keys-and-partitions': keysAndPartitions,
  'batching-tradeoff': batchingTradeoff,
  'message-too-large': messageTooLarge,
  'producer-backpressure': producerBackpressure,
  retention: retention,
  'page-cache': pageCache,
  'reassign-partitions': reassignPartitions,
  'tiered-storage': tieredStorage,
  'log-compaction': logCompaction,
  'durability-boundary': durabilityBoundary,
  'acks1-data-loss': acks1DataLoss,
  'unclean-election-off': uncleanOff,
  'unclean-election-on': uncleanOn,
  'network-partition': networkPartition,
  'broker-restart': brokerRestart,
  'controller-quorum': controllerQuorum,
  'graceful-shutdown': gracefulShutdown,
  'eligible-leader-replicas': eligibleLeaderReplicas,
  idempotence: idempotence,
  'group-scale-out-in': groupScaleOutIn,
  'consumer-parallelism': consumerParallelism,
  'group-member-crash': groupMemberCrash,
  'group-slow-member': groupSlowMember,
  'eager-vs-cooperative': eagerVsCooperative,
  'static-membership-rolling-restart': staticMembershipRollingRestart,
  'pubsub-vs-queue': pubsubVsQueue,
  'streams-pipeline': streamsPipeline,
  'connect-pipeline': connectPipeline,
  'idle-members': idleMembers,
  'standalone-consumers': standaloneConsumers,
  'shared-group-id-manual-assignment': sharedGroupIdManualAssignment,
  'coordinator-failover': coordinatorFailover,
  'multi-topic-subscription': multiTopicSubscription,
  classroom: classroom,
  large: large,
  stress: stress,
};

export const SHIPPED_SCENARIOS: readonly ShippedScenario[] = SHIPPED_ORDER.map((id) => {
  const json = FILES[id];
  if (json === undefined) throw new Error(`shipped scenario ${id} has no file`);
  return shipped(id, json);
});

/** The shipped scenario called `id`, or undefined. */
export function findShippedScenario(id: string): ShippedScenario | undefined {
  return SHIPPED_SCENARIOS.find((s) => s.id === id);
}
