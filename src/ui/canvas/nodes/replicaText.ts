/**
 * The words on a replica tile (BrokerNode.tsx): pure, so the tests read them without a page.
 * A tile shows the controller's view of the replica; where the broker's own view differs (a
 * zombie leader, a crashed broker not fenced yet) the tile says so.
 */
import { formatCount, formatTenths } from '../../format.ts';
import type { ReplicaView } from '../views.ts';

/** Past this many members the ISR is counted on the tile, and listed in its tooltip. */
export const MAX_LISTED_ISR = 5;

/** "ISR [1, 2, 3]", or "ISR [7 brokers]" past MAX_LISTED_ISR. */
export function isrText(isr: readonly number[]): string {
  if (isr.length > MAX_LISTED_ISR) return `ISR [${isr.length} brokers]`;
  return `ISR [${isr.join(', ')}]`;
}

/** The ISR, and the ELR when it has members: always the full lists (the tooltip's). */
export function isrFull(r: ReplicaView): string {
  const elr = r.elr.length > 0 ? ` · ELR [${r.elr.join(', ')}]` : '';
  return `ISR [${r.isr.join(', ')}]${elr}`;
}

/**
 * Whether the partition this leader leads has fewer in-sync replicas than its topic's
 * min.insync.replicas: acks=all writes are refused (Partition.appendRecordsToLeader), and its
 * high watermark does not advance.
 */
export function underMinIsr(r: ReplicaView): boolean {
  return r.role === 'leader' && r.isr.length < r.minIsr;
}

/** What the leader's tile says of an ISR below min.insync.replicas: "< min 2". */
export function underMinIsrMark(r: ReplicaView): string {
  return `< min ${r.minIsr}`;
}

/**
 * An in-sync follower that has not caught up for a while: "in ISR · 298 behind". Being in
 * the ISR does not mean having every record: a follower stays in it until it has not caught up
 * for replica.lag.time.max.ms. Null for a follower that keeps up (and for other roles).
 */
export function laggingInIsrMark(r: ReplicaView): string | null {
  if (r.role !== 'follower' || r.notCaughtUpMs === null) return null;
  return `in ISR · ${formatCount(r.behind)} behind`;
}

/** The tooltip's sentences about a follower that is behind the leader. */
function behindText(r: ReplicaView, broker: number): string {
  if (r.role === 'follower' && r.notCaughtUpMs !== null) {
    const left = Math.max(0, r.lagTimeMaxMs - r.notCaughtUpMs);
    return (
      `Broker ${broker} is still in the ISR, yet ${formatCount(r.behind)} records behind the ` +
      `leader: it last caught up ${formatTenths(r.notCaughtUpMs)} ago. A follower stays in the ` +
      `ISR until it has not caught up for replica.lag.time.max.ms (${formatTenths(r.lagTimeMaxMs)}); ` +
      `then the leader has the controller remove it (AlterPartition, in ${formatTenths(left)} if it ` +
      `stays behind; sooner if its broker is fenced first). Meanwhile the ` +
      `high watermark waits for it, so consumers cannot read the records it lacks, and acks=all ` +
      `writes wait; acks=1 writes are acknowledged anyway, and lost if this follower becomes ` +
      `leader without them. `
    );
  }
  if ((r.role === 'follower' || r.role === 'outOfSync') && r.behind > 0)
    return `${formatCount(r.behind)} records behind the leader. `;
  return '';
}

/** The mark on a zombie leader's tile: "thinks it leads · epoch 0". */
export function staleLeaderMark(epoch: number): string {
  return `thinks it leads · epoch ${epoch}`;
}

/** The tile's tooltip: what it shows, whose view that is, and what a click does. */
export function replicaTitle(r: ReplicaView, broker: number, brokerDown: boolean): string {
  const click = `Show the log of ${r.key} (right-click for more).`;
  const below = underMinIsr(r)
    ? `The ISR is below min.insync.replicas (${r.minIsr}): acks=all writes are refused with NOT_ENOUGH_REPLICAS, and those appended before wait, as the high watermark cannot advance, until request.timeout.ms. acks=0 and acks=1 writes are still taken. `
    : '';
  const lists =
    r.role === 'leader' || r.role === 'offline' ? `${isrFull(r)}. ${below}` : behindText(r, broker);
  if (r.staleLeaderEpoch !== null) {
    const elected =
      r.controllerLeader === null
        ? 'the controller has no leader for it now'
        : `the controller elected broker ${r.controllerLeader} (epoch ${r.leaderEpoch})`;
    return (
      `Broker ${broker} still acts as leader of ${r.key} in epoch ${r.staleLeaderEpoch}: ` +
      `${elected}, and this broker, cut off, has not heard. Producers that still send to it ` +
      `with acks=1 get writes acknowledged that will be lost: it truncates them when it hears ` +
      `of the new leader. With acks=all it acknowledges nothing: its followers no longer fetch ` +
      `from it, so its high watermark stays, and the requests time out (request.timeout.ms) ` +
      `and are retried on the new leader. The role shown is the controller's view. ${click}`
    );
  }
  const moving =
    r.reassignment === 'adding'
      ? `A reassignment adds this replica: it copies the log from the leader and joins the ISR once caught up; the reassignment completes when every new replica is in the ISR. `
      : r.reassignment === 'removing'
        ? `A reassignment removes this replica once every new replica is in the ISR; then this broker deletes its copy. `
        : '';
  if (moving !== '' && !brokerDown) return `${moving}${lists}${click}`;
  if (brokerDown)
    return (
      `Broker ${broker} is down. The role shown is the controller's view, which keeps it ` +
      `(leader, in sync) until the controller fences the broker (broker.session.timeout.ms). ` +
      `${lists}${click}`
    );
  return `${lists}${click}`;
}
