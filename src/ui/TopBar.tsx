/**
 * The top bar: the simulated clock (always visible), play/pause, step, speed, reset, the
 * scenario and its seed.
 */
import { useCallback, type ChangeEvent } from 'react';
import { STEP_MS } from '../store/simulationStore.ts';
import { formatSpeed, SLIDER_MAX, sliderToSpeed, speedToSlider } from '../store/speed.ts';
import { forgetRunLink } from './address.ts';
import { formatClock } from './format.ts';
import { ShortcutHelpButton } from './ShortcutHelp.tsx';
import { ThemeButton } from './ThemeButton.tsx';
import { useSim, useSimulationStore } from './StoreContext.tsx';

function Clock() {
  const nowMs = useSim((s) => s.nowMs);
  return (
    <output className="clock" data-testid="clock" aria-label="Simulated time" data-ms={nowMs}>
      {formatClock(nowMs)}
    </output>
  );
}

function ScenarioPicker({ onPick }: { onPick: (name: string) => void }) {
  const scenarios = useSim((s) => s.scenarios);
  const current = useSim((s) => s.scenario);
  if (scenarios.length < 2) {
    return (
      <span className="scenario-name" data-testid="scenario-name">
        {current.title}
      </span>
    );
  }
  return (
    <label className="field" title={current.description}>
      <span className="field-label">Scenario</span>
      <select
        data-testid="scenario"
        value={current.name}
        onChange={(e) => {
          const select = e.currentTarget;
          onPick(select.value);
          // A focused select keeps the keyboard: Space would open it instead of playing, and a
          // letter (C, the crash shortcut) would jump to another scenario and discard the run.
          select.blur();
        }}
      >
        {scenarios.map((s) => (
          <option key={s.name} value={s.name}>
            {s.title}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Opens a scenario file (JSON). A broken file changes nothing: a notice lists its problems
 * with their JSON paths, and the running simulation goes on.
 */
function ImportScenario() {
  const importScenario = useSim((s) => s.importScenario);
  const notify = useSim((s) => s.notify);
  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    file.text().then(
      (text) => {
        if (importScenario(text, file.name)) forgetRunLink();
      },
      (err: unknown) => notify(`Could not read ${file.name}: ${String(err)}`),
    );
    // The same file again must fire a change too.
    input.value = '';
  };
  return (
    <label className="button import-button" title="Open a scenario file (JSON)">
      Import…
      <input
        type="file"
        accept=".json,application/json"
        className="visually-hidden"
        data-testid="import-scenario"
        onChange={onChange}
      />
    </label>
  );
}

/** A top-bar button that acts on the running simulation: off while none runs (a broken scenario). */
function RunButton({
  testId,
  title,
  onClick,
  children,
}: {
  testId: string;
  title: string;
  onClick: () => void;
  children: string;
}) {
  const ready = useSim((s) => s.simulation !== null);
  return (
    <button
      type="button"
      className="button"
      data-testid={testId}
      disabled={!ready}
      onClick={onClick}
      title={title}
    >
      {children}
    </button>
  );
}

/**
 * Saves the run so far as a scenario file: the scenario's configuration and seed, and every
 * command issued so far at its simulated time. Importing the file replays the run.
 */
function ExportScenario() {
  const store = useSimulationStore();
  const notify = useSim((s) => s.notify);
  const onClick = () => {
    // The export code loads on the first click, not with the page (runFiles.ts).
    import('./runFiles.ts').then(
      ({ saveRunFile }) => saveRunFile(store),
      (err: unknown) => notify(`Could not export: ${String(err)}`),
    );
  };
  return (
    <RunButton
      testId="export-scenario"
      onClick={onClick}
      title="Save this run as a scenario file (JSON): its configuration, seed and the commands issued so far. Import it to replay the run."
    >
      Export
    </RunButton>
  );
}

/**
 * Copies a link to this run (runFiles.ts, store/shareLink.ts): the scenario and every command
 * issued so far, in the address's fragment. Opening it replays the run from the start.
 */
function ShareLink() {
  const store = useSimulationStore();
  const notify = useSim((s) => s.notify);
  const onClick = () => {
    import('./runFiles.ts')
      .then(({ copyRunLink }) => copyRunLink(store))
      .catch((err: unknown) => notify(`Could not make a link: ${String(err)}`));
  };
  return (
    <RunButton
      testId="share-link"
      onClick={onClick}
      title="Copy a link to this run: its configuration, seed and the commands issued so far. Opening the link replays the run."
    >
      Link
    </RunButton>
  );
}

function SpeedControl() {
  const speed = useSim((s) => s.speed);
  const reached = useSim((s) => s.reachedSpeed);
  const setSpeed = useSim((s) => s.setSpeed);
  return (
    <label className="field speed" title="Playback speed: simulated time per wall-clock time">
      <span className="field-label">Speed</span>
      <input
        type="range"
        data-testid="speed"
        min={0}
        max={SLIDER_MAX}
        step={1}
        value={speedToSlider(speed)}
        onChange={(e) => setSpeed(sliderToSpeed(Number(e.currentTarget.value)))}
        onDoubleClick={() => setSpeed(1)}
        aria-valuetext={formatSpeed(speed)}
      />
      <span className="speed-value" data-testid="speed-value">
        {formatSpeed(speed)}
      </span>
      {reached !== null && (
        <span
          className="speed-reached"
          data-testid="speed-reached"
          role="status"
          title="The simulation cannot do this much work per frame on this machine: simulated time runs slower than asked, and stays exact. A smaller cluster or a lower speed keeps up."
        >
          running at {formatSpeed(reached)}
        </span>
      )}
    </label>
  );
}

export function TopBar({ onPickScenario }: { onPickScenario: (name: string) => void }) {
  const playing = useSim((s) => s.playing);
  const ready = useSim((s) => s.simulation !== null);
  const seed = useSim((s) => s.scenario.setup?.seed ?? null);
  const togglePlay = useSim((s) => s.togglePlay);
  const step = useSim((s) => s.step);
  const reset = useSim((s) => s.reset);
  const stepOnce = useCallback(() => step(STEP_MS), [step]);
  return (
    <header className="topbar">
      <div className="topbar-group">
        <h1 className="brand">Kafka simulator</h1>
        <ScenarioPicker onPick={onPickScenario} />
        <ImportScenario />
        <ExportScenario />
        <ShareLink />
      </div>
      <div className="topbar-group transport">
        <Clock />
        <button
          type="button"
          className={`button button-primary${playing ? ' is-playing' : ''}`}
          data-testid="play"
          aria-pressed={playing}
          disabled={!ready}
          onClick={togglePlay}
          title="Play or pause (Space)"
        >
          <span aria-hidden="true" className="button-icon">
            {playing ? '❚❚' : '▶'}
          </span>
          {playing ? 'Pause' : 'Play'}
        </button>
        <button
          type="button"
          className="button"
          data-testid="step"
          disabled={!ready}
          onClick={stepOnce}
          title={`Advance simulated time by ${STEP_MS} ms`}
        >
          +{STEP_MS} ms
        </button>
        <button
          type="button"
          className="button"
          data-testid="reset"
          onClick={reset}
          title="Start this scenario again from t = 0"
        >
          Reset
        </button>
      </div>
      <div className="topbar-group">
        <SpeedControl />
        {seed !== null && (
          <span className="seed" data-testid="seed" title="The seed decides every random choice">
            seed {seed}
          </span>
        )}
        <ThemeButton />
        <ShortcutHelpButton />
      </div>
    </header>
  );
}
