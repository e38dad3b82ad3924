/**
 * Light or dark: the system's (prefers-color-scheme) unless the person picked one, which the
 * browser remembers. A presenter can switch on the spot, whatever the laptop is set to. The
 * theme is `data-theme` on <html> (styles.css keys the dark colours on it); index.html sets it
 * before the first paint, and this module keeps it current.
 */
import { useSyncExternalStore } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

/** The localStorage key; index.html reads it too. */
export const THEME_KEY = 'kafka-sim-theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

const listeners = new Set<() => void>();

function storedChoice(): ThemeChoice {
  try {
    const value = globalThis.localStorage?.getItem(THEME_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system'; // storage refused (a privacy setting): follow the system
  }
}

function systemTheme(): Theme {
  return globalThis.matchMedia?.(DARK_QUERY).matches === true ? 'dark' : 'light';
}

function resolve(choice: ThemeChoice): Theme {
  return choice === 'system' ? systemTheme() : choice;
}

/** Puts the theme on <html>, then tells whoever draws with its colours (canvas, charts). */
function apply(): void {
  document.documentElement.dataset.theme = resolve(storedChoice());
  for (const l of listeners) l();
}

export function setThemeChoice(choice: ThemeChoice): void {
  try {
    if (choice === 'system') globalThis.localStorage?.removeItem(THEME_KEY);
    else globalThis.localStorage?.setItem(THEME_KEY, choice);
  } catch {
    // Not remembered across reloads, but applied now.
  }
  apply();
}

/** The next choice of the theme button: system → light → dark → system. */
export function nextChoice(choice: ThemeChoice): ThemeChoice {
  return choice === 'system' ? 'light' : choice === 'light' ? 'dark' : 'system';
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const media = globalThis.matchMedia?.(DARK_QUERY);
  const change = () => apply();
  media?.addEventListener('change', change);
  return () => {
    listeners.delete(listener);
    media?.removeEventListener('change', change);
  };
}

/** "choice:theme", e.g. "system:dark": one string, so React compares snapshots by value. */
function snapshot(): string {
  const choice = storedChoice();
  return `${choice}:${resolve(choice)}`;
}

/** The person's choice and the theme in effect; re-renders when either changes. */
export function useTheme(): { choice: ThemeChoice; theme: Theme } {
  const [choice, theme] = useSyncExternalStore(subscribe, snapshot, () => 'system:light').split(
    ':',
  ) as [ThemeChoice, Theme];
  return { choice, theme };
}
