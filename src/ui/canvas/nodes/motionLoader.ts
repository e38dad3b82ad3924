/**
 * Loads the canvas's animated parts (canvasMotion.tsx, with framer-motion) when the person
 * first presses a key or a pointer, or after ten seconds, whichever comes first. Until then
 * they are plain elements: nothing can move before the simulation does, which takes a click or
 * a key (play, step, a command), so the page's first frames do not wait for framer-motion. One
 * load serves every part, and a remounted canvas does not load it again; if the chunk cannot
 * load, the parts stay plain (the canvas still changes, without animating) until a later try
 * succeeds.
 */
import { useSyncExternalStore } from 'react';
import type * as CanvasMotionModule from './canvasMotion.tsx';

type CanvasMotion = typeof CanvasMotionModule;

const FALLBACK_MS = 10_000;

let loaded: CanvasMotion | null = null;
let loading: Promise<void> | null = null;
const listeners = new Set<() => void>();

/** Resolves at the first key or pointer press, or after `fallbackMs` when given. */
function nextInput(fallbackMs: number | null): Promise<void> {
  return new Promise<void>((resolve) => {
    const events = ['pointerdown', 'keydown'] as const;
    const go = () => {
      for (const e of events) window.removeEventListener(e, go, true);
      clearTimeout(timer);
      resolve();
    };
    for (const e of events) window.addEventListener(e, go, true);
    const timer = fallbackMs === null ? undefined : setTimeout(go, fallbackMs);
  });
}

function load(fallbackMs: number | null = FALLBACK_MS): void {
  loading ??= nextInput(fallbackMs)
    .then(() => import('./canvasMotion.tsx'))
    .then(
      (m) => {
        loaded = m;
        for (const l of listeners) l();
      },
      (err: unknown) => {
        // The parts stay plain; the next key or pointer press (not a timer) tries again, which
        // helps where the browser retries a failed module fetch (a dropped connection); after a
        // new deployment replaced the chunk's file only a reload helps.
        console.warn('The canvas animations could not be loaded; trying again later.', err);
        loading = null;
        if (listeners.size > 0) load(null);
      },
    );
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  load();
  return () => listeners.delete(listener);
}

/** The animated parts once they have loaded, else null (draw the plain ones). */
export function useCanvasMotion(): CanvasMotion | null {
  return useSyncExternalStore(
    subscribe,
    () => loaded,
    () => null,
  );
}
