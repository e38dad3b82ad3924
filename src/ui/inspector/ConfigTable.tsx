/**
 * A config table under Kafka's names: the value in force, whether it is Kafka's default, and
 * what the simulator does not model. Some keys can be edited: a change is sent as a command,
 * and a value the engine refuses stays in its field, marked, with the engine's reason under it,
 * while the simulation goes on.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { Refused } from './Refused.tsx';
import type { ConfigRow } from './entityModels.ts';

export type Editor =
  { kind: 'choice'; choices: readonly string[] } | { kind: 'text'; inputMode?: 'numeric' };

/** Sends a value; returns the engine's reason when it refused it, or null when applied. */
export type SubmitConfig = (key: string, raw: string) => string | null;

function ValueCell({ row }: { row: ConfigRow }) {
  return (
    <>
      <span className="insp-mono" data-testid={`config-value-${row.key}`}>
        {row.value}
      </span>
      {row.set && row.value !== row.defaultValue && (
        <span className="cfg-default"> default {row.defaultValue}</span>
      )}
      {!row.set && <span className="cfg-default"> (default)</span>}
    </>
  );
}

function EditableValue({
  row,
  editor,
  submit,
  idPrefix,
  error,
  setError,
}: {
  row: ConfigRow;
  editor: Editor;
  submit: SubmitConfig;
  idPrefix: string;
  error: string | null;
  setError: (reason: string | null) => void;
}) {
  // What the person typed and has not applied yet; null shows the engine's value.
  const [draft, setDraft] = useState<string | null>(null);
  const apply = (raw: string) => {
    const reason = submit(row.key, raw);
    setError(reason);
    // A refused value stays where it was typed, so it can be corrected.
    setDraft(reason === null ? null : raw);
  };
  const testId = `config-input-${row.key}`;
  const invalid = error !== null;
  const control =
    editor.kind === 'choice' ? (
      <select
        id={`${idPrefix}-${row.key}`}
        data-testid={testId}
        aria-invalid={invalid}
        value={draft ?? row.value}
        onChange={(e) => apply(e.currentTarget.value)}
      >
        {[...new Set([...editor.choices, draft ?? row.value])].map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    ) : (
      <input
        id={`${idPrefix}-${row.key}`}
        data-testid={testId}
        type="text"
        inputMode={editor.inputMode}
        aria-invalid={invalid}
        value={draft ?? row.value}
        onChange={(e) => {
          setDraft(e.currentTarget.value);
          setError(null);
        }}
        onBlur={() => {
          if (draft !== null && draft !== row.value && !invalid) apply(draft);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            setDraft(null);
            setError(null);
            e.currentTarget.blur();
          }
        }}
      />
    );
  return (
    <form
      className="cfg-edit"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        if (draft !== null) apply(draft);
      }}
    >
      {control}
      {draft === null && !row.set && <span className="cfg-default">(default)</span>}
      {(draft !== null || row.set) && row.value !== row.defaultValue && (
        <span className="cfg-default">default {row.defaultValue}</span>
      )}
    </form>
  );
}

function Row({
  row,
  editor,
  submit,
  idPrefix,
}: {
  row: ConfigRow;
  editor?: Editor | undefined;
  submit?: SubmitConfig | undefined;
  idPrefix: string;
}) {
  const title = row.notSimulated ? `${row.doc}\nNot simulated: ${row.notSimulated}` : row.doc;
  const [error, setError] = useState<string | null>(null);
  return (
    <div className={`cfg-row${row.set ? ' is-set' : ''}`} data-testid={`config-${row.key}`}>
      <dt title={title}>
        {editor ? <label htmlFor={`${idPrefix}-${row.key}`}>{row.key}</label> : row.key}
        {row.notSimulated && (
          <span className="cfg-not-simulated" title={row.notSimulated}>
            partly simulated
          </span>
        )}
      </dt>
      <dd>
        {editor && submit ? (
          <EditableValue
            row={row}
            editor={editor}
            submit={submit}
            idPrefix={idPrefix}
            error={error}
            setError={setError}
          />
        ) : (
          <ValueCell row={row} />
        )}
      </dd>
      {error !== null && (
        <dd className="cfg-row-error">
          <Refused testId={`config-error-${row.key}`} reason={error} />
        </dd>
      )}
    </div>
  );
}

/**
 * The editable keys and the keys set explicitly first, then the rest (Kafka's defaults) folded
 * away under a summary, so a producer's twenty keys do not push its numbers out of sight.
 */
export function ConfigTable({
  title,
  rows,
  editors = {},
  submit,
  idPrefix,
  note,
  children,
}: {
  title: string;
  rows: ConfigRow[];
  editors?: Record<string, Editor>;
  submit?: SubmitConfig;
  idPrefix: string;
  note?: string;
  /** Shown between the editable or set keys and the ones at their defaults. */
  children?: ReactNode;
}) {
  const editable = Object.keys(editors);
  const first = [
    ...editable.map((k) => rows.find((r) => r.key === k)).filter((r) => r !== undefined),
    ...rows.filter((r) => r.set && !editable.includes(r.key)),
  ];
  const rest = rows.filter((r) => !first.includes(r));
  const rowOf = (r: ConfigRow) => (
    <Row key={r.key} row={r} editor={editors[r.key]} submit={submit} idPrefix={idPrefix} />
  );
  return (
    <section className="cfg" aria-label={title}>
      <h3 className="insp-section">{title}</h3>
      {note && <p className="cfg-note">{note}</p>}
      {first.length > 0 && <dl className="cfg-table">{first.map(rowOf)}</dl>}
      {children}
      {rest.length > 0 && (
        <details className="cfg-more">
          <summary>
            {first.length > 0 ? `${rest.length} more at Kafka’s defaults` : `${rest.length} keys`}
          </summary>
          <dl className="cfg-table">{rest.map(rowOf)}</dl>
        </details>
      )}
    </section>
  );
}
