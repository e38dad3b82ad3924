/**
 * Light or dark: the system's (prefers-color-scheme) unless the person picked one, which the
 * browser remembers. A presenter can switch on the spot, whatever the laptop is set to. The
 * theme is `data-theme` on <html> (styles.css keys the dark colours on it); index.html sets it
 * before the first paint, and this module keeps it current: when the person picks, when the
 * system switches, and when another tab of the page picks.
 */
import { useSyncExternalStore } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

/** The localStorage key; index.html reads it too. */
export const THEME_KEY = 'kafka-sim-theme';
const DARK_QUERY = '(prefers-color-scheme: dark)';

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

let choice: ThemeChoice = storedChoice();
/** "choice:theme", e.g. "system:dark": one string, so React compares snapshots by value. */
let current = `${choice}:${choice === 'system' ? systemTheme() : choice}`;
const listeners = new Set<() => void>();

/** Puts the theme on <html>, then tells whoever draws with its colours (canvas, charts). */
function apply(): void {
  const theme = choice === 'system' ? systemTheme() : choice;
  document.documentElement.dataset.theme = theme;
  const next = `${choice}:${theme}`;
  if (next === current) return;
  current = next;
  for (const l of listeners) l();
}

export function setThemeChoice(next: ThemeChoice): void {
  choice = next;
  try {
    if (next === 'system') globalThis.localStorage?.removeItem(THEME_KEY);
    else globalThis.localStorage?.setItem(THEME_KEY, next);
  } catch {
    // Not remembered across reloads, but applied now.
  }
  apply();
}

/**
 * The theme button's next choice: from the system's theme to the other one, then back to the
 * system's theme picked for good, then to following the system again (every click changes
 * something the person can tell: the colours, or whether they follow the system).
 */
export function nextChoice(now: ThemeChoice, theme: Theme): ThemeChoice {
  const system = systemTheme();
  if (now === 'system') return theme === 'dark' ? 'light' : 'dark';
  return now === system ? 'system' : system;
}

const onSystemChange = (): void => apply();
const onStorage = (e: StorageEvent): void => {
  if (e.key !== THEME_KEY && e.key !== null) return;
  choice = storedChoice();
  apply();
};

function subscribe(listener: () => void): () => void {
  // One pair of page-wide listeners, while anyone listens.
  if (listeners.size === 0) {
    globalThis.matchMedia?.(DARK_QUERY).addEventListener('change', onSystemChange);
    globalThis.addEventListener?.('storage', onStorage);
    apply(); // the system may have switched since this module loaded
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    globalThis.matchMedia?.(DARK_QUERY).removeEventListener('change', onSystemChange);
    globalThis.removeEventListener?.('storage', onStorage);
  };
}

/** The person's choice and the theme in effect; re-renders when either changes. */
export function useTheme(): { choice: ThemeChoice; theme: Theme } {
  const [c, theme] = useSyncExternalStore(
    subscribe,
    () => current,
    () => 'system:light',
  ).split(':') as [ThemeChoice, Theme];
  return { choice: c, theme };
}
