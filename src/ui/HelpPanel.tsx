/**
 * The help panel the "?" button opens: what each key does to the selected broker, consumer,
 * group, producer or partition, and what the simulator simplifies (the notes every headless
 * report carries too). Loaded when first opened (ShortcutHelp.tsx), not with the page.
 */
import { REPORT_NOTES } from '../engine/reportNotes.ts';
import type { SHORTCUTS } from './actions.ts';

export default function HelpPanel({
  shortcuts,
  onClose,
}: {
  shortcuts: typeof SHORTCUTS;
  onClose: () => void;
}) {
  return (
    <section className="help-panel" aria-label="Keyboard shortcuts" data-testid="help">
      <header className="help-header">
        <h2>Keyboard shortcuts</h2>
        <button
          type="button"
          className="insp-close"
          aria-label="Close the shortcuts"
          onClick={onClose}
        >
          ×
        </button>
      </header>
      <p className="help-intro">
        Click a broker, producer, consumer, group or replica to select it, then press a key; or
        right-click it for a menu. Keys do nothing while you type in a field.
      </p>
      <div className="help-groups">
        {shortcuts.map((g) => (
          <dl key={g.what} className="help-group">
            <dt className="help-what">{g.what}</dt>
            {g.keys.map(([key, does]) => (
              <dd key={key}>
                <kbd>{key}</kbd> {does}
              </dd>
            ))}
          </dl>
        ))}
      </div>
      <h3 className="help-what help-notes-title">What the simulator simplifies</h3>
      <ul className="help-notes" data-testid="help-simplifications">
        {REPORT_NOTES.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
    </section>
  );
}
