/**
 * Short notices: rejected commands and engine errors, and every problem of a file that could
 * not be imported. They stay until dismissed (the app
 * has one clock, the simulation's; notices do not run timers of their own).
 */
import { useSim } from './StoreContext.tsx';

export function Toasts() {
  const toasts = useSim((s) => s.toasts);
  const dismiss = useSim((s) => s.dismissToast);
  if (toasts.length === 0) return null;
  return (
    <div className="toasts" aria-live="assertive">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} role="alert" data-testid="toast">
          <div className="toast-text">
            {t.message}
            {t.details && (
              <ul className="toast-details">
                {t.details.map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
              </ul>
            )}
          </div>
          <button
            type="button"
            className="toast-close"
            aria-label="Dismiss"
            onClick={() => dismiss(t.id)}
          >
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
