/**
 * The canvas's focus button, under the zoom buttons (also the F key): folds the side panel
 * away so the canvas takes the whole width, for a projector or a small screen. Selecting
 * something still opens the inspector; closing it folds the panel again.
 */
import { ControlButton } from '@xyflow/react';
import { useSim } from './StoreContext.tsx';

export function FocusButton() {
  const focus = useSim((s) => s.focus);
  const setFocus = useSim((s) => s.setFocus);
  return (
    <ControlButton
      className="focus-button"
      data-testid="focus"
      aria-pressed={focus}
      aria-label="Focus on the canvas"
      aria-keyshortcuts="F"
      title={
        focus
          ? 'Bring back the side panel: events and the scenario (F)'
          : 'Focus on the canvas: fold the side panel away (F)'
      }
      onClick={() => setFocus(!focus)}
    >
      {focus ? '⇤' : '⇥'}
    </ControlButton>
  );
}
