/** The recent engine events, newest first. */
import { describeEvent } from './describeEvent.ts';
import { formatSeconds } from './format.ts';
import { useSim } from './StoreContext.tsx';

export function EventList() {
  const events = useSim((s) => s.events);
  return (
    <aside className="sidebar" aria-label="Events">
      <h2 className="sidebar-title">
        Events <span className="sidebar-count">{events.length}</span>
      </h2>
      {events.length === 0 ? (
        <p className="sidebar-empty">Nothing has happened yet. Press Play.</p>
      ) : (
        <ol className="events" data-testid="event-list">
          {events
            .slice()
            .reverse()
            .map(({ id, event }) => {
              const line = describeEvent(event);
              return (
                <li key={id} className={`event event-${line.tone}`} data-testid="event">
                  <span className="event-time">{formatSeconds(event.atMs)} s</span>
                  <span className="event-text">{line.text}</span>
                </li>
              );
            })}
        </ol>
      )}
    </aside>
  );
}
