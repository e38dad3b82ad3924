/**
 * What the open scenario is about, in the sidebar while nothing is selected: its title, its
 * description (what to watch for), and how to look closer. A teacher reads it out; a student
 * alone starts from it. It folds away by itself when the scenario first plays (the events
 * below need the room then) and opens again with a click; selecting anything puts the
 * inspector in its place.
 */
import { useEffect, useRef, useState } from 'react';
import { BreakableText } from './BreakableText.tsx';
import { useSim } from './StoreContext.tsx';
import { timelineLines } from './timelineText.ts';

export function ScenarioNote() {
  const scenario = useSim((s) => s.scenario);
  // A new scenario opens its note again (the key remounts the body).
  return (
    <ScenarioNoteBody
      key={scenario.name}
      title={scenario.title}
      text={scenario.description}
      timeline={timelineLines(scenario.setup)}
    />
  );
}

function ScenarioNoteBody({
  title,
  text,
  timeline,
}: {
  title: string;
  text: string;
  timeline: ReturnType<typeof timelineLines>;
}) {
  const playing = useSim((s) => s.playing);
  const [open, setOpen] = useState(true);
  const folded = useRef(false);
  useEffect(() => {
    if (playing && !folded.current) {
      folded.current = true;
      setOpen(false);
    }
  }, [playing]);
  return (
    <details
      className="scenario-note"
      open={open}
      onToggle={(e) => setOpen(e.currentTarget.open)}
      data-testid="scenario-note"
    >
      <summary className="sidebar-title">Scenario</summary>
      <div className="scenario-note-body">
        <p className="scenario-note-title">{title}</p>
        {text && <p className="scenario-note-text">{text}</p>}
        {timeline.lines.length > 0 && (
          <div className="scenario-timeline" data-testid="scenario-timeline">
            <p className="scenario-timeline-title">What the scenario does, and when</p>
            <ol>
              {timeline.lines.map((l, i) => (
                <li key={i}>
                  <span className="scenario-timeline-at">{l.at}</span>
                  <code>
                    <BreakableText text={l.command} />
                  </code>
                </li>
              ))}
              {timeline.more > 0 && (
                <li className="scenario-timeline-more">+{timeline.more} more</li>
              )}
            </ol>
          </div>
        )}
        <p className="scenario-note-hint">
          Click a broker, a replica tile, a producer, a consumer or a group to inspect it;
          right-click one to crash, slow or change it. Press Space to play, ? for the questions each
          scenario answers, and F to give the canvas this panel's room (on a projector).
        </p>
      </div>
    </details>
  );
}
