/**
 * Loads the animated chip (chipMotion.tsx, with framer-motion) when the person first presses
 * a key or a pointer, or after ten seconds, whichever comes first. Until then chips are plain
 * elements: nothing can move before the simulation does, which takes a click or a key (play,
 * step, a command), so the page's first frames do not wait for framer-motion. One load serves
 * every chip, and a remounted canvas does not load it again; if the chunk cannot load, the
 * chips stay plain (they still move, without animating).
 */
import { useSyncExternalStore, type ComponentType } from 'react';
import type { ChipLook } from './chipLook.ts';

const FALLBACK_MS = 10_000;

let animated: ComponentType<ChipLook> | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

function firstInput(): Promise<void> {
  return new Promise<void>((resolve) => {
    const events = ['pointerdown', 'keydown'] as const;
    const go = () => {
      for (const e of events) window.removeEventListener(e, go, true);
      clearTimeout(timer);
      resolve();
    };
    for (const e of events) window.addEventListener(e, go, true);
    const timer = setTimeout(go, FALLBACK_MS);
  });
}

function load(): void {
  loading ??= firstInput()
    .then(() => import('./chipMotion.tsx'))
    .then(
      (m) => {
        animated = m.AnimatedChip;
        for (const l of listeners) l();
      },
      () => undefined,
    );
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  load();
  return () => listeners.delete(listener);
}

/** The animated chip once it has loaded, else null (draw a plain one). */
export function useAnimatedChip(): ComponentType<ChipLook> | null {
  return useSyncExternalStore(
    subscribe,
    () => animated,
    () => null,
  );
}
