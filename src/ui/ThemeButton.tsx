/** The top bar's theme button: following the system, the other theme, the system's for good (theme.ts). */
import { nextChoice, setThemeChoice, useTheme, type ThemeChoice } from './theme.ts';

const WORDS: Record<ThemeChoice, string> = {
  system: 'follows the system',
  light: 'light',
  dark: 'dark',
};

const GLYPH: Record<ThemeChoice, string> = { system: '◐', light: '☀', dark: '☾' };

export function ThemeButton() {
  const { choice, theme } = useTheme();
  const next = nextChoice(choice, theme);
  const now = choice === 'system' ? `${WORDS.system} (${theme} now)` : WORDS[choice];
  return (
    <button
      type="button"
      className="button theme-button"
      data-testid="theme"
      data-choice={choice}
      aria-label={`Theme: ${now}. Switch to ${WORDS[next]}`}
      title={`Theme: ${now}. Click for ${WORDS[next]}`}
      onClick={() => setThemeChoice(next)}
    >
      {GLYPH[choice]}
    </button>
  );
}
