/**
 * The inspector's one-field forms (a producer's rate, keys and one record to send, a topic's
 * partition count): a label, a text field and a button; what the engine refuses is said
 * under the form with its reason, and nothing changes.
 */
import type { FormEvent } from 'react';
import { Refused } from './Refused.tsx';

export interface OneFieldFormProps {
  /** The field's element id, and the test ids: `<testId>-input`, `<testId>` and `<testId>-error`. */
  id: string;
  testId: string;
  label: string;
  /** Says what the form does and which command it sends. */
  title?: string;
  value: string;
  onChange: (value: string) => void;
  onSubmit: () => void;
  button: string;
  /** The button waits for a change (a field that shows the current value). */
  disabled?: boolean;
  placeholder?: string;
  inputMode?: 'decimal' | 'numeric' | 'text';
  /** A unit after the field ("records/s"). */
  unit?: string;
  error: string | null;
}

export function OneFieldForm(p: OneFieldFormProps) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    p.onSubmit();
  };
  return (
    <>
      <form className="insp-form" onSubmit={submit} {...(p.title ? { title: p.title } : {})}>
        <label htmlFor={p.id}>{p.label}</label>
        <input
          id={p.id}
          data-testid={`${p.testId}-input`}
          type="text"
          inputMode={p.inputMode ?? 'text'}
          placeholder={p.placeholder}
          value={p.value}
          aria-invalid={p.error !== null}
          onChange={(e) => p.onChange(e.currentTarget.value)}
        />
        {p.unit && <span className="insp-sub">{p.unit}</span>}
        <button
          type="submit"
          className="button button-small"
          data-testid={p.testId}
          disabled={p.disabled}
        >
          {p.button}
        </button>
      </form>
      {p.error !== null && <Refused testId={`${p.testId}-error`} reason={p.error} />}
    </>
  );
}
