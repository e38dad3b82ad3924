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

let loading: Promise<void> | null = null;

/**
 * The entity actions load when first wanted (a pointer press, or a key with something selected),
 * not with the page: drawing the cluster does not need them.
 */
function loadActions(): Promise<void> {
  loading ??= import('./actions.ts').then((m) => {
    actions = m;
  });
  return loading;
}

export function useEntityShortcuts(store: SimulationStore): void {
  useEffect(() => {
    const press = () => void loadActions();
    const down = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || isTyping(e.target)) return;
      const s = store.getState();
      if (e.key === '?') {
        e.preventDefault();
        s.setHelpOpen(!s.helpOpen);
        return;
      }
      if ((e.key === 'f' || e.key === 'F') && !s.menu) {
        e.preventDefault();
        s.setFocus(!s.focus);
        return;
      }
      if (e.key === 'Escape') {
        if (s.helpOpen) s.setHelpOpen(false);
        else if (s.selected) s.select(null);
        return;
      }
      if (s.menu || !s.selected || !s.simulation) return;
      if (!actions) {
        // The first shortcut loads the actions, then acts (its default action can no longer be
        // prevented, which no shortcut key needs).
        void loadActions().then(() => down(e));
        return;
      }
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
    window.addEventListener('pointerdown', press, { capture: true, passive: true });
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('pointerdown', press, { capture: true });
    };
  }, [store]);
}
