/**
 * Where the engine does not simulate a Kafka mechanism yet, the UI says so instead of
 * pretending. Flip a flag here when the engine gains the mechanism.
 */

/**
 * Followers do not fetch from their leader yet (the engine's ISR is the leader alone, see
 * src/engine/brokerRequests.ts), so follower replicas stay empty and are labelled as such.
 */
export const REPLICATION_SIMULATED = false;
