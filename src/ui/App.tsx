import { ReactFlowProvider } from '@xyflow/react';
import { IMPORTED_SCENARIO } from '../store/simulationStore.ts';
import { loadShippedEntry } from '../store/lazyScenarios.ts';
import { lazy, Suspense, useCallback } from 'react';
import { Canvas } from './canvas/Canvas.tsx';
import { EventList } from './EventList.tsx';
import { LogPanel } from './logview/LogPanel.tsx';
import { ScenarioNote } from './ScenarioNote.tsx';
import { ShortcutHelp } from './ShortcutHelp.tsx';
import { useSim, useSimulationStore } from './StoreContext.tsx';
import { TopBar } from './TopBar.tsx';
import { useEntityShortcuts } from './useEntityShortcuts.ts';
import { useSpaceToPlay } from './useSpaceToPlay.ts';
import './styles.css';

/** The inspector's code loads when something is first selected, not with the page. */
const Inspector = lazy(() =>
  import('./inspector/Inspector.tsx').then((m) => ({ default: m.Inspector })),
);

/** The list of a broken scenario's problems: its code loads only when a scenario is broken. */
const SetupProblems = lazy(() =>
  import('./SetupProblems.tsx').then((m) => ({ default: m.SetupProblems })),
);

/** Notices (a rejected command, a broken file): their code loads with the first one. */
const Toasts = lazy(() => import('./Toasts.tsx').then((m) => ({ default: m.Toasts })));

function ToastSlot() {
  const any = useSim((s) => s.toasts.length > 0);
  if (!any) return null;
  return (
    <Suspense fallback={null}>
      <Toasts />
    </Suspense>
  );
}

/**
 * The side panel: the inspector (or the scenario's note) above the event list. In focus mode
 * (F) it is folded away, and opens with the inspector alone while something is selected.
 */
function Sidebar() {
  const running = useSim((s) => s.simulation !== null);
  const focus = useSim((s) => s.focus);
  const selected = useSim((s) => s.selected !== null);
  if (focus && !(running && selected)) return null;
  return (
    <aside className={focus ? 'sidebar is-inspector-only' : 'sidebar'} data-testid="sidebar">
      {running && <InspectorSlot />}
      {!focus && <EventList />}
    </aside>
  );
}

function InspectorSlot() {
  const selected = useSim((s) => s.selected !== null);
  if (!selected) return <ScenarioNote />;
  return (
    <Suspense fallback={null}>
      <Inspector />
    </Suspense>
  );
}

/** The context menu's code loads when a menu is first opened (a right-click), not with the page. */
const ContextMenu = lazy(() =>
  import('./ContextMenu.tsx').then((m) => ({ default: m.ContextMenu })),
);

function ContextMenuSlot() {
  const open = useSim((s) => s.menu !== null);
  return open ? (
    <Suspense fallback={null}>
      <ContextMenu />
    </Suspense>
  ) : null;
}

/** Keeps `?scenario=<name>` in the address bar in step with the picker, for sharing. */
function rememberScenario(name: string): void {
  const url = new URL(window.location.href);
  url.searchParams.set('scenario', name);
  window.history.replaceState(null, '', url);
}

export function App() {
  const store = useSimulationStore();
  const running = useSim((s) => s.simulation !== null);
  const togglePlay = useSim((s) => s.togglePlay);
  const folded = useSim((s) => s.focus && !(s.simulation !== null && s.selected !== null));
  useSpaceToPlay(togglePlay);
  useEntityShortcuts(store);
  const pick = useCallback(
    (name: string) => {
      const open = () => {
        // An imported file has no link of its own: the address keeps the last shipped one.
        if (store.getState().loadScenario(name) && name !== IMPORTED_SCENARIO)
          rememberScenario(name);
      };
      const entry = store.getState().scenarios.find((s) => s.name === name);
      if (!entry?.pending) return open();
      // A shipped scenario's file loads when it is first opened (lazyScenarios.ts).
      loadShippedEntry(name).then(
        (loaded) => {
          if (loaded) store.getState().provideScenario(loaded);
          open();
        },
        (err: unknown) =>
          store.getState().notify(`Could not load the scenario “${name}”: ${String(err)}`),
      );
    },
    [store],
  );
  return (
    <div className="app">
      <TopBar onPickScenario={pick} />
      <div className="workspace">
        <main className={folded ? 'main is-folded' : 'main'}>
          <ReactFlowProvider>
            {running ? (
              <Canvas />
            ) : (
              <Suspense fallback={null}>
                <SetupProblems />
              </Suspense>
            )}
          </ReactFlowProvider>
          <Sidebar />
        </main>
        {running && <LogPanel />}
      </div>
      <ToastSlot />
      <ContextMenuSlot />
      <ShortcutHelp onPickScenario={pick} />
    </div>
  );
}
