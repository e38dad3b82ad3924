/**
 * How React reaches the store: one context holding the vanilla store, and `useSim`, which
 * re-renders a component only when the slice it selects changes.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { SimulationStore, SimulationStoreState } from '../store/simulationStore.ts';

const StoreContext = createContext<SimulationStore | null>(null);

export function StoreProvider({
  store,
  children,
}: {
  store: SimulationStore;
  children: ReactNode;
}) {
  return <StoreContext.Provider value={store}>{children}</StoreContext.Provider>;
}

export function useSimulationStore(): SimulationStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useSimulationStore must be used inside <StoreProvider>');
  return store;
}

/**
 * Selects a slice of the store. The engine state is mutated in place, so a selector that
 * reads `simulation.state` must also depend on `version` (see canvas/useCanvas.ts).
 */
export function useSim<T>(selector: (state: SimulationStoreState) => T): T {
  return useStore(useSimulationStore(), selector);
}
