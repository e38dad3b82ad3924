import { ReactFlowProvider } from '@xyflow/react';
import { IMPORTED_SCENARIO, type SimulationStoreState } from '../store/simulationStore.ts';
import { loadShippedEntry } from '../store/lazyScenarios.ts';
import { lazy, Suspense, useCallback } from 'react';
import { Canvas } from './canvas/Canvas.tsx';
import { EventList } from './EventList.tsx';
import { LogPanel } from './logview/LogPanel.tsx';
import { ScenarioNote } from './ScenarioNote.tsx';
import { ShortcutHelp } from './ShortcutHelp.tsx';
import { useSim, useSimulationStore } from './StoreContext.tsx';
import { rememberScenario } from './address.ts';
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
 * What the side panel shows: the inspector (or the scenario's note) above the event list; in
 * focus mode (F) nothing, or the inspector alone while something is selected. Without a
 * simulation (a broken scenario) there is no canvas to focus on, so the panel stays.
 */
function sidePanel(s: SimulationStoreState): 'full' | 'inspector' | 'none' {
  if (!s.focus || s.simulation === null) return 'full';
  return s.selected === null ? 'none' : 'inspector';
}

function Sidebar() {
  const running = useSim((s) => s.simulation !== null);
  const shows = useSim(sidePanel);
  if (shows === 'none') return null;
  return (
    <aside
      className={shows === 'inspector' ? 'sidebar is-inspector-only' : 'sidebar'}
      data-testid="sidebar"
    >
      {running && <InspectorSlot />}
      {shows === 'full' && <EventList />}
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

export function App() {
  const store = useSimulationStore();
  const running = useSim((s) => s.simulation !== null);
  const togglePlay = useSim((s) => s.togglePlay);
  const folded = useSim((s) => sidePanel(s) === 'none');
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
