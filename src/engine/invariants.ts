/**
 * Invariants that must hold after every step of every simulation. Tests (unit and property)
 * check them after each tick; the headless report lists any violation.
 */
import { leaderLog } from './context.ts';
import { logProblems } from './log.ts';
import type { SimState } from './model.ts';
import { inFlightMessages } from './network.ts';

export function checkInvariants(state: SimState): string[] {
  const problems: string[] = [];
  for (const t of state.topics) {
    for (const p of t.partitions) {
      for (const r of p.replicaLogs) {
        const where = `${p.topic}-${p.partition} on broker ${r.brokerId}`;
        for (const issue of logProblems(r.log)) problems.push(`${where}: ${issue}`);
        const { logStartOffset, logEndOffset } = r.log;
        if (!(logStartOffset <= r.highWatermark && r.highWatermark <= logEndOffset)) {
          problems.push(
            `${where}: expected logStartOffset <= highWatermark <= logEndOffset, got ${logStartOffset} <= ${r.highWatermark} <= ${logEndOffset}`,
          );
        }
      }
      if (p.leader !== null && !p.isr.includes(p.leader))
        problems.push(
          `${p.topic}-${p.partition}: leader ${p.leader} is not in the ISR [${p.isr.join(', ')}]`,
        );
    }
  }
  for (const c of state.consumers) {
    for (const a of c.assignment) {
      const p = state.topics.find((t) => t.name === a.topic)?.partitions[a.partition];
      const leader = p ? leaderLog(p) : undefined;
      // A consumer reads only below the high watermark (FetchIsolation.HIGH_WATERMARK).
      if (a.position !== null && leader && a.position > leader.highWatermark) {
        problems.push(
          `consumer ${c.id} position ${a.position} on ${a.topic}-${a.partition} is past the high watermark ${leader.highWatermark}`,
        );
      }
    }
  }
  for (const m of inFlightMessages(state)) {
    if (m.arrivesAtMs < m.sentAtMs)
      problems.push(
        `message ${m.id} arrives at ${m.arrivesAtMs}, before it was sent at ${m.sentAtMs}`,
      );
    if (m.arrivesAtMs < state.nowMs)
      problems.push(
        `message ${m.id} should have arrived at ${m.arrivesAtMs} but is still in flight at ${state.nowMs}`,
      );
  }
  for (const item of state.queue) {
    if (item.atMs < state.nowMs)
      problems.push(`work ${item.work.kind} was due at ${item.atMs}, now is ${state.nowMs}`);
  }
  return problems;
}
