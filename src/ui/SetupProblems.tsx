/** Shown instead of the canvas when the scenario cannot start: every problem, with its path. */
import { useSim } from './StoreContext.tsx';

export function SetupProblems() {
  const problems = useSim((s) => s.problems);
  const title = useSim((s) => s.scenario.title);
  return (
    <div className="setup-problems" role="alert" data-testid="setup-problems">
      <h2>“{title}” cannot start</h2>
      <ul>
        {problems.map((p, i) => (
          <li key={i}>
            {p.path && <code>{p.path}</code>} {p.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}
