/**
 * What the top bar's Export and Link buttons do: save the run as a scenario file, or copy it
 * as a link (store/shareLink.ts). Loaded on the first click, not with the page.
 */
import { exportRunOf } from '../store/exportRun.ts';
import { encodeRun, linkOfRun } from '../store/shareLink.ts';
import type { SimulationStoreState } from '../store/simulationStore.ts';
import { showRunLink } from './address.ts';

type Store = { getState(): SimulationStoreState };

const NOTHING_TO_SAVE = 'This scenario has no configuration to save: it did not load.';

/** Downloads the run so far as a scenario file (JSON). */
export function saveRunFile(store: Store): void {
  const s = store.getState();
  const run = exportRunOf(s);
  if (!run) return s.notify(NOTHING_TO_SAVE);
  const blob = new Blob([`${JSON.stringify(run.scenario, null, 2)}\n`], {
    type: 'application/json',
  });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = run.fileName;
  a.click();
  URL.revokeObjectURL(url);
}

/** Puts `text` on the clipboard; rejects where there is none (a page served over plain http). */
function copyText(text: string): Promise<void> {
  // navigator.clipboard is absent outside secure contexts, though typed as always there.
  const clipboard = navigator.clipboard as Clipboard | undefined;
  return clipboard ? clipboard.writeText(text) : Promise.reject(new Error('no clipboard'));
}

/**
 * Copies a link to the run so far and puts it in the address bar too, for when the clipboard
 * is out of reach; says which, and what opening it does.
 */
export async function copyRunLink(store: Store): Promise<void> {
  const s = store.getState();
  const run = exportRunOf(s);
  if (!run) return s.notify(NOTHING_TO_SAVE);
  const link = linkOfRun(window.location.href, await encodeRun(JSON.stringify(run.scenario)));
  showRunLink(link);
  const n = run.scenario.timeline?.length ?? 0;
  const said = `Opening it replays this run from the start${n === 0 ? '' : `, with the ${n} command${n === 1 ? '' : 's'} of its timeline`}.`;
  await copyText(link).then(
    () => s.notify(`Link copied. ${said}`, 'info'),
    () =>
      s.notify(`The address bar holds the link (the clipboard was out of reach). ${said}`, 'info'),
  );
}
