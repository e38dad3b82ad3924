/**
 * What the canvas's edges are drawn from (selectEdges): who leads each partition, what each
 * producer writes to, what each consumer is assigned, which groups are drawn and who
 * coordinates them, and Kafka Streams members' embedded producers. The edges change only when
 * one of these does, a few times in a run, yet they were built again on every frame while
 * playing: on `large`, 130 edges, about 34 kB of garbage and 0.2 ms a frame, and garbage is
 * what makes the page pause for the young generation's collections.
 *
 * The inputs are written flat into a reused array of plain values and compared with the last
 * frame's, element by element: no allocation, and exact (no hash that could collide).
 */
import type { Edge } from '@xyflow/react';
import type { SimState } from '../../engine/model.ts';
import { createInputMemo } from './inputMemo.ts';

/** Writes the edges' inputs into `out` from index 0; returns how many values it wrote. */
export function writeEdgeInputs(state: SimState, out: unknown[]): number {
  let n = 0;
  for (const t of state.topics) {
    out[n++] = t.name;
    out[n++] = t.partitions.length;
    for (const p of t.partitions) out[n++] = p.leader;
  }
  for (const p of state.producers) {
    out[n++] = p.id;
    out[n++] = p.topic;
  }
  for (const app of state.streams) {
    out[n++] = app.members.length;
    for (const m of app.members) {
      out[n++] = m.consumer;
      out[n++] = m.producer;
      out[n++] = m.closing;
    }
  }
  for (const c of state.consumers) {
    out[n++] = c.id;
    out[n++] = c.group?.groupId;
    out[n++] = c.group?.subscription != null;
    out[n++] = c.assignment.length;
    for (const a of c.assignment) {
      out[n++] = a.topic;
      out[n++] = a.partition;
    }
  }
  for (const s of state.groupSpecs) out[n++] = s.groupId;
  for (const g of state.groups) {
    out[n++] = g.groupId;
    out[n++] = g.coordinator;
    out[n++] = g.members.length > 0;
    out[n++] = g.state === 'Empty';
  }
  return n;
}

/** `select(state)`, called again only when the edges' inputs changed since the last call. */
export function createEdgeMemo(select: (state: SimState) => Edge[]): (state: SimState) => Edge[] {
  return createInputMemo(writeEdgeInputs, select);
}
