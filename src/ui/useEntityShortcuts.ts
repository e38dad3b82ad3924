/**
 * Keyboard shortcuts for the selected entity (C crash, R restart, I isolate/heal, L leave,
 * Delete remove …, see actions.ts), ? for their help and Escape to deselect. They never fire
 * while a person types in a field, and not with Ctrl, Alt or Meta (the browser's own keys).
 */
import { useEffect } from 'react';
import type { SimulationStore } from '../store/simulationStore.ts';
import type * as Actions from './actions.ts';

/** The actions (with all their hints) load just after the page starts, not before it draws. */
let actions: typeof Actions | null = null;

/** Whether a key press goes to a field that takes text (or a choice) rather than to the page. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement)
    return !['range', 'checkbox', 'radio', 'button', 'submit', 'reset', 'file'].includes(
      target.type,
    );
  return false;
}

export function useEntityShortcuts(store: SimulationStore): void {
  useEffect(() => {
    void import('./actions.ts').then((m) => {
      actions = m;
    });
    const down = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || isTyping(e.target)) return;
      const s = store.getState();
      if (e.key === '?') {
        e.preventDefault();
        s.setHelpOpen(!s.helpOpen);
        return;
      }
      if (e.key === 'Escape') {
        if (s.helpOpen) s.setHelpOpen(false);
        else if (s.selected) s.select(null);
        return;
      }
      if (s.menu || !s.selected || !s.simulation || !actions) return;
      const action = actions.actionForKey(
        actions.entityActions(s.simulation.state, s.selected),
        e.key,
      );
      if (!action) return;
      e.preventDefault();
      if (action.ui === 'showLog' && s.selected.kind === 'partition') s.select(s.selected);
      for (const command of action.commands) s.send(command);
    };
    window.addEventListener('keydown', down);
    return () => window.removeEventListener('keydown', down);
  }, [store]);
}
