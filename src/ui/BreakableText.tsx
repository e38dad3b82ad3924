/** Text that wraps long Kafka names between their words (format.ts wrapPoints), not mid-word. */
import { Fragment } from 'react';
import { wrapPoints } from './format.ts';

export function BreakableText({ text }: { text: string }) {
  const parts = wrapPoints(text);
  if (parts.length === 1) return text;
  return parts.map((part, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      {part}
    </Fragment>
  ));
}
