/**
 * What the canvas and the inspector show of Kafka Connect connectors (src/engine/connect.ts):
 * a source connector is drawn as a producer node with its external system, a sink connector as
 * its consumer group `connect-<name>` labelled with the system it writes to.
 */
import { connectorOfClient } from '../../engine/connect.ts';
import { sinkGroupId } from '../../engine/connectConfig.ts';
import type { ConnectorState } from '../../engine/connectModel.ts';
import type { SimState } from '../../engine/model.ts';

export interface ConnectView {
  name: string;
  kind: 'source' | 'sink';
  system: string;
  /** Source: the table read; null for a sink. */
  table: string | null;
  topics: string[];
  tasksMax: number;
  tasks: { task: number; client: string; state: string }[];
  offsetFlushIntervalMs: number;
  /** The connector config as given (Kafka's names). */
  config: Record<string, unknown>;
  polled: number;
  written: number;
  commits: number;
  duplicates: number;
  crashes: number;
  /** Source only: rows in the table, the task's position, and the committed source offset. */
  rowsInSystem: number | null;
  position: number | null;
  committedOffset: number | null;
  ratePerSec: number | null;
}

export function connectView(c: ConnectorState): ConnectView {
  const s = c.stats;
  return {
    name: c.name,
    kind: c.kind,
    system: c.system,
    table: c.source?.table ?? null,
    topics: [...c.topics],
    tasksMax: c.tasksMax,
    tasks: c.tasks.map((t) => ({ task: t.task, client: t.client, state: t.state })),
    offsetFlushIntervalMs: c.offsetFlushIntervalMs,
    config: { ...c.config },
    polled: s.recordsPolled,
    written: s.recordsWritten,
    commits: s.offsetCommits,
    duplicates: s.duplicates,
    crashes: s.taskCrashes,
    rowsInSystem: c.source?.rowsInSystem ?? null,
    position: c.source?.position ?? null,
    committedOffset: c.source?.committedOffset ?? null,
    ratePerSec: c.source?.ratePerSec ?? null,
  };
}

/** The sink connector whose group this is, or null. */
export function sinkConnectorView(state: SimState, groupId: string): ConnectView | null {
  if (state.connectors.length === 0) return null;
  const c = state.connectors.find((x) => x.sink !== null && sinkGroupId(x.name) === groupId);
  return c ? connectView(c) : null;
}

/** The source connector whose task this producer is, or null. */
export function sourceConnectorView(state: SimState, producerId: string): ConnectView | null {
  const found = connectorOfClient(state, producerId);
  return found && found.connector.kind === 'source' ? connectView(found.connector) : null;
}

/** Source tasks that are not running: no producer exists, but the connector stays on the canvas. */
export function stoppedSourceTasks(
  state: SimState,
): { client: string; connector: ConnectorState }[] {
  const out: { client: string; connector: ConnectorState }[] = [];
  for (const c of state.connectors)
    if (c.kind === 'source')
      for (const t of c.tasks)
        if (!state.producers.some((p) => p.id === t.client))
          out.push({ client: t.client, connector: c });
  return out;
}
