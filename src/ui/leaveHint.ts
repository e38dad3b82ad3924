/**
 * What "Leave" does to a consumer (KafkaConsumer.close), for the menu and the member's button:
 * apart from actions.ts, which loads after the page starts.
 */
export function leaveHint(groupInstanceId: string | null): string {
  return groupInstanceId === null
    ? 'close(): it commits and sends LeaveGroup, so the rebalance starts at once'
    : `close(): it commits, then closes without a LeaveGroup (static member, group.instance.id=${groupInstanceId}); the coordinator keeps its partitions until session.timeout.ms passes, and if it comes back in time with the same group.instance.id it gets them back with no rebalance`;
}
