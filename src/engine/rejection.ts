/** Why a command was refused, with Kafka's error name where Kafka has one. */
export interface Rejection {
  reason: string;
  /** Kafka error name (Errors enum), e.g. INVALID_REPLICATION_FACTOR, or null. */
  error: string | null;
  /** The offending field of the command, e.g. `replicationFactor` or `config.acks`. */
  field?: string;
}

export function reject(reason: string, error: string | null = null, field?: string): Rejection {
  return field === undefined ? { reason, error } : { reason, error, field };
}
