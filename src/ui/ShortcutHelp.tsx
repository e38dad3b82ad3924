/**
 * The "?" button and the list of keyboard shortcuts it opens (also on the ? key): what each
 * key does to the selected broker, consumer, group, producer or partition; and, below, what
 * the simulator simplifies (the notes every headless report carries too).
 */
import { REPORT_NOTES } from '../engine/reportNotes.ts';
import { SHORTCUTS } from './actions.ts';
import './menus.css';
import { useSim } from './StoreContext.tsx';

export function ShortcutHelpButton() {
  const open = useSim((s) => s.helpOpen);
  const setOpen = useSim((s) => s.setHelpOpen);
  return (
    <button
      type="button"
      className="button help-button"
      aria-expanded={open}
      aria-label="Keyboard shortcuts"
      title="Keyboard shortcuts (?)"
      data-testid="help-toggle"
      onClick={() => setOpen(!open)}
    >
      ?
    </button>
  );
}

export function ShortcutHelp() {
  const open = useSim((s) => s.helpOpen);
  const setOpen = useSim((s) => s.setHelpOpen);
  if (!open) return null;
  return (
    <section className="help-panel" aria-label="Keyboard shortcuts" data-testid="help">
      <header className="help-header">
        <h2>Keyboard shortcuts</h2>
        <button
          type="button"
          className="insp-close"
          aria-label="Close the shortcuts"
          onClick={() => setOpen(false)}
        >
          ×
        </button>
      </header>
      <p className="help-intro">
        Click a broker, producer, consumer, group or replica to select it, then press a key; or
        right-click it for a menu. Keys do nothing while you type in a field.
      </p>
      <div className="help-groups">
        {SHORTCUTS.map((g) => (
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
