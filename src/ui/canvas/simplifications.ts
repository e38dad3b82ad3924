/**
 * Where the engine does not simulate a Kafka mechanism yet, the UI says so instead of
 * pretending. Flip a flag here when the engine gains the mechanism.
 */

/** Followers fetch from their leader (src/engine/replication.ts): follower logs are real. */
export const REPLICATION_SIMULATED = true;
