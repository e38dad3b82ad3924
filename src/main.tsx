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

/**
 * A shared run (`#run=…`, store/shareLink.ts): imported over the first scenario once the page
 * runs, or when a link is pasted into the address bar of the open page (only the fragment
 * changes: no reload). A damaged link, or a run the importer refuses, leaves what runs running
 * and says why. Unpacking takes a moment: a scenario picked meanwhile wins over the link.
 */
function openRunLink(store: ReturnType<typeof start>, value: string): void {
  const runBefore = store.getState().run;
  const stillAsked = () =>
    runOfHash(window.location.hash) === value && store.getState().run === runBefore;
  import('./store/shareLink.ts')
    .then(({ decodeRun }) => decodeRun(value))
    .then(
      (text) => {
        if (stillAsked()) store.getState().importScenario(text, 'the link');
      },
      (err: unknown) => {
        if (!stillAsked()) return;
        store
          .getState()
          .notify(
            `Could not open the link: ${err instanceof Error ? err.message : String(err)}. Showing “${store.getState().scenario.title}”.`,
            'error',
          );
      },
    );
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
    const run = runOfHash(window.location.hash);
    if (run !== null) openRunLink(store, run);
    // history.replaceState (a link made here) fires no hashchange: only a link pasted in.
    window.addEventListener('hashchange', () => {
      const pasted = runOfHash(window.location.hash);
      if (pasted !== null) openRunLink(store, pasted);
    });
  },
  (err: unknown) => {
    root.textContent = `Could not load the scenario “${firstName}”: ${String(err)}. Reload the page to try again.`;
  },
);
