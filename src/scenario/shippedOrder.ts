/**
 * The order the page lists the shipped scenarios in (scenarios/<id>.json): first steps, then
 * producers and the log, replication and failures, consumer groups, the benchmark presets.
 * Kept apart from shipped.ts, which imports every file: the page imports only this list (and the
 * titles, scripts/shippedTitlesPlugin.ts) and loads a file when it is opened.
 */
export const SHIPPED_ORDER: readonly string[] = [
  'hello',
  'keys-and-partitions',
  'batching-tradeoff',
  'message-too-large',
  'producer-backpressure',
  'retention',
  'page-cache',
  'tiered-storage',
  'durability-boundary',
  'acks1-data-loss',
  'unclean-election-off',
  'unclean-election-on',
  'network-partition',
  'broker-restart',
  'controller-quorum',
  'graceful-shutdown',
  'reassign-partitions',
  'eligible-leader-replicas',
  'idempotence',
  'group-scale-out-in',
  'consumer-parallelism',
  'group-member-crash',
  'group-slow-member',
  'eager-vs-cooperative',
  'static-membership-rolling-restart',
  'pubsub-vs-queue',
  'streams-pipeline',
  'connect-pipeline',
  'idle-members',
  'standalone-consumers',
  'shared-group-id-manual-assignment',
  'coordinator-failover',
  'multi-topic-subscription',
  'classroom',
  'large',
  'stress',
];
