/**
 * The app's one store (zustand vanilla, no React): it owns the running simulation, playback
 * (playing, speed) and the recent events. The engine mutates its state in place, so the store
 * publishes `version` and `nowMs`, which change whenever the engine moved; React components
 * select those and re-read the engine state only when they change.
 *
 * The UI changes the simulation only through `send(command)`; time moves only through the
 * playback loop (playback.ts) or an explicit `step`. What the UI has selected (the log view's
 * partition) lives here too, but it is UI state only: it never reaches the engine.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SimEvent } from '../engine/events.ts';
import type { SetupProblem } from '../engine/setup.ts';
import { createSimulation, type Simulation } from '../engine/simulation.ts';
import { formatProblem, loadScenarioText } from '../scenario/load.ts';
import {
  eventEntities,
  groupOfInState,
  instanceOfInState,
  sameEntity,
  type EntityRef,
} from './entities.ts';
import { createEventLog, ROUTINE_EVENT_LIMIT, type LoggedEvent } from './eventLog.ts';
import { createPlaybackLoop, type FrameScheduler } from './playback.ts';
import type { ScenarioEntry } from './scenarios.ts';
import { clampSpeed } from './speed.ts';

/** How many routine events the event list keeps (key events are kept beyond it: eventLog.ts). */
export const EVENT_LIMIT = ROUTINE_EVENT_LIMIT;
/** How many toasts stay on screen; older ones are still in the event list. */
export const TOAST_LIMIT = 3;
export const STEP_MS = 10;

export type { LoggedEvent };

/** The name an imported scenario goes by in the picker. */
export const IMPORTED_SCENARIO = 'imported';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  message: string;
  /** A list under the message: every problem of a file that could not be imported. */
  details?: string[];
}

/** A topic-partition the UI points at, by name and number. */
export interface PartitionRef {
  topic: string;
  partition: number;
}

export interface SimulationStoreState {
  scenarios: readonly ScenarioEntry[];
  scenario: ScenarioEntry;
  /** Null when the scenario's setup has problems (listed in `problems`). */
  simulation: Simulation | null;
  problems: SetupProblem[];
  playing: boolean;
  speed: number;
  /**
   * The speed playback really reaches while it cannot keep up with `speed` (the engine's work
   * does not fit its share of a frame), or null while it keeps up.
   */
  reachedSpeed: number | null;
  /** Changes whenever the engine state changed (time advanced or a command applied). */
  version: number;
  /**
   * Counts the runs started (reset, another scenario, an import): what the page draws of one
   * run never animates into the next (canvas layout ids and flashes carry it).
   */
  run: number;
  nowMs: number;
  /**
   * The recent events, oldest first: the newest EVENT_LIMIT routine ones, and the key ones
   * beyond them up to KEY_EVENT_LIMIT (eventLog.ts); a run of lost records is one entry.
   */
  events: LoggedEvent[];
  toasts: Toast[];
  /** The partition the log view shows, or null until one is picked (UI-only). */
  selectedPartition: PartitionRef | null;
  /** Whether the log view is expanded; picking a partition expands it (and closes the charts). */
  logViewOpen: boolean;
  /** Whether the charts are expanded (they share the bottom panel with the log view). */
  chartsOpen: boolean;
  /** The group, consumer, broker … the inspector shows, or null (UI-only). */
  selected: EntityRef | null;
  /** Only events about this entity are listed, or all when null (UI-only). */
  eventFilter: EntityRef | null;
  /** The open context menu: what it is for and where (page coordinates), or null (UI-only). */
  menu: { entity: EntityRef; x: number; y: number } | null;
  /** Whether the keyboard shortcuts' help is shown (UI-only). */
  helpOpen: boolean;
  /**
   * An offset the log view should scroll to once, instead of following the newest records
   * (UI-only): the data-loss notice opens the partition at its lost records.
   */
  logFocusOffset: number | null;
  /**
   * The oldest offset the log view draws record by record (UI-only): set with a focus offset,
   * so the lost records stay drawn, and what now sits at their offsets, while the reader looks
   * at them; cleared when another partition is chosen.
   */
  logWindowFrom: number | null;
  /**
   * Focus on the canvas (UI-only): the side panel folds away, so the canvas takes the whole
   * width; it opens with the inspector alone while something is selected.
   */
  focus: boolean;

  play(): void;
  pause(): void;
  togglePlay(): void;
  /** Advances simulated time by `ms` (default STEP_MS), playing or not. */
  step(ms?: number): void;
  setSpeed(speed: number): void;
  /** Starts the current scenario again from time 0, paused. */
  reset(): void;
  /**
   * Starts the named scenario from time 0, paused; returns false for an unknown name, or for
   * one whose file is not loaded yet (`pending`: give it with `provideScenario` first).
   */
  loadScenario(name: string): boolean;
  /** Puts a loaded scenario in the list, in place of the entry of the same name. */
  provideScenario(entry: ScenarioEntry): void;
  /**
   * Applies a command now; returns the engine's events (a rejection is one of them). A
   * rejection is also shown as a notice, unless `quiet` says the caller shows it inline.
   */
  send(command: unknown, options?: { quiet?: boolean }): SimEvent[];
  notify(message: string, kind?: Toast['kind'], details?: string[]): void;
  dismissToast(id: number): void;
  /** Shows `ref` in the log view and opens it; null clears the selection. */
  selectPartition(ref: PartitionRef | null): void;
  setLogViewOpen(open: boolean): void;
  setChartsOpen(open: boolean): void;
  /** Selects an entity for the inspector (a partition opens the log view too); null clears it. */
  select(ref: EntityRef | null): void;
  setEventFilter(ref: EntityRef | null): void;
  /** Opens the context menu of `entity` at page coordinates (and selects it); null closes it. */
  openMenu(menu: { entity: EntityRef; x: number; y: number } | null): void;
  setHelpOpen(open: boolean): void;
  setFocus(on: boolean): void;
  focusLogOffset(offset: number | null): void;
  /**
   * Starts a scenario from a file's text, paused at time 0. A file with problems changes
   * nothing: the problems are shown and the running simulation goes on. Returns success.
   */
  importScenario(text: string, fileName?: string): boolean;
}

export type SimulationStore = StoreApi<SimulationStoreState>;

export interface SimulationStoreOptions {
  scenarios: readonly ScenarioEntry[];
  /** Name of the scenario to start with; the first one when absent or unknown. */
  initialScenario?: string | null;
  scheduler: FrameScheduler;
  initialSpeed?: number;
  /** Wall clock for the engine's per-frame budget (performance.now by default). */
  clock?: () => number;
}

type Started = Pick<SimulationStoreState, 'simulation' | 'problems' | 'nowMs'>;

function start(scenario: ScenarioEntry): Started {
  if (!scenario.setup) return { simulation: null, problems: scenario.problems, nowMs: 0 };
  try {
    const result = createSimulation(scenario.setup);
    if (!result.ok) return { simulation: null, problems: result.problems, nowMs: 0 };
    return { simulation: result.simulation, problems: [], nowMs: result.simulation.state.nowMs };
  } catch (err) {
    // An engine bug must not blank the page: show it like a setup problem.
    return { simulation: null, problems: [{ path: '', reason: String(err) }], nowMs: 0 };
  }
}

function rejectionMessage(e: Extract<SimEvent, { type: 'command.rejected' }>): string {
  const type =
    typeof e.command === 'object' && e.command !== null && 'type' in e.command
      ? String(e.command.type)
      : 'command';
  return `${type} rejected: ${e.reason}`;
}

export function createSimulationStore(options: SimulationStoreOptions): SimulationStore {
  const { scenarios, scheduler } = options;
  if (scenarios.length === 0) throw new Error('createSimulationStore needs at least one scenario');
  const initial =
    scenarios.find((s) => s.name === options.initialScenario) ?? (scenarios[0] as ScenarioEntry);
  let nextEventId = 1;
  let nextToastId = 1;
  /**
   * The last group each consumer was seen in: a consumer that left is gone from the state by
   * the time its events are published, and its events still belong to its group.
   */
  let lastGroupOf = new Map<string, string>();
  // A new run (reset, another scenario) starts a new log: the old events are of another run.
  let eventLog = createEventLog();
  /**
   * The last group.instance.id each consumer was seen with, for the same reason: a static
   * member's close (no LeaveGroup) is narrated after its consumer left the state.
   */
  let lastInstanceOf = new Map<string, string | null>();

  const logEvent = (simulation: Simulation | null, event: SimEvent): LoggedEvent => {
    const state = simulation?.state;
    const groupOf = (consumer: string): string | null =>
      (state ? groupOfInState(state, consumer) : null) ?? lastGroupOf.get(consumer) ?? null;
    const entities = eventEntities(event, groupOf);
    let coordinator: number | null = null;
    let groupInstanceId: string | null = null;
    for (const e of entities) {
      if (e.kind === 'consumer') {
        const g = groupOf(e.id);
        if (g !== null) lastGroupOf.set(e.id, g);
        const known = state ? instanceOfInState(state, e.id) : undefined;
        if (known !== undefined) lastInstanceOf.set(e.id, known);
        groupInstanceId = known ?? lastInstanceOf.get(e.id) ?? null;
      }
      if (e.kind === 'group' && state && coordinator === null)
        coordinator = state.groups.find((g) => g.groupId === e.id)?.coordinator ?? null;
    }
    return { id: nextEventId++, event, entities, coordinator, groupInstanceId };
  };

  const store = createStore<SimulationStoreState>()((set, get) => {
    /** Publishes what the engine just did: new time, new version, the events it reported. */
    const published = (events: SimEvent[]): void => {
      const s = get();
      const logged = events.map((event) => logEvent(s.simulation, event));
      const all = logged.length === 0 ? s.events : eventLog.add(logged, () => nextEventId++);
      set({ version: s.version + 1, nowMs: s.simulation?.state.nowMs ?? 0, events: all });
    };

    const failed = (what: string, err: unknown): void => {
      loop.stop();
      set({ playing: false });
      get().notify(`Engine error while ${what}: ${String(err)}. Playback paused.`);
    };

    /** Runs the engine to `timeMs`; the events wait in `pending` until published. */
    let pending: SimEvent[] = [];
    const run = (timeMs: number): boolean => {
      const sim = get().simulation;
      if (!sim) return false;
      try {
        pending.push(...sim.advanceTo(timeMs));
      } catch (err) {
        flush(); // what earlier slices of this frame did stands, and is shown
        failed('advancing time', err);
        return false;
      }
      return true;
    };
    const flush = (): void => {
      const events = pending;
      pending = [];
      published(events);
    };
    const advanceTo = (timeMs: number): void => {
      if (run(timeMs)) flush();
    };

    const loop = createPlaybackLoop(
      scheduler,
      {
        speed: () => get().speed,
        nowMs: () => get().simulation?.state.nowMs ?? 0,
        // The loop advances in slices within its budget; the page redraws once per frame.
        advanceTo: (timeMs) => void run(timeMs),
        frameDone: flush,
        reachedSpeed: (reachedSpeed) => set({ reachedSpeed }),
      },
      options.clock,
    );

    const restart = (scenario: ScenarioEntry): void => {
      loop.stop();
      lastGroupOf = new Map();
      lastInstanceOf = new Map();
      eventLog = createEventLog();
      pending = [];
      set({
        scenario,
        ...start(scenario),
        playing: false,
        version: get().version + 1,
        run: get().run + 1,
        events: [],
        selected: null,
        eventFilter: null,
        menu: null,
        logFocusOffset: null,
        logWindowFrom: null,
      });
    };

    return {
      scenarios,
      scenario: initial,
      ...start(initial),
      playing: false,
      speed: clampSpeed(options.initialSpeed ?? 1),
      reachedSpeed: null,
      version: 0,
      run: 0,
      events: [],
      toasts: [],
      selectedPartition: null,
      logViewOpen: false,
      chartsOpen: false,
      selected: null,
      eventFilter: null,
      menu: null,
      helpOpen: false,
      focus: false,
      logFocusOffset: null,
      logWindowFrom: null,

      play() {
        if (get().playing || !get().simulation) return;
        set({ playing: true });
        loop.start();
      },
      pause() {
        loop.stop();
        if (get().playing) set({ playing: false });
      },
      togglePlay() {
        if (get().playing) get().pause();
        else get().play();
      },
      step(ms = STEP_MS) {
        const sim = get().simulation;
        if (sim && ms > 0) advanceTo(sim.state.nowMs + ms);
      },
      setSpeed(speed) {
        set({ speed: clampSpeed(speed) });
      },
      reset() {
        restart(get().scenario);
      },
      loadScenario(name) {
        const scenario = get().scenarios.find((s) => s.name === name);
        if (!scenario || scenario.pending) return false;
        restart(scenario);
        return true;
      },
      provideScenario(entry) {
        const list = get().scenarios;
        const i = list.findIndex((s) => s.name === entry.name);
        set({ scenarios: i < 0 ? [...list, entry] : list.map((s, k) => (k === i ? entry : s)) });
      },
      send(command, options) {
        const sim = get().simulation;
        if (!sim) {
          get().notify('There is no running simulation to send a command to.');
          return [];
        }
        let events: SimEvent[];
        try {
          events = sim.apply(command);
        } catch (err) {
          failed('applying a command', err);
          return [];
        }
        published(events);
        if (!options?.quiet)
          for (const e of events)
            if (e.type === 'command.rejected') get().notify(rejectionMessage(e));
        return events;
      },
      notify(message, kind = 'error', details) {
        const toast: Toast = { id: nextToastId++, kind, message, ...(details ? { details } : {}) };
        set({ toasts: [...get().toasts, toast].slice(-TOAST_LIMIT) });
      },
      dismissToast(id) {
        set({ toasts: get().toasts.filter((t) => t.id !== id) });
      },
      selectPartition(ref) {
        const was = get().selectedPartition;
        const same = ref !== null && was?.topic === ref.topic && was.partition === ref.partition;
        set({
          selectedPartition: ref === null ? null : { topic: ref.topic, partition: ref.partition },
          ...(same ? {} : { logWindowFrom: null }),
          logViewOpen: ref !== null,
          ...(ref !== null ? { chartsOpen: false } : {}),
        });
      },
      setLogViewOpen(open) {
        // Closed, the log view no longer needs to reach back (a wide window costs every frame).
        set(
          open
            ? { logViewOpen: true, chartsOpen: false }
            : { logViewOpen: false, logWindowFrom: null },
        );
      },
      setChartsOpen(open) {
        set(
          open
            ? { chartsOpen: true, logViewOpen: false, logWindowFrom: null }
            : { chartsOpen: false },
        );
      },
      select(ref) {
        if (ref?.kind === 'partition') {
          const { topic, partition } = ref;
          get().selectPartition({ topic, partition });
          if (!sameEntity(ref, get().selected))
            set({ selected: { kind: 'partition', topic, partition } });
          return;
        }
        if (!sameEntity(ref, get().selected)) set({ selected: ref });
      },
      setEventFilter(ref) {
        if (!sameEntity(ref, get().eventFilter)) set({ eventFilter: ref });
      },
      openMenu(menu) {
        if (menu === null) {
          if (get().menu !== null) set({ menu: null });
          return;
        }
        // A partition's menu leaves the log view as it is: only "Show the log" opens it.
        if (menu.entity.kind !== 'partition') get().select(menu.entity);
        set({ menu: { entity: menu.entity, x: menu.x, y: menu.y } });
      },
      setHelpOpen(open) {
        set({ helpOpen: open });
      },
      setFocus(on) {
        set({ focus: on });
      },
      focusLogOffset(offset) {
        set({ logFocusOffset: offset, ...(offset !== null ? { logWindowFrom: offset } : {}) });
      },
      importScenario(text, fileName = 'the file') {
        // Structure and meaning together, so the notice lists every problem of the file.
        const loaded = loadScenarioText(text);
        if (!loaded.ok) {
          const { problems } = loaded;
          // Every problem, so that one round of fixes mends the file (the notice scrolls).
          const n = problems.length;
          get().notify(
            `Could not import ${fileName}: ${n} problem${n === 1 ? '' : 's'}, nothing was changed.`,
            'error',
            problems.map(formatProblem),
          );
          return false;
        }
        const entry: ScenarioEntry = {
          name: IMPORTED_SCENARIO,
          title: loaded.scenario.name || fileName,
          description: loaded.scenario.description ?? `Imported from ${fileName}`,
          setup: loaded.setup,
          problems: [],
        };
        set({ scenarios: [...get().scenarios.filter((x) => x.name !== IMPORTED_SCENARIO), entry] });
        restart(entry);
        return true;
      },
    };
  });
  return store;
}
