/** A refused value, explained in place (a config the engine refused, a bad form field). */
import { useEffect, useRef } from 'react';

/** The engine's reason for refusing a value, scrolled into sight when it appears. */
export function Refused({ testId, reason }: { testId: string; reason: string }) {
  const el = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    // In braces: scrollIntoView returns a promise in recent browsers, and an effect may not.
    el.current?.scrollIntoView({ block: 'nearest' });
  }, [reason]);
  return (
    <p ref={el} className="cfg-error" role="alert" data-testid={testId}>
      Refused: {reason}
    </p>
  );
}
