/**
 * The charts' data, read from the store outside React's render ("transient updates", as
 * zustand calls them): the store changes every animation frame while playing, but the charts
 * change only when the engine took a new sample (once per simulated second), and are redrawn at
 * most CHART_UPDATES_PER_SEC times per second of wall time, so that at 100× they cost a few
 * milliseconds a second, not a few per frame. Paused, a change (a step, a command) shows at once.
 */
import { useEffect, useState } from 'react';
import type { Simulation } from '../../engine/simulation.ts';
import type { SimulationStoreState } from '../../store/simulationStore.ts';
import { useSimulationStore } from '../StoreContext.tsx';
import { chartModels, chartSignature, type ChartModel } from './chartModel.ts';

export const CHART_UPDATES_PER_SEC = 3;
const MIN_WALL_MS_BETWEEN_UPDATES = 1000 / CHART_UPDATES_PER_SEC;

export function useChartModels(): ChartModel[] {
  const store = useSimulationStore();
  const [models, setModels] = useState<ChartModel[]>(() => {
    const state = store.getState().simulation?.state;
    return state ? chartModels(state) : [];
  });
  useEffect(() => {
    let shownSimulation: Simulation | null = null;
    let shownSignature = '';
    let shownAtWallMs = -Infinity;
    const update = (s: SimulationStoreState) => {
      const state = s.simulation?.state ?? null;
      const signature = chartSignature(state);
      if (s.simulation === shownSimulation && signature === shownSignature) return;
      // Wall time only paces redrawing; what is drawn comes from engine state alone. While
      // playing, the next frame brings the next chance, so a skipped update is not lost.
      const wallMs = performance.now();
      if (s.playing && wallMs - shownAtWallMs < MIN_WALL_MS_BETWEEN_UPDATES) return;
      shownSimulation = s.simulation;
      shownSignature = signature;
      shownAtWallMs = wallMs;
      setModels(state ? chartModels(state) : []);
    };
    update(store.getState());
    return store.subscribe(update);
  }, [store]);
  return models;
}
