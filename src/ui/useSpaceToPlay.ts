/**
 * Space toggles play/pause anywhere on the page, as in a video player, except where Space
 * types or chooses something (text fields, selects). On a focused button the browser would
 * otherwise "click" it on key up: after pressing Reset, Space must play, not reset again.
 */
import { useEffect } from 'react';

function typesSpace(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['range', 'checkbox', 'radio', 'button', 'submit', 'reset'].includes(target.type);
  }
  return false;
}

export function useSpaceToPlay(toggle: () => void): void {
  useEffect(() => {
    const isSpace = (e: KeyboardEvent) =>
      e.code === 'Space' && !e.ctrlKey && !e.metaKey && !e.altKey && !typesSpace(e.target);
    const down = (e: KeyboardEvent) => {
      if (!isSpace(e)) return;
      e.preventDefault();
      if (!e.repeat) toggle();
    };
    // Stops a focused button from activating on key up.
    const up = (e: KeyboardEvent) => {
      if (isSpace(e)) e.preventDefault();
    };
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
    };
  }, [toggle]);
}
