/**
 * `npm run bench`: how fast the engine simulates the three shipped presets, in simulated
 * seconds per wall second and simulated records per wall second, and the peak heap.
 *
 *   npm run bench                      all three presets (3 runs each, medians) + the stress soak
 *   npm run bench -- --quick           one short run each, no soak
 *   npm run bench -- --preset large    one preset
 *
 * The soak runs `stress` for 10 simulated minutes and reports the heap at the end: retention
 * must keep the logs bounded. Machines are noisy: compare figures as ratios within one run.
 */
import { readFileSync } from 'node:fs';
import { loadScenario } from '../../src/scenario/index.ts';
import type { Simulation } from '../../src/engine/simulation.ts';
import { queueFloorUs } from './queueFloor.ts';

interface Preset {
  name: 'classroom' | 'large' | 'stress';
  /** Simulated time per measured run. */
  simMs: number;
  /** Target: simulated seconds per wall second (from the issue). */
  targetSpeed: number;
}

const PRESETS: Preset[] = [
  { name: 'classroom', simMs: 600_000, targetSpeed: 1000 },
  { name: 'large', simMs: 60_000, targetSpeed: 100 },
  { name: 'stress', simMs: 20_000, targetSpeed: 4 },
];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--preset') ? args[args.indexOf('--preset') + 1] : undefined;
const runs = quick ? 1 : 3;

function load(name: string): Simulation {
  const json: unknown = JSON.parse(
    readFileSync(new URL(`../../scenarios/${name}.json`, import.meta.url), 'utf8'),
  );
  const result = loadScenario(json);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.problems)}`);
  return result.simulation;
}

function heapMb(): number {
  return process.memoryUsage().heapUsed / 1048576;
}

interface RunResult {
  speed: number;
  recordsPerSec: number;
  peakHeapMb: number;
  /** Work items (deliveries, timers) the event queue ran per simulated second. */
  itemsPerSimS: number;
  /** Wall microseconds per work item: the engine's cost per event. */
  usPerItem: number;
}

function runOnce(preset: Preset, simMs: number): RunResult {
  const sim = load(preset.name);
  let peak = heapMb();
  const stepMs = 1000;
  const seq0 = sim.state.seq;
  const start = process.hrtime.bigint();
  for (let t = stepMs; t <= simMs; t += stepMs) {
    sim.advanceTo(t);
    if (t % 10_000 === 0) peak = Math.max(peak, heapMb());
  }
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  peak = Math.max(peak, heapMb());
  // Every work item takes one sequence number when it is scheduled.
  const items = sim.state.seq - seq0;
  return {
    speed: simMs / 1000 / wallS,
    recordsPerSec: sim.state.stats.messagesIn / wallS,
    peakHeapMb: peak,
    itemsPerSimS: items / (simMs / 1000),
    usPerItem: (wallS * 1e6) / items,
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));

console.log(`kafka-sim bench: node ${process.version}, ${runs} run(s) per preset, medians\n`);
console.log(
  'preset      sim s / wall s   target   records / wall s   peak heap   items / sim s   µs / item',
);
const itemRates: { name: string; itemsPerSimS: number }[] = [];
for (const preset of PRESETS.filter((p) => only === undefined || p.name === only)) {
  const results: RunResult[] = [];
  for (let i = 0; i < runs; i++)
    results.push(runOnce(preset, quick ? preset.simMs / 4 : preset.simMs));
  const speed = median(results.map((r) => r.speed));
  const ok = speed >= preset.targetSpeed ? 'ok' : 'BELOW';
  itemRates.push({ name: preset.name, itemsPerSimS: median(results.map((r) => r.itemsPerSimS)) });
  console.log(
    `${preset.name.padEnd(12)}${fmt(speed).padStart(14)}   ${`${preset.targetSpeed}×`.padStart(6)} ${ok.padEnd(5)}${fmt(median(results.map((r) => r.recordsPerSec))).padStart(14)}   ${`${fmt(Math.max(...results.map((r) => r.peakHeapMb)))} MB`.padStart(9)}${fmt(median(results.map((r) => r.itemsPerSimS))).padStart(16)}${median(
      results.map((r) => r.usPerItem),
    )
      .toFixed(2)
      .padStart(12)}`,
  );
}

// The bare event queue at each preset's item rate (queueFloor.ts): the fastest any Kafka logic
// on top of it could run.
console.log('\nevent queue alone (no Kafka logic)   µs / item   ceiling sim s / wall s');
for (const { name, itemsPerSimS } of itemRates) {
  const floor = median(
    // At least a million items a run, so the JIT's warm-up is a small part of it.
    Array.from({ length: 3 }, () =>
      queueFloorUs(itemsPerSimS, Math.max(quick ? 60 : 200, Math.ceil(1e6 / itemsPerSimS))),
    ),
  );
  console.log(
    `${name.padEnd(12)}${''.padStart(24)}${floor.toFixed(2).padStart(10)}${fmt(1e6 / (itemsPerSimS * floor)).padStart(25)}`,
  );
}

if (!quick && (only === undefined || only === 'stress')) {
  const soakMs = 600_000;
  const sim = load('stress');
  const start = process.hrtime.bigint();
  let peak = 0;
  for (let t = 10_000; t <= soakMs; t += 10_000) {
    sim.advanceTo(t);
    peak = Math.max(peak, heapMb());
  }
  const wallS = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(
    `\nstress soak: 10 simulated minutes in ${wallS.toFixed(0)} s wall (${(600 / wallS).toFixed(1)}×), ` +
      `${fmt(sim.state.stats.messagesIn / wallS)} records / wall s, heap at the end ${fmt(heapMb())} MB, peak ${fmt(peak)} MB (target < 500 MB)`,
  );
}
