/**
 * Kafka Connect events in plain English: offset commits, task failures and restarts, and the
 * duplicates a crashed task leaves behind (src/engine/connect*.ts).
 */
import type { SimEvent } from '../engine/events.ts';
import type { EventLine } from './describeEvent.ts';
import { formatCount, offsetRange, plural } from './format.ts';

export function describeConnectEvent(e: SimEvent): EventLine | null {
  switch (e.type) {
    case 'connect.sourceOffsetCommitted':
      return {
        text: `Source connector ${e.connector} committed its source offset ${formatCount(e.offset)} to connect-offsets: rows up to ${formatCount(e.offset)} are in Kafka`,
        tone: 'info',
      };
    case 'connect.sinkCommitted':
      return {
        text: `Sink connector ${e.connector}: ${e.consumer} committed the offsets of what it wrote (offset.flush.interval.ms)`,
        tone: 'info',
      };
    case 'connect.taskFailed':
      return {
        text: `Connector ${e.connector} task ${e.task} crashed: FAILED until restarted; nothing since its last offset commit is committed`,
        tone: 'bad',
      };
    case 'connect.taskRestarted':
      return {
        text:
          e.fromOffset === null
            ? `Connector ${e.connector} task ${e.task} restarted: it joins connect-${e.connector} again`
            : `Connector ${e.connector} task ${e.task} restarted from its committed source offset ${formatCount(e.fromOffset)}: rows after it are read again`,
        tone: 'good',
      };
    case 'connect.duplicates':
      return {
        text:
          e.kind === 'source'
            ? `Source connector ${e.connector} read rows ${formatCount(e.fromOffset)}–${formatCount(e.toOffset)} of ${e.system} again: ${e.records === 1 ? 'one of them is' : `${formatCount(e.records)} of them are`} now twice in ${e.at} (at-least-once)`
            : `Sink connector ${e.connector} task ${e.task} wrote ${plural(e.records, 'record')} of ${e.at} (${offsetRange(e.fromOffset, e.toOffset)}) to ${e.system} again: delivered before the crash, never committed (at-least-once)`,
        tone: 'warn',
      };
    default:
      return null;
  }
}
