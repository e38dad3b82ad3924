/**
 * One line of plain English per engine event, for the event list. Kafka's own names stay
 * as they are (error codes, config keys) so that what people read here matches the logs
 * and docs of a real cluster.
 */
import { describeConnectEvent } from './describeConnectEvent.ts';
import type { SimEvent } from '../engine/events.ts';
import { describeGroupEvent, type NarrationContext } from './describeGroupEvent.ts';
import { OFFSETS_TOPIC } from '../engine/offsetsTopic.ts';
import {
  andList,
  brokersText,
  formatBytes,
  formatCount,
  formatSeconds,
  offsetRange,
  plural,
  readableReason,
} from './format.ts';

export type { NarrationContext };

export type EventTone = 'command' | 'info' | 'good' | 'warn' | 'bad';

export interface EventLine {
  text: string;
  tone: EventTone;
}

/**
 * "Broker 2 leads orders-1 (epoch 3), 2 more and 17 __consumer_offsets partitions from now":
 * the first partition of a topic people created is named, and the internal topic's counted
 * apart, so a broker failure's line says what moved of the topic the lesson is about.
 */
function tookLeadership(e: Extract<SimEvent, { type: 'broker.tookLeadership' }>): string {
  const user = e.partitions.filter((p) => p.topic !== OFFSETS_TOPIC);
  const internal = e.partitions.length - user.length;
  const first = user[0] ?? e.partitions[0]!; // the engine says it only when there is one
  const parts: string[] = [];
  if (user.length > 0)
    parts.push(`${tp(first.topic, first.partition)} (epoch ${first.leaderEpoch})`);
  if (user.length > 1) parts.push(`${user.length - 1} more`);
  if (internal > 0) parts.push(plural(internal, `${OFFSETS_TOPIC} partition`));
  return `Broker ${e.broker} leads ${andList(parts)} from now: its metadata (offset ${e.metadataOffset}) arrived ${formatSeconds(e.atMs - first.electedAtMs)} s after the election`;
}

/**
 * "billing-1 has no committed offset for orders-2: it starts at the log end, offset 297
 * (auto.offset.reset=latest), and never reads the records written before". With `latest` a
 * new group skips what is already in the log; the line says so rather than leave it silent.
 */
function offsetReset(e: Extract<SimEvent, { type: 'consumer.offsetReset' }>): string {
  const config = `auto.offset.reset=${e.strategy}`;
  const where = `${tp(e.topic, e.partition)} to offset ${formatCount(e.offset)} (${config})`;
  if (e.reason !== 'no committed offset') return `${e.consumer} reset ${where}: ${why(e.reason)}`;
  if (e.strategy === 'latest' && e.offset > 0)
    return `${e.consumer} has no committed offset for ${tp(e.topic, e.partition)}: it starts at the log end, offset ${formatCount(e.offset)} (${config}), and never reads the records written before`;
  if (e.strategy === 'earliest')
    return `${e.consumer} has no committed offset for ${tp(e.topic, e.partition)}: it starts at the log start, offset ${formatCount(e.offset)} (${config}), and reads everything still in the log`;
  return `${e.consumer} reset ${where}`;
}

/** A command as one line: `broker.crash broker=2`. */
function commandLine(command: unknown): string {
  if (typeof command !== 'object' || command === null) return commandType(command);
  const args = Object.entries(command)
    .filter(([key]) => key !== 'type')
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return [commandType(command), ...args].join(' ');
}

function commandType(command: unknown): string {
  return typeof command === 'object' && command !== null && 'type' in command
    ? String(command.type)
    : 'command';
}

/** `orders-2`, or just the topic when the record failed before it had a partition (-1). */
const tp = (topic: string, partition: number): string =>
  partition < 0 ? topic : `${topic}-${partition}`;

const n = formatCount;
/** An engine reason, with its numbers grouped and broker lists in prose (readableReason). */
const why = readableReason;

/**
 * Why records were lost. A "clean" election loses records too (acks=1, or a follower that
 * lagged while still in the ISR): the word alone reads as "safe", so the line says what it
 * means, an in-sync replica that did not have them.
 */
export function lossReason(reason: string): string {
  const text = why(reason);
  if (!/^(clean|preferred) election of broker \d+/.test(reason)) return text;
  return `${text}, a replica in the ISR that did not have them: the old leader had acknowledged them before its followers copied them (acks=1)`;
}

function isrChanged(e: Extract<SimEvent, { type: 'partition.isrChanged' }>): EventLine {
  const isr = `ISR is now [${e.isr.join(', ')}]`;
  const out = e.removed.length > 0 ? `${brokersText(e.removed)} out` : '';
  // A leader that joins the ISR was elected from outside it (an unclean election, or an
  // eligible leader replica): the controller sets the ISR to the new leader alone. It did not
  // catch up, so "back in" would be wrong.
  const leader = e.leader;
  if (leader !== null && e.added.includes(leader)) {
    const others = e.added.filter((b) => b !== leader);
    const also = others.length > 0 ? `; ${brokersText(others)} back in` : '';
    return {
      text: `${tp(e.topic, e.partition)}: ${isr}: broker ${leader} was elected leader from outside the ISR, so the ISR is set to it alone (it did not catch up)${out === '' ? '' : `; ${out}`}${also}`,
      tone: 'warn',
    };
  }
  const back = e.added.length > 0 ? `${brokersText(e.added)} back in` : '';
  const change = [out, back].filter((x) => x !== '').join(', ');
  return {
    text: `${tp(e.topic, e.partition)}: ${isr}${change === '' ? '' : `, ${change}`}: ${why(e.reason)}`,
    tone: e.removed.length > 0 ? 'warn' : 'good',
  };
}

function elrChanged(e: Extract<SimEvent, { type: 'partition.elrChanged' }>): EventLine {
  const parts = [`eligible leader replicas (ELR) are now [${e.elr.join(', ')}]`];
  if (e.added.length > 0) parts.push(`${brokersText(e.added)} eligible`);
  if (e.removed.length > 0) parts.push(`${brokersText(e.removed)} no longer eligible`);
  return {
    text: `${tp(e.topic, e.partition)}: ${parts.join(', ')}: ${why(e.reason)}`,
    tone: 'info',
  };
}

/** "broker 2", or for an entry merged over replicas (eventLog.ts) "brokers 2, 3, 1". */
function onBrokers(broker: number, merged: readonly number[] | undefined): string {
  return merged !== undefined && merged.length > 1
    ? `brokers ${merged.join(', ')}`
    : `broker ${broker}`;
}

export function describeEvent(e: SimEvent, context: NarrationContext = {}): EventLine {
  const group = describeGroupEvent(e, context) ?? describeConnectEvent(e);
  if (group) return group;
  switch (e.type) {
    case 'command.applied':
      return { text: `Command ${commandLine(e.command)}`, tone: 'command' };
    case 'command.rejected':
      return { text: `${commandType(e.command)} rejected: ${why(e.reason)}`, tone: 'bad' };
    case 'engine.error':
      return { text: `Simulator error in ${e.work} (the run goes on): ${e.reason}`, tone: 'bad' };
    case 'broker.crashed':
      return { text: `Broker ${e.broker} crashed`, tone: 'bad' };
    case 'broker.restarted':
      return { text: `Broker ${e.broker} restarted`, tone: 'good' };
    case 'broker.shutdownRequested':
      return {
        text: `Broker ${e.broker} is shutting down: it asks the controller for a controlled shutdown`,
        tone: 'warn',
      };
    case 'broker.controlledShutdown':
      return {
        text: `Controller (broker ${e.controller}) takes broker ${e.broker} out of every ISR${e.leads > 0 ? ` and moves its ${plural(e.leads, 'leadership')}` : ''} (controlled shutdown); it may stop once the other brokers know`,
        tone: 'warn',
      };
    case 'broker.stopped':
      return {
        text: e.graceful
          ? `Broker ${e.broker} stopped cleanly: ${why(e.reason)}`
          : `Broker ${e.broker} stopped: ${why(e.reason)}`,
        tone: e.graceful ? 'info' : 'bad',
      };
    case 'broker.added':
      return {
        text: `Broker ${e.broker} joined the cluster: existing partitions stay where they are (moving them takes a reassignment: a partition's inspector has one); new topics and partitions can use it`,
        tone: 'good',
      };
    case 'broker.slowed':
      return {
        text: `Broker ${e.broker}: +${n(e.extraLatencyMs)} ms on every link`,
        tone: 'warn',
      };
    case 'partition.offline':
      return { text: `${tp(e.topic, e.partition)} offline: ${why(e.reason)}`, tone: 'bad' };
    case 'partition.leaderChanged':
      return {
        text: `${tp(e.topic, e.partition)}: ${e.election === 'clean' ? '' : `${e.election} election, `}leader is now broker ${e.leader} (epoch ${n(e.leaderEpoch)}, ISR [${e.isr.join(', ')}]): ${why(e.reason)}`,
        tone: e.election === 'unclean' ? 'bad' : 'warn',
      };
    case 'partition.isrChanged':
      return isrChanged(e);
    case 'partition.elrChanged':
      return elrChanged(e);
    case 'replica.truncated':
      return {
        // A log that starts over ahead of its end (the leader's local log start with tiered
        // storage, or its log start after retention) is emptied, not cut back.
        text:
          e.toOffset > e.fromOffset
            ? `${tp(e.topic, e.partition)} on broker ${e.broker}: emptied its log (${plural(e.records, 'record')} removed) and starts again at offset ${n(e.toOffset)}, past its old end ${n(e.fromOffset)}: ${why(e.reason)}`
            : `${tp(e.topic, e.partition)} on broker ${e.broker}: truncated from offset ${n(e.fromOffset)} to ${n(e.toOffset)}, ${plural(e.records, 'record')} removed: ${why(e.reason)}`,
        tone: e.records > 0 ? 'warn' : 'info',
      };
    case 'records.lost': {
      // The event list merges a run of losses into one event (eventRuns.ts) and says since when.
      const since =
        context.sinceMs === undefined || context.sinceMs === e.atMs
          ? ''
          : `, from ${formatSeconds(context.sinceMs)} s on`;
      return {
        text: `${plural(e.records, 'acknowledged record')} of ${tp(e.topic, e.partition)} lost (${offsetRange(e.fromOffset, e.toOffset)}${since}): ${lossReason(e.reason)}`,
        tone: 'bad',
      };
    }
    case 'broker.tookLeadership':
      return { text: tookLeadership(e), tone: 'info' };
    case 'broker.isolated':
      return {
        text: `Broker ${e.broker} is cut off from the controller and the other brokers (clients still reach it)`,
        tone: 'bad',
      };
    case 'broker.healed':
      return {
        text: `Broker ${e.broker} reaches the controller and the other brokers again`,
        tone: 'good',
      };
    case 'broker.fenced':
      return {
        text: `Controller (broker ${e.controller}) fenced broker ${e.broker}: ${why(e.reason)}`,
        tone: e.shutdown ? 'info' : 'bad',
      };
    case 'broker.unfenced':
      return {
        text: `Controller (broker ${e.controller}) unfenced broker ${e.broker}: it caught up with the metadata`,
        tone: 'good',
      };
    case 'broker.registrationRefused':
      return {
        text: `Controller (broker ${e.controller}) refuses broker ${e.broker}'s registration with DUPLICATE_BROKER_REGISTRATION: its previous run still has a live session until ${(e.sessionExpiresAtMs / 1000).toFixed(1)} s; it will be fenced then, and register`,
        tone: 'warn',
      };
    case 'broker.registered':
      return {
        text: `Broker ${e.broker} registered with the controller (broker epoch ${n(e.brokerEpoch)})`,
        tone: 'info',
      };
    case 'controller.elected':
      return {
        text: `Broker ${e.broker} is the active controller (epoch ${n(e.epoch)}, voters [${e.voters.join(', ')}])`,
        tone: 'good',
      };
    case 'controller.lost':
      return { text: `No active controller: ${why(e.reason)}`, tone: 'bad' };
    case 'controller.noQuorum':
      return {
        text: `No controller can be elected: only voters [${e.reachableVoters.join(', ')}] of [${e.voters.join(', ')}] are reachable, a majority is needed`,
        tone: 'bad',
      };
    case 'topic.created':
      return {
        text: `Topic ${e.topic} created with ${plural(e.replicaAssignment.length, 'partition')}`,
        tone: 'info',
      };
    case 'topic.partitionsAdded':
      return {
        text: `Topic ${e.topic} now has ${plural(e.partitions, 'partition')}`,
        tone: 'info',
      };
    case 'partition.reassignmentStarted':
      return e.cancelled
        ? {
            text: `Reassignment of ${tp(e.topic, e.partition)} cancelled: replicas back to [${e.replicas.join(', ')}]${e.removing.length === 0 ? '' : `, broker ${e.removing.join(', ')} ${e.removing.length === 1 ? 'drops its copy' : 'drop their copies'}`}`,
            tone: 'info',
          }
        : {
            text:
              e.adding.length > 0
                ? `Reassignment of ${tp(e.topic, e.partition)} to [${e.target.join(', ')}]: broker ${e.adding.join(', ')} ${e.adding.length === 1 ? 'copies' : 'copy'} the log from the leader; replicas [${e.replicas.join(', ')}] until ${e.adding.length === 1 ? 'it joins' : 'they join'} the ISR`
                : `Reassignment of ${tp(e.topic, e.partition)} to [${e.target.join(', ')}]${e.removing.length > 0 ? `: broker ${e.removing.join(', ')} leaves once the ISR allows` : ''}`,
            tone: 'info',
          };
    case 'partition.reassignmentCompleted':
      return {
        text: `Reassignment of ${tp(e.topic, e.partition)} ${e.cancelled ? 'undone' : 'done'}: replicas [${e.replicas.join(', ')}], ISR [${e.isr.join(', ')}], leader ${e.leader ?? 'none'}${e.removed.length > 0 ? `; broker ${e.removed.join(', ')} no longer holds it` : ''}`,
        tone: e.cancelled ? 'info' : 'good',
      };
    case 'replica.deleted':
      return {
        text: `Broker ${e.broker} deleted its replica of ${tp(e.topic, e.partition)} (${plural(e.records, 'record')}, ${formatBytes(e.sizeBytes)}): it is no longer one of the partition's replicas (a reassignment)`,
        tone: 'info',
      };
    case 'topic.configChanged':
      return { text: `Topic ${e.topic} config changed`, tone: 'info' };
    case 'segment.rolled':
      return {
        text: `${tp(e.topic, e.partition)} on ${onBrokers(e.broker, context.brokers)}: new segment at offset ${n(e.baseOffset)} (${e.reason})`,
        tone: 'info',
      };
    case 'segments.deleted':
      return {
        text: `${tp(e.topic, e.partition)} on ${onBrokers(e.broker, context.brokers)}: ${plural(e.segments, 'segment')} with ${plural(e.records, 'record')} deleted (${e.reason})`,
        tone: 'warn',
      };
    case 'log.cleaned': {
      const superseded = e.recordsRemoved - e.tombstonesRemoved - e.keylessRemoved;
      const parts = [
        superseded > 0
          ? `${plural(superseded, 'record')} replaced by a newer one with the same key`
          : '',
        e.tombstonesRemoved > 0
          ? `${plural(e.tombstonesRemoved, 'tombstone')} past its delete horizon`
          : '',
        e.keylessRemoved > 0 ? `${plural(e.keylessRemoved, 'record')} without a key` : '',
      ].filter((x) => x !== '');
      return {
        text: `${tp(e.topic, e.partition)} on ${onBrokers(e.broker, context.brokers)}: the log cleaner compacted the log below offset ${n(e.endOffset)} (${Math.round(e.dirtyRatio * 100)}% of it was dirty) and removed ${parts.length > 0 ? parts.join(', ') : 'nothing'}: ${formatBytes(e.bytesBefore)} → ${formatBytes(e.bytesAfter)}, ${plural(e.segmentsBefore, 'segment')} → ${e.segmentsAfter}`,
        tone: 'info',
      };
    }
    case 'remote.copied':
      return {
        text: `${tp(e.topic, e.partition)}: leader ${e.broker} copied ${plural(e.segments, 'segment')} to remote storage, ${offsetRange(e.fromOffset, e.toOffset)}, ${formatBytes(e.sizeBytes)}`,
        tone: 'info',
      };
    case 'remote.deleted':
      return {
        text: `${tp(e.topic, e.partition)}: leader ${e.broker} deleted ${plural(e.segments, 'segment')} with ${plural(e.records, 'record')} from remote storage (${e.reason}); the log now starts at ${n(e.logStartOffset)}`,
        tone: 'warn',
      };
    case 'producer.added':
      return { text: `Producer ${e.producer} started`, tone: 'info' };
    case 'producer.removed':
      return { text: `Producer ${e.producer} closed`, tone: 'info' };
    case 'producer.configChanged':
      return { text: `Producer ${e.producer} config changed`, tone: 'info' };
    case 'producer.retry':
      return {
        text: `${e.producer} retries ${plural(e.records, 'record')} to ${tp(e.topic, e.partition)} after ${e.error}, attempt ${n(e.attempt)}`,
        tone: 'warn',
      };
    case 'producer.blocked':
      return {
        text: `${e.producer}: buffer.memory (${n(e.bufferMemory)} bytes) is full: send() blocks the application, for up to max.block.ms (${n(e.maxBlockMs)} ms), until acknowledgements free memory`,
        tone: 'warn',
      };
    case 'producer.unblocked':
      return {
        text: `${e.producer}: send() keeps pace again after ${formatSeconds(e.heldMs)} s held up by a full buffer.memory: blocked, then catching up with the records due meanwhile`,
        tone: 'good',
      };
    case 'producer.batchSplit':
      return {
        text: `${e.producer}: ${tp(e.topic, e.partition)} refused a batch of ${plural(e.records, 'record')} as MESSAGE_TOO_LARGE: its ${n(e.sizeBytes)} bytes are over max.message.bytes. The producer splits it into ${plural(e.batches, 'batch', 'batches')} of up to ${n(e.targetBytes)} bytes and sends them again`,
        tone: 'warn',
      };
    case 'producer.sequenceReset':
      return {
        text: `${e.producer} starts its sequence numbers again as producer id ${n(e.producerId)}, was ${n(e.previousProducerId)}: a batch failed for good and left a gap the brokers would refuse`,
        tone: 'warn',
      };
    case 'producer.failed':
      return {
        text: `${e.producer} gave up on ${plural(e.records, 'record')} to ${tp(e.topic, e.partition)}: ${e.error}${e.exception === undefined ? '' : `; ${e.exception}${/since batch creation/.test(e.exception) ? ' (delivery.timeout.ms)' : ''}`}`,
        tone: 'bad',
      };
    case 'consumer.offsetReset':
      return { text: offsetReset(e), tone: 'info' };
    case 'consumer.error':
      return { text: `${e.consumer} on ${tp(e.topic, e.partition)}: ${e.error}`, tone: 'bad' };
    case 'consumer.truncationDetected':
      return {
        text: `${e.consumer}: ${tp(e.topic, e.partition)} was truncated below its position ${n(e.fromOffset)} (KIP-320: the leader ends epoch ${e.offsetEpoch} at ${n(e.toOffset)}); it goes back to ${n(e.toOffset)}`,
        tone: 'warn',
      };
  } // Event types the engine adds later still show, by their type, until described here.
  return { text: (e as { type: string }).type, tone: 'info' };
}
