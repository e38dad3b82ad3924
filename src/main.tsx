/** The page: one store, one playback clock (requestAnimationFrame), one React tree. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { browserFrameScheduler } from './store/playback.ts';
import { SHIPPED_SCENARIOS } from './scenario/shipped.ts';
import { scenarioEntry, scenarioNameFromQuery } from './store/scenarios.ts';
import { createSimulationStore } from './store/simulationStore.ts';
import { App } from './ui/App.tsx';
import { StoreProvider } from './ui/StoreContext.tsx';

const scenarios = SHIPPED_SCENARIOS.map(scenarioEntry);
const asked = scenarioNameFromQuery(window.location.search);
const store = createSimulationStore({
  scenarios,
  initialScenario: asked,
  scheduler: browserFrameScheduler(),
});
if (asked !== null && !scenarios.some((s) => s.name === asked)) {
  store
    .getState()
    .notify(
      `There is no scenario called “${asked}”; showing “${store.getState().scenario.title}”.`,
      'info',
    );
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StoreProvider store={store}>
      <App />
    </StoreProvider>
  </StrictMode>,
);
