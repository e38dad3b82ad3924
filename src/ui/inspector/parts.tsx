/** Small pieces every inspector panel uses. */
import type { ReactNode } from 'react';
import type { SimEvent } from '../../engine/events.ts';
import { BreakableText } from '../BreakableText.tsx';
import { camelWrapPoints, formatCount } from '../format.ts';

export const dash = (v: number | null | undefined): string =>
  v === null || v === undefined ? '-' : formatCount(v);

export function seconds(ms: number | null): string {
  return ms === null ? '-' : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** Past this many characters a one-word value in a third of the panel is set smaller (.is-long). */
const LONG_VALUE_CHARS = 9;

export function Fact({
  label,
  title,
  wide = false,
  children,
}: {
  label: string;
  title?: string | undefined;
  /** Takes a whole row: a value of several words that a third of the panel would break up. */
  wide?: boolean;
  children: ReactNode;
}) {
  // A one-word value too long for a third of the panel ("cooperative-sticky") is set smaller,
  // so it breaks at its hyphen, not inside a word ("cooperati / ve").
  const long =
    !wide &&
    typeof children === 'string' &&
    children.length > LONG_VALUE_CHARS &&
    !children.includes(' ');
  return (
    <div className={`insp-fact${wide ? ' is-wide' : ''}${long ? ' is-long' : ''}`} title={title}>
      <dt>{label}</dt>
      <dd>
        {long && typeof children === 'string' ? (
          <BreakableText text={children} split={camelWrapPoints} />
        ) : (
          children
        )}
      </dd>
    </div>
  );
}

/** The engine's reason when it refused one of these events' commands, or null. */
export function refusal(events: readonly SimEvent[]): string | null {
  for (const e of events) if (e.type === 'command.rejected') return e.reason;
  return null;
}
