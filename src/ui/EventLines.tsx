/**
 * The narrated lines of the event list, newest first; clicking one selects what it is about.
 * The narration (describeEvent and its helpers) loads with the first event, not with the page.
 */
import { memo } from 'react';
import { entityLabel } from '../store/entities.ts';
import type { LoggedEvent } from '../store/simulationStore.ts';
import { BreakableText } from './BreakableText.tsx';
import { describeEvent } from './describeEvent.ts';
import { formatSeconds } from './format.ts';
import { useSimulationStore } from './StoreContext.tsx';

const EventItem = memo(function EventItem({ logged }: { logged: LoggedEvent }) {
  const store = useSimulationStore();
  const { event, entities, coordinator, groupInstanceId, sinceMs, brokers, repeats } = logged;
  const group = entities.find((e) => e.kind === 'group');
  const line = describeEvent(event, {
    coordinator,
    group: group?.kind === 'group' ? group.id : null,
    groupInstanceId,
    ...(sinceMs === undefined ? {} : { sinceMs }),
    ...(brokers === undefined ? {} : { brokers }),
  });
  const first = entities[0];
  return (
    <li
      className={`event event-${line.tone}${first ? ' is-clickable' : ''}`}
      data-testid="event"
      data-type={event.type}
      {...(first
        ? {
            onClick: () => store.getState().select(first),
            title: `Select ${entityLabel(first)}`,
          }
        : {})}
    >
      <span className="event-time">{formatSeconds(event.atMs)} s</span>
      <span className="event-text">
        <BreakableText
          text={
            repeats === undefined || sinceMs === undefined
              ? line.text
              : `${line.text} (${repeats} times since ${formatSeconds(sinceMs)} s)`
          }
        />
      </span>
    </li>
  );
});

export default function EventLines({ shown }: { shown: readonly LoggedEvent[] }) {
  return (
    <ol className="events" data-testid="event-list">
      {shown.map((logged) => (
        <EventItem key={logged.id} logged={logged} />
      ))}
    </ol>
  );
}
