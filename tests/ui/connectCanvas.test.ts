/**
 * The canvas for Kafka Connect: a source connector is a producer node that knows its connector
 * and stays drawn (FAILED) while its task is down; a sink connector's group knows its connector.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.ts';
import { findShippedScenario } from '../../src/scenario/shipped.ts';
import { groupViews } from '../../src/ui/canvas/groupView.ts';
import { groupChipLayout } from '../../src/ui/canvas/layout.ts';
import { selectEdges, selectNodes } from '../../src/ui/canvas/selectNodes.ts';
import type { ProducerView } from '../../src/ui/canvas/views.ts';

const SOURCE = 'connector-producer-mysql-orders-0';

function pipelineAt(ms: number) {
  const loaded = loadScenario(findShippedScenario('connect-pipeline')?.json);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  loaded.simulation.advanceTo(ms);
  return loaded.simulation.state;
}

const sourceNode = (ms: number) => {
  const node = selectNodes(pipelineAt(ms)).find((n) => n.id === `producer:${SOURCE}`);
  return (node?.data as { view: ProducerView } | undefined)?.view;
};

describe('Kafka Connect on the canvas', () => {
  it('draws the source task as a producer node that names its connector and system', () => {
    const v = sourceNode(10_000)!;
    expect(v.connect?.name).toBe('mysql-orders');
    expect(v.connect?.system).toBe('MySQL');
    expect(v.connect?.tasks[0]?.state).toBe('RUNNING');
    const edges = selectEdges(pipelineAt(10_000));
    expect(edges.some((e) => e.source === `producer:${SOURCE}`)).toBe(true);
  });

  it('keeps the source node, FAILED and without produce lines, while its task is down', () => {
    const state = pipelineAt(50_000);
    const v = sourceNode(50_000)!;
    expect(v.connect?.tasks[0]?.state).toBe('FAILED');
    expect(selectEdges(state).some((e) => e.source === `producer:${SOURCE}`)).toBe(false);
  });

  it('gives the sink connector group its connector and its members their task numbers', () => {
    const state = pipelineAt(10_000);
    const g = groupViews(state, groupChipLayout).find((x) => x.id === 'connect-es-orders')!;
    expect(g.connect?.system).toBe('Elasticsearch');
    expect(g.members.map((m) => m.connectTask)).toEqual([0, 1]);
  });
});
