/**
 * Restarting a crashed member of a consumer group: a new consumer process with the same
 * client.id (and group.instance.id, for a static member) that subscribes with the group's
 * spec, as a person restarting the application would. A static member back within
 * session.timeout.ms gets its partitions back with no rebalance (KIP-345); a dynamic one joins
 * with a new member id, and the old one is dropped when its session times out.
 *
 * Only for plain consumer groups the scenario describes (`groups`): a Kafka Streams or Kafka
 * Connect member is restarted by its own runtime, not by starting a bare consumer.
 */
import { connectorOfClient } from '../engine/connect.ts';
import type { Command } from '../engine/commands.ts';
import type { SimState } from '../engine/model.ts';

export const RESTART_HINT =
  'Start the consumer again with the same client.id: a static member (group.instance.id) back within session.timeout.ms gets its partitions back with no rebalance; a dynamic one joins as a new member, and the old one is dropped when its session times out';

/**
 * The command that restarts `clientId` in `groupId` (or the first group that still counts it),
 * a member that group still counts; null otherwise.
 */
export function restartCommand(
  state: SimState,
  clientId: string,
  groupId?: string,
): Extract<Command, { type: 'consumer.add' }> | null {
  if (state.consumers.some((c) => c.id === clientId)) return null; // still running
  if (connectorOfClient(state, clientId) !== null) return null;
  for (const g of state.groups) {
    if (groupId !== undefined && g.groupId !== groupId) continue;
    const m = g.members.find((x) => x.clientId === clientId);
    if (m === undefined) continue;
    if (!state.groupSpecs.some((s) => s.groupId === g.groupId)) return null;
    if (state.streams.some((a) => a.applicationId === g.groupId)) return null;
    return {
      type: 'consumer.add',
      group: g.groupId,
      consumer: clientId,
      ...(m.groupInstanceId === null ? {} : { config: { 'group.instance.id': m.groupInstanceId } }),
    };
  }
  return null;
}
