/**
 * The recent engine events, newest first, narrated in plain language. The list can be
 * narrowed to one entity (a group, a consumer, a broker, a producer); clicking an event
 * selects what it is about.
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import { entityLabel, matchesFilter, sameEntity, type EntityRef } from '../store/entities.ts';
import type { SimEvent } from '../engine/events.ts';
import { OFFSETS_TOPIC } from '../engine/offsetsTopic.ts';
import { groupIds } from './canvas/groupView.ts';
import { useSim } from './StoreContext.tsx';

/** The narrated lines load with the first event to show (EventLines.tsx). */
const EventLines = lazy(() => import('./EventLines.tsx'));

/**
 * Routine successful commits (every auto.commit.interval.ms, from every member, seen from both
 * sides): the event list hides them unless asked, so rebalances are not buried. Failed commits
 * always show.
 */
const ROUTINE_EVENT_TYPES: ReadonlySet<string> = new Set([
  'consumer.committed',
  'group.offsetsCommitted',
]);

/**
 * Events only about Kafka's internal `__consumer_offsets` (its fifty partitions' leaders, ISRs
 * and segments, which move with every broker failure): hidden unless asked, so the six moves
 * of the topic a lesson is about are not buried under fifty. Mixed events stay.
 */
export function aboutInternalTopicOnly(e: SimEvent): boolean {
  if (e.type === 'broker.tookLeadership')
    return e.partitions.every((p) => p.topic === OFFSETS_TOPIC);
  return 'topic' in e && e.topic === OFFSETS_TOPIC;
}

/** A filter as a select value and back: "group:billing", "broker:2". */
function entityKey(e: EntityRef): string {
  return e.kind === 'partition' ? `partition:${e.topic}:${e.partition}` : `${e.kind}:${e.id}`;
}

/**
 * The entities a person can filter by: what the cluster has now, and the current filter. Read
 * as one string per frame, so the list re-renders only when an entity comes or goes.
 */
function useFilterChoices(current: EntityRef | null): EntityRef[] {
  const keys = useSim((s) => {
    const state = s.simulation?.state;
    if (!state) return '';
    return JSON.stringify([
      groupIds(state),
      state.consumers.map((c) => c.id),
      state.brokers.map((b) => b.id),
      state.producers.map((p) => p.id),
    ]);
  });
  return useMemo(() => {
    const out: EntityRef[] = [];
    if (keys !== '') {
      const [groups, consumers, brokers, producers] = JSON.parse(keys) as [
        string[],
        string[],
        number[],
        string[],
      ];
      for (const id of groups) out.push({ kind: 'group', id });
      for (const id of consumers) out.push({ kind: 'consumer', id });
      for (const id of brokers) out.push({ kind: 'broker', id });
      for (const id of producers) out.push({ kind: 'producer', id });
    }
    if (current && !out.some((e) => sameEntity(e, current))) out.unshift(current);
    return out;
  }, [keys, current]);
}

function EventFilter() {
  const filter = useSim((s) => s.eventFilter);
  const setEventFilter = useSim((s) => s.setEventFilter);
  const choices = useFilterChoices(filter);
  return (
    <label className="event-filter" title="Show only the events about one thing">
      <span className="visually-hidden">Show events about</span>
      <select
        data-testid="event-filter"
        value={filter ? entityKey(filter) : ''}
        onChange={(e) => {
          const key = e.currentTarget.value;
          setEventFilter(choices.find((c) => entityKey(c) === key) ?? null);
        }}
      >
        <option value="">all events</option>
        {choices.map((c) => (
          <option key={entityKey(c)} value={entityKey(c)}>
            {entityLabel(c)}
          </option>
        ))}
      </select>
    </label>
  );
}

function Toggle({
  on,
  onChange,
  label,
  title,
  testId,
}: {
  on: boolean;
  onChange: (on: boolean) => void;
  label: string;
  title: string;
  testId: string;
}) {
  return (
    <label className="event-commits" title={title}>
      <input
        type="checkbox"
        data-testid={testId}
        checked={on}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
      {label}
    </label>
  );
}

export function EventList() {
  const events = useSim((s) => s.events);
  const filter = useSim((s) => s.eventFilter);
  const [commits, setCommits] = useState(false);
  const [internal, setInternal] = useState(false);
  const shown = useMemo(
    () =>
      events
        .filter(
          (e) =>
            matchesFilter(e.entities, filter) &&
            (commits || !ROUTINE_EVENT_TYPES.has(e.event.type)) &&
            (internal || !aboutInternalTopicOnly(e.event)),
        )
        .slice()
        .reverse(),
    [events, filter, commits, internal],
  );
  return (
    <section className="events-panel" aria-label="Events">
      <h2 className="sidebar-title">
        Events <span className="sidebar-count">{shown.length}</span>
      </h2>
      <div className="events-tools">
        <EventFilter />
        <Toggle
          on={commits}
          onChange={setCommits}
          label="commits"
          title="Show every successful offset commit (auto commits happen every auto.commit.interval.ms)"
          testId="event-commits"
        />
        <Toggle
          on={internal}
          onChange={setInternal}
          label="internal"
          title={`Show the events about Kafka's internal topic ${OFFSETS_TOPIC} alone: its partitions' leaders, ISRs and segments change with every broker failure`}
          testId="event-internal"
        />
      </div>
      {shown.length === 0 ? (
        <p className="sidebar-empty">
          {events.length === 0
            ? 'Nothing has happened yet. Press Play.'
            : 'No events about it yet.'}
        </p>
      ) : (
        <Suspense fallback={null}>
          <EventLines shown={shown} />
        </Suspense>
      )}
    </section>
  );
}
