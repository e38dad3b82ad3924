// Opening a run shared as a link; loaded only when the address carries one (main.tsx).
import { runOfHash } from '../store/runLinkParam.ts';
import { decodeRun } from '../store/shareLink.ts';
import type { SimulationStoreState } from '../store/simulationStore.ts';

type Store = { getState(): SimulationStoreState };

/**
 * A shared run (`#run=…`, store/shareLink.ts): imported over the first scenario once the page
 * runs, or when a link is pasted into the address bar of the open page (only the fragment
 * changes: no reload). A damaged link, or a run the importer refuses, leaves what runs running
 * and says why. Unpacking takes a moment: a scenario picked meanwhile wins over the link.
 */
export function openRunLink(store: Store, value: string): void {
  const runBefore = store.getState().run;
  const stillAsked = () =>
    runOfHash(window.location.hash) === value && store.getState().run === runBefore;
  decodeRun(value).then(
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
