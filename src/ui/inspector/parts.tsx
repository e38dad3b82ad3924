/** Small pieces every inspector panel uses. */
import type { ReactNode } from 'react';
import type { SimEvent } from '../../engine/events.ts';
import { formatCount } from '../format.ts';

export const dash = (v: number | null | undefined): string =>
  v === null || v === undefined ? '-' : formatCount(v);

export function seconds(ms: number | null): string {
  return ms === null ? '-' : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

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
  return (
    <div className={wide ? 'insp-fact is-wide' : 'insp-fact'} title={title}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The engine's reason when it refused one of these events' commands, or null. */
export function refusal(events: readonly SimEvent[]): string | null {
  for (const e of events) if (e.type === 'command.rejected') return e.reason;
  return null;
}
