/**
 * Messages for the canvas tests, built by hand: only the fields the canvas reads. Real
 * messages come from a running simulation (see messageScene.test.ts); these cover kinds and
 * cases a shipped scenario does not produce on demand (errors, busy links, future kinds).
 */
import type { Endpoint, MessageState } from '../../src/engine/model.ts';
import type { Rect } from '../../src/ui/canvas/messageGeometry.ts';

export const producer = (id: string): Endpoint => ({ kind: 'client', id });
export const consumer = producer;
export const broker = (id: number): Endpoint => ({ kind: 'broker', id });

let counter = 0;

export function message(
  kind: string,
  from: Endpoint,
  to: Endpoint,
  payload: Record<string, unknown>,
  times: { sentAtMs: number; arrivesAtMs: number } = { sentAtMs: 0, arrivesAtMs: 4 },
): MessageState {
  counter++;
  return {
    id: `m-${counter}`,
    kind,
    from,
    to,
    ...times,
    sizeBytes: 100,
    payload: { kind, ...payload },
  } as unknown as MessageState;
}

/** A produce request from `producerId` to broker `to`, one batch per [partition, records]. */
export function produce(
  producerId: string,
  to: number,
  batches: [partition: number, records: number][],
  times?: { sentAtMs: number; arrivesAtMs: number },
): MessageState {
  return message(
    'produce',
    producer(producerId),
    broker(to),
    {
      producer: producerId,
      requestId: 'r',
      batches: batches.map(([partition, recordCount]) => ({
        topic: 'orders',
        partition,
        recordCount,
      })),
    },
    times,
  );
}

export function produceResponse(
  producerId: string,
  from: number,
  error: string | null,
  times?: { sentAtMs: number; arrivesAtMs: number },
): MessageState {
  return message(
    'produceResponse',
    broker(from),
    producer(producerId),
    {
      producer: producerId,
      requestId: 'r',
      results: [{ topic: 'orders', partition: 0, batchId: 'b', error, baseOffset: 0 }],
    },
    times,
  );
}

/** Node rectangles as the canvas lays them out: producers left, brokers middle, consumers right. */
export function rects(entries: [id: string, rect: Rect][]): Map<string, Rect> {
  return new Map(entries);
}

export const PICTURE = rects([
  ['producer:p', { x: 0, y: 100, width: 240, height: 236 }],
  ['broker:1', { x: 360, y: 0, width: 360, height: 200 }],
  ['broker:2', { x: 360, y: 228, width: 360, height: 200 }],
  ['consumer:c', { x: 840, y: 100, width: 280, height: 200 }],
]);
