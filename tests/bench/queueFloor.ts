/**
 * The event queue's floor: what a work item costs when it does nothing of Kafka's. The engine's
 * own heap (queue.ts) runs chains of messages shaped like the engine's (an id, endpoints, a
 * payload, one `deliver` work item each), each started by a timer; each delivery only sends
 * the next message of its chain. No partition, log, fetch session or client is touched.
 *
 * `npm run bench` prints it next to the presets: a preset that runs N items per simulated
 * second can never go faster than 1 / (N × floor) simulated seconds per wall second, whatever
 * the Kafka logic costs. It bounds what optimising that logic can buy.
 */
import { pop, schedule } from '../../src/engine/queue.ts';
import type { SimState } from '../../src/engine/model.ts';

/** Messages a record causes on the classroom preset (produce, follower fetches, consumer fetch, answers, timers). */
const HOPS_PER_CHAIN = 11;

interface FloorMessage {
  id: string;
  kind: string;
  from: { kind: 'broker'; id: number };
  to: { kind: 'broker'; id: number };
  sentAtMs: number;
  arrivesAtMs: number;
  sizeBytes: number;
  payload: { kind: string; partitions: { topic: string; partition: number; offset: number }[] };
  hopsLeft: number;
}

const KINDS = ['produce', 'replicaFetch', 'replicaFetchResponse', 'fetch', 'fetchResponse'];

/** Wall microseconds per work item of the bare queue, running `itemsPerSimS` items per simulated second for `simS` seconds. */
export function queueFloorUs(itemsPerSimS: number, simS: number): number {
  // Only the fields queue.ts reads: the heap, the sequence counter and the clock.
  const state = { queue: [], seq: 0, nowMs: 0 } as unknown as SimState;
  let messageCount = 0;
  const message = (hopsLeft: number, offset: number): FloorMessage => ({
    id: `m-${++messageCount}`,
    kind: KINDS[messageCount % KINDS.length]!,
    from: { kind: 'broker', id: 1 + (messageCount % 3) },
    to: { kind: 'broker', id: 1 + ((messageCount + 1) % 3) },
    sentAtMs: state.nowMs,
    arrivesAtMs: state.nowMs + 1,
    sizeBytes: 100,
    payload: { kind: 'produce', partitions: [{ topic: 'orders', partition: 0, offset }] },
    hopsLeft,
  });
  const chainsPerSimS = Math.max(1, Math.round(itemsPerSimS / HOPS_PER_CHAIN));
  const spacingMs = 1000 / chainsPerSimS;
  let items = 0;
  let checksum = 0;
  // A timer starts each chain and schedules the next one (as the engine's generators do), so
  // the heap holds what is in flight, not a second's worth of chains at once. It counts as
  // the chain's first item: HOPS_PER_CHAIN - 1 deliveries follow it.
  schedule(state, 0, { kind: 'producerGenerate', producer: 'floor' });
  const start = process.hrtime.bigint();
  for (let s = 0; s < simS; s++) {
    const untilMs = (s + 1) * 1000;
    for (let top = state.queue[0]; top !== undefined && top.atMs <= untilMs; top = state.queue[0]) {
      pop(state);
      state.nowMs = top.atMs;
      items++;
      const work = top.work;
      if (work.kind === 'producerGenerate') {
        schedule(state, state.nowMs + spacingMs, work);
        schedule(state, state.nowMs + 1, {
          kind: 'deliver',
          message: message(HOPS_PER_CHAIN - 2, items) as never,
        });
        continue;
      }
      if (work.kind !== 'deliver') continue;
      const m = work.message as unknown as FloorMessage;
      checksum += m.payload.partitions[0]!.offset;
      // Latency 1–2 ms, as on the engine's default links.
      if (m.hopsLeft > 0)
        schedule(state, state.nowMs + 1 + (items & 1), {
          kind: 'deliver',
          message: message(m.hopsLeft - 1, checksum & 1023) as never,
        });
    }
  }
  const wallUs = Number(process.hrtime.bigint() - start) / 1e3;
  if (!Number.isFinite(checksum)) throw new Error('unreachable: keeps the work observable');
  return wallUs / items;
}
