/**
 * The right-click menu of a broker, producer, consumer, group or partition: the same actions
 * as the inspector and the keyboard (actions.ts), each sending its commands. It closes on a
 * choice, Escape, a click elsewhere, or when its entity is gone.
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { entityLabel, type EntityRef } from '../store/entities.ts';
import { entityActions, type EntityAction } from './actions.ts';
import './menus.css';
import { useSim, useSimulationStore } from './StoreContext.tsx';

/** Runs an action: its commands in order, or what it does in the UI. */
export function useRunAction(): (entity: EntityRef, action: EntityAction) => void {
  const store = useSimulationStore();
  return (entity, action) => {
    const s = store.getState();
    if (action.ui === 'showLog' && entity.kind === 'partition') s.select(entity);
    for (const command of action.commands) s.send(command);
  };
}

const MARGIN = 8;

export function ContextMenu() {
  const store = useSimulationStore();
  const menu = useSim((s) => s.menu);
  const version = useSim((s) => (s.menu ? s.version : -1));
  const simulation = useSim((s) => s.simulation);
  const run = useRunAction();
  const box = useRef<HTMLDivElement>(null);
  const [at, setAt] = useState<{ left: number; top: number } | null>(null);

  const actions = useMemo(() => {
    void version;
    return menu && simulation ? entityActions(simulation.state, menu.entity) : [];
  }, [menu, simulation, version]);

  // Keep the menu inside the window: flip it left or up when it would overflow.
  useLayoutEffect(() => {
    const el = box.current;
    if (!menu || !el) {
      setAt(null);
      return;
    }
    const { width, height } = el.getBoundingClientRect();
    setAt({
      left: Math.max(MARGIN, Math.min(menu.x, window.innerWidth - width - MARGIN)),
      top: Math.max(MARGIN, Math.min(menu.y, window.innerHeight - height - MARGIN)),
    });
  }, [menu]);

  useEffect(() => {
    if (!menu) return;
    const close = () => store.getState().openMenu(null);
    const onDown = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) close();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        close();
      }
    };
    window.addEventListener('pointerdown', onDown, true);
    window.addEventListener('keydown', onKey, true);
    window.addEventListener('blur', close);
    window.addEventListener('resize', close);
    return () => {
      window.removeEventListener('pointerdown', onDown, true);
      window.removeEventListener('keydown', onKey, true);
      window.removeEventListener('blur', close);
      window.removeEventListener('resize', close);
    };
  }, [menu, store]);

  // Focus the first item, so the keyboard can go on from there.
  useEffect(() => {
    if (at) box.current?.querySelector<HTMLButtonElement>('button')?.focus();
  }, [at]);

  if (!menu) return null;
  const entity = menu.entity;
  return (
    <div
      ref={box}
      className="context-menu"
      role="menu"
      aria-label={`Actions for ${entityLabel(entity)}`}
      data-testid="context-menu"
      style={at ? { left: at.left, top: at.top } : { left: menu.x, top: menu.y, opacity: 0 }}
      onContextMenu={(e) => e.preventDefault()}
      onKeyDown={(e) => {
        if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
        e.preventDefault();
        const items = [...(box.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
        const i = items.indexOf(document.activeElement as HTMLButtonElement);
        const next = items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length];
        next?.focus();
      }}
    >
      <div className="context-menu-title">{entityLabel(entity)}</div>
      {actions.length === 0 && <div className="context-menu-empty">Nothing to do here</div>}
      {actions.map((a) => (
        <button
          key={a.id}
          type="button"
          role="menuitem"
          className={`context-menu-item${a.danger ? ' is-danger' : ''}`}
          data-testid={`menu-${a.id}`}
          title={a.hint}
          onClick={() => {
            store.getState().openMenu(null);
            run(entity, a);
          }}
        >
          <span>{a.label}</span>
          {a.key && <kbd>{a.key === 'Delete' ? 'Del' : a.key.toUpperCase()}</kbd>}
        </button>
      ))}
    </div>
  );
}
