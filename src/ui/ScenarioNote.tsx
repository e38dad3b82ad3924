/**
 * What the open scenario is about, in the sidebar while nothing is selected: its title, its
 * description (what to watch for), and how to look closer. A teacher reads it out; a student
 * alone starts from it. It folds away by itself when the scenario first plays (the events
 * below need the room then) and opens again with a click; selecting anything puts the
 * inspector in its place.
 */
import { useEffect, useRef, useState } from 'react';
import { useSim } from './StoreContext.tsx';

export function ScenarioNote() {
  const scenario = useSim((s) => s.scenario);
  // A new scenario opens its note again (the key remounts the body).
  return (
    <ScenarioNoteBody key={scenario.name} title={scenario.title} text={scenario.description} />
  );
}

function ScenarioNoteBody({ title, text }: { title: string; text: string }) {
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
        <p className="scenario-note-hint">
          Click a broker, a replica tile, a producer, a consumer or a group to inspect it;
          right-click one to crash, slow or change it. Press Space to play, ? for the questions each
          scenario answers, and F to give the canvas this panel's room (on a projector).
        </p>
      </div>
    </details>
  );
}
