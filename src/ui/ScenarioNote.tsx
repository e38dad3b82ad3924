/**
 * What the open scenario is about, in the sidebar while nothing is selected: its title, its
 * description (what to watch for), and how to look closer. A teacher reads it out; a student
 * alone starts from it. It folds away, and selecting anything puts the inspector in its place.
 */
import { useSim } from './StoreContext.tsx';

export function ScenarioNote() {
  const scenario = useSim((s) => s.scenario);
  return (
    // A new scenario opens its note again (the key remounts the details element).
    <details key={scenario.name} className="scenario-note" open data-testid="scenario-note">
      <summary className="sidebar-title">Scenario</summary>
      <div className="scenario-note-body">
        <p className="scenario-note-title">{scenario.title}</p>
        {scenario.description && <p className="scenario-note-text">{scenario.description}</p>}
        <p className="scenario-note-hint">
          Click a broker, a replica tile, a producer, a consumer or a group to inspect it;
          right-click one to crash, slow or change it. Press Space to play.
        </p>
      </div>
    </details>
  );
}
