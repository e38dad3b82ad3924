/**
 * The "?" button and the help panel it opens (also on the ? key): the keyboard shortcuts, the
 * questions each scenario answers, and what the simulator simplifies (HelpPanel.tsx).
 */
import { lazy, Suspense } from 'react';
import './menus.css';
import { useSim } from './StoreContext.tsx';

export function ShortcutHelpButton() {
  const open = useSim((s) => s.helpOpen);
  const setOpen = useSim((s) => s.setHelpOpen);
  return (
    <button
      type="button"
      className="button help-button"
      aria-expanded={open}
      aria-label="Help: lessons and keyboard shortcuts"
      title="Help: the questions each scenario answers, the keyboard shortcuts, what the simulator simplifies (?)"
      data-testid="help-toggle"
      onClick={() => setOpen(!open)}
    >
      ?
    </button>
  );
}

/** The panel's code (with the simplification notes) loads when it is first opened. */
const HelpPanel = lazy(() => import('./HelpPanel.tsx'));

export function ShortcutHelp({ onPickScenario }: { onPickScenario: (name: string) => void }) {
  const open = useSim((s) => s.helpOpen);
  const setOpen = useSim((s) => s.setHelpOpen);
  if (!open) return null;
  return (
    <Suspense fallback={null}>
      <HelpPanel onClose={() => setOpen(false)} onPickScenario={onPickScenario} />
    </Suspense>
  );
}
