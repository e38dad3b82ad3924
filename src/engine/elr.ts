/**
 * Eligible leader replicas (KIP-966 part 1, feature eligible.leader.replicas.version=1), as
 * PartitionChangeBuilder computes them.
 *
 * With "strict min ISR" the high watermark cannot advance while the ISR is below
 * min.insync.replicas. So the replicas that were in the ISR when it fell below the minimum, and
 * those that leave it afterwards, hold every committed record: the controller keeps them in the
 * partition's ELR. When the ISR becomes empty (which ELR allows), an unfenced ELR member can be
 * elected cleanly, and it becomes the whole ISR. A replica whose broker comes back from an
 * unclean shutdown (a crash: it may have lost unflushed records) leaves the ELR. The ELR
 * empties once the ISR is back at min.insync.replicas, and after an unclean election.
 *
 * LastKnownElr holds only the last leader, as the controller runs it
 * (useLastKnownLeaderInBalancedRecovery, see controller.ts); the unclean.recovery.strategy
 * settings of KIP-966 part 2 are not simulated.
 */
import { brokerSettings, topicSettings } from './config.ts';
import { findTopic } from './context.ts';
import type { BrokerId, PartitionState, SimState } from './model.ts';

export function elrEnabled(state: SimState): boolean {
  return brokerSettings(state.cluster.brokerConfig).eligibleLeaderReplicas;
}

/** ReplicationControlManager.getTopicEffectiveMinIsr: min.insync.replicas, at most the replicas. */
export function effectiveMinIsr(state: SimState, p: PartitionState): number {
  const topic = findTopic(state, p.topic);
  const minIsr = topic
    ? topicSettings(topic.config, state.cluster.brokerConfig).minInsyncReplicas
    : 1;
  return Math.min(minIsr, p.replicas.length);
}

/**
 * PartitionChangeBuilder.maybePopulateTargetElr: empty once the target ISR reaches the
 * effective min ISR; else the current ISR and ELR, minus the target ISR and minus replicas
 * back from an unclean shutdown. In assignment order.
 */
export function targetElr(
  state: SimState,
  p: PartitionState,
  targetIsr: readonly BrokerId[],
  uncleanShutdown: readonly BrokerId[] = [],
): BrokerId[] {
  if (!elrEnabled(state) || targetIsr.length >= effectiveMinIsr(state, p)) return [];
  return p.replicas.filter(
    (b) =>
      (p.elr.includes(b) || p.isr.includes(b)) &&
      !targetIsr.includes(b) &&
      !uncleanShutdown.includes(b),
  );
}

/** PartitionChangeBuilder.isValidNewLeader's membership: in the ISR, or in the ELR when the ISR is empty. */
export function eligibleMember(
  b: BrokerId,
  targetIsr: readonly BrokerId[],
  elr: readonly BrokerId[],
): boolean {
  return targetIsr.includes(b) || (targetIsr.length === 0 && elr.includes(b));
}
