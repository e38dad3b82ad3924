/**
 * Text that wraps long Kafka names between their words, not mid-word: the pieces a splitter
 * cuts it into (format.ts wrapPoints by default, camelWrapPoints for a class-style name), with
 * a <wbr> between them, so copying the text is unaffected.
 */
import { Fragment } from 'react';
import { wrapPoints } from './format.ts';

export function BreakableText({
  text,
  split = wrapPoints,
}: {
  text: string;
  split?: (text: string) => string[];
}) {
  const parts = split(text);
  if (parts.length === 1) return text;
  return parts.map((part, i) => (
    <Fragment key={i}>
      {i > 0 && <wbr />}
      {part}
    </Fragment>
  ));
}
