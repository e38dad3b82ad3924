/**
 * The canvas for a Kafka Streams application: its members' embedded producers are drawn from
 * their member cards (a produce line back to the brokers), not as producers of their own.
 */
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.ts';
import { findShippedScenario } from '../../src/scenario/shipped.ts';
import { groupViews } from '../../src/ui/canvas/groupView.ts';
import { groupChipLayout } from '../../src/ui/canvas/layout.ts';
import { consumerNodeId, selectEdges, selectNodes } from '../../src/ui/canvas/selectNodes.ts';
import { STREAMS_ANCHOR_FRACTION, STREAMS_IN_HANDLE } from '../../src/ui/canvas/streamsView.ts';
import { streamsAnchorRects } from '../../src/ui/canvas/useMessageScene.ts';

function pipeline() {
  const loaded = loadScenario(findShippedScenario('streams-pipeline')?.json);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  loaded.simulation.advanceTo(12000);
  return loaded.simulation.state;
}

describe('Kafka Streams on the canvas', () => {
  it('draws no producer node for an embedded producer', () => {
    const ids = selectNodes(pipeline()).map((n) => n.id);
    expect(ids).toContain('producer:web');
    expect(ids.some((id) => id.startsWith('producer:enricher-'))).toBe(false);
  });

  it('draws a produce line from each member to the leaders of the output topic', () => {
    const state = pipeline();
    const edges = selectEdges(state).filter((e) => e.id.startsWith('streams-produce:'));
    const leaders = new Set(
      state.topics.find((t) => t.name === 'clicks-enriched')!.partitions.map((p) => p.leader),
    );
    expect(edges.filter((e) => e.source === consumerNodeId('enricher-1'))).toHaveLength(
      leaders.size,
    );
    for (const e of edges) expect(e.targetHandle).toBe(STREAMS_IN_HANDLE);
  });

  it('the group view says it is a Streams app writing to its output topic', () => {
    const views = groupViews(pipeline(), groupChipLayout);
    expect(views.find((v) => v.id === 'enricher')?.streams?.outputTopic).toBe('clicks-enriched');
    expect(views.find((v) => v.id === 'dashboard')?.streams).toBeNull();
  });

  it('anchors an embedded producer’s messages on its member’s produce line', () => {
    const state = pipeline();
    const member = { x: 100, y: 200, width: 150, height: 100 };
    const rects = new Map([[consumerNodeId('enricher-1'), member]]);
    const out = streamsAnchorRects(state, rects);
    const r = out.get('producer:enricher-1-producer')!;
    expect(r.x).toBe(member.x);
    expect(r.y + r.height / 2).toBeCloseTo(member.y + STREAMS_ANCHOR_FRACTION * member.height);
  });
});
