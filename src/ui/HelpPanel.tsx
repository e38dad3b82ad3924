/**
 * The help panel the "?" button opens: what each key does to the selected broker, consumer,
 * group, producer or partition, how to read the canvas (CanvasLegend.tsx), the questions each
 * shipped scenario answers (lessons.ts, a click opens it), ideas around Kafka from the study
 * notes (AroundKafka.tsx), and what the simulator simplifies (the notes every headless report
 * carries too). Loaded when first opened (ShortcutHelp.tsx), not with the page.
 */
import { Fragment, type ReactNode } from 'react';
import { REPORT_NOTES } from '../engine/reportNotes.ts';
import { SHORTCUTS } from './actions.ts';
import { AroundKafka } from './AroundKafka.tsx';
import { CanvasLegend } from './CanvasLegend.tsx';
import { LESSONS } from './lessons.ts';
import { useSim } from './StoreContext.tsx';

/** Text with Kafka names between backticks, those drawn as code. */
function withCode(text: string): ReactNode {
  return text
    .split('`')
    .map((part, i) =>
      i % 2 === 1 ? <code key={i}>{part}</code> : <Fragment key={i}>{part}</Fragment>,
    );
}

/** Questions, and the scenario that answers each: a click opens it (as the picker does). */
function Lessons({ onPick }: { onPick: (name: string) => void }) {
  const titles = useSim((s) => s.scenarios);
  const titleOf = (name: string) => titles.find((s) => s.name === name)?.title ?? name;
  return (
    <>
      <h3 className="help-what help-notes-title">Questions, and the scenario that answers each</h3>
      <dl className="help-lessons" data-testid="help-lessons">
        {LESSONS.map((l) => (
          <div key={l.question} className="help-lesson">
            <dt>{withCode(l.question)}</dt>
            <dd>
              {l.scenarios.map((name) => (
                <button
                  key={name}
                  type="button"
                  className="button help-lesson-open"
                  data-testid={`lesson-${name}`}
                  title={`Open ${titleOf(name)}`}
                  onClick={() => onPick(name)}
                >
                  {name}
                </button>
              ))}{' '}
              <span className="help-lesson-watch">{withCode(l.watch)}</span>
            </dd>
          </div>
        ))}
      </dl>
    </>
  );
}

export default function HelpPanel({
  onClose,
  onPickScenario,
}: {
  onClose: () => void;
  /** Opens a shipped scenario, as the picker does. */
  onPickScenario: (name: string) => void;
}) {
  return (
    <section className="help-panel" aria-label="Help" data-testid="help">
      <header className="help-header">
        <h2>Help</h2>
        <button type="button" className="insp-close" aria-label="Close the help" onClick={onClose}>
          ×
        </button>
      </header>
      <h3 className="help-what help-notes-title">Keyboard shortcuts</h3>
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
      <CanvasLegend />
      <Lessons
        onPick={(name) => {
          onPickScenario(name);
          onClose();
        }}
      />
      <AroundKafka />
      <h3 className="help-what help-notes-title">What the simulator simplifies</h3>
      <ul className="help-notes" data-testid="help-simplifications">
        {REPORT_NOTES.map((note) => (
          <li key={note}>{note}</li>
        ))}
      </ul>
    </section>
  );
}
