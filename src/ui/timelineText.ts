/**
 * A scenario's timeline as the scenario note lists it: when, and which command, in the
 * command's own words ("10.0 s · broker.slow broker=4 extraLatencyMs=3000"), so a teacher
 * knows what is coming before pressing Play. Pure, small: it loads with the page.
 */
import type { SimulationSetup } from '../engine/setup.ts';
import { formatTenths } from './format.ts';

/** The most timeline lines the note lists; the rest are counted. */
export const MAX_TIMELINE_LINES = 8;

export interface TimelineLine {
  at: string;
  command: string;
}

function commandWords(command: unknown): string {
  if (typeof command !== 'object' || command === null) return String(command);
  const { type, ...args } = command as Record<string, unknown>;
  const words = Object.entries(args).map(
    ([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`,
  );
  return [String(type), ...words].join(' ');
}

export function timelineLines(setup: SimulationSetup | null): {
  lines: TimelineLine[];
  more: number;
} {
  const timeline = [...(setup?.timeline ?? [])].sort((a, b) => a.at - b.at);
  const lines = timeline.slice(0, MAX_TIMELINE_LINES).map((t) => ({
    at: formatTenths(t.at),
    command: commandWords(t.command),
  }));
  return { lines, more: timeline.length - lines.length };
}
