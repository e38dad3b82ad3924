/**
 * The headless report's view of Kafka Connect connectors: their tasks, what they moved between
 * Kafka and the external system, their offset commits, and the duplicates their crashes made.
 */
import { sinkGroupId } from './connectConfig.ts';
import type { ConnectorState, ConnectorStats } from './connectModel.ts';

/** The connector's counts (ConnectorStats) with what it is and where its tasks are. */
export interface ConnectorReport extends ConnectorStats {
  name: string;
  kind: 'source' | 'sink';
  system: string;
  /** Source: the topic written; sink: the topics read. */
  topics: string[];
  tasksMax: number;
  tasks: { task: number; client: string; state: 'RUNNING' | 'FAILED' | 'UNASSIGNED' }[];
  /** Only for a sink: its consumer group (`connect-<name>`). */
  groupId: string | null;
  offsetFlushIntervalMs: number;
  /** Only for a source: rows in the external table, and the source offset in connect-offsets. */
  source: { table: string; rowsInSystem: number; position: number; committedOffset: number } | null;
}

export function connectorReport(c: ConnectorState): ConnectorReport {
  return {
    name: c.name,
    kind: c.kind,
    system: c.system,
    topics: [...c.topics],
    tasksMax: c.tasksMax,
    tasks: c.tasks.map((t) => ({ task: t.task, client: t.client, state: t.state })),
    groupId: c.kind === 'sink' ? sinkGroupId(c.name) : null,
    offsetFlushIntervalMs: c.offsetFlushIntervalMs,
    ...c.stats,
    source: c.source
      ? {
          table: c.source.table,
          rowsInSystem: c.source.rowsInSystem,
          position: c.source.position,
          committedOffset: c.source.committedOffset,
        }
      : null,
  };
}
