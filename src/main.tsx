/** The page: one store, one playback clock (requestAnimationFrame), one React tree. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadShippedEntry, pendingScenarioEntries } from './store/lazyScenarios.ts';
import { browserFrameScheduler } from './store/playback.ts';
import { scenarioNameFromQuery, type ScenarioEntry } from './store/scenarios.ts';
import { runOfHash } from './store/runLinkParam.ts';
import { createSimulationStore } from './store/simulationStore.ts';
import { App } from './ui/App.tsx';
import { StoreProvider } from './ui/StoreContext.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

/** Starts the page on `first`, the one scenario loaded so far. */
function start(scenarios: ScenarioEntry[], first: ScenarioEntry, asked: string | null) {
  const store = createSimulationStore({
    scenarios: scenarios.map((s) => (s.name === first.name ? first : s)),
    initialScenario: first.name,
    scheduler: browserFrameScheduler(),
  });
  if (asked !== null && asked !== first.name) {
    store
      .getState()
      .notify(`There is no scenario called “${asked}”; showing “${first.title}”.`, 'info');
  }
  createRoot(root!).render(
    <StrictMode>
      <StoreProvider store={store}>
        <App />
      </StoreProvider>
    </StrictMode>,
  );
  return store;
}

const scenarios = pendingScenarioEntries();
const asked = scenarioNameFromQuery(window.location.search);
const firstName = scenarios.some((s) => s.name === asked) ? asked! : scenarios[0]!.name;
loadShippedEntry(firstName).then(
  (first) => {
    if (!first) {
      root.textContent = `The scenario “${firstName}” is missing from this build.`;
      return;
    }
    const store = start(scenarios, first, asked);
    // A shared run (`#run=…`): its code loads only for a link (ui/openRunLink.ts).
    const open = (value: string | null) => {
      if (value === null) return;
      import('./ui/openRunLink.ts').then(
        (m) => m.openRunLink(store, value),
        (err: unknown) => store.getState().notify(`Could not open the link: ${String(err)}`),
      );
    };
    open(runOfHash(window.location.hash));
    // history.replaceState (a link made here) fires no hashchange: only a link pasted in.
    window.addEventListener('hashchange', () => open(runOfHash(window.location.hash)));
  },
  (err: unknown) => {
    root.textContent = `Could not load the scenario “${firstName}”: ${String(err)}. Reload the page to try again.`;
  },
);
