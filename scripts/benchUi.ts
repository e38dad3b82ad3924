/**
 * The page's speed in headless Chromium (not a test: it prints figures and never fails on them):
 *
 *   npm run bench:ui                                  production build (vite build + vite preview)
 *   npm run bench:ui -- --runs 5 --seconds 10 --scenarios large,classroom,hello
 *   npm run bench:ui -- --dev                         against the Vite dev server instead
 *   npm run bench:ui -- --trace /tmp/trace.json       also save a Chromium trace of one large run
 *   npm run bench:ui -- --no-minify                   build without minifying, so a trace names functions
 *   npm run bench:ui -- --frames /tmp/frames.json     also save every run's frame and work times
 *                                                     ({ scenario: [{ frames, work }] } per run;
 *                                                     frames[i] is the gap between frames i and
 *                                                     i + 1, work[i] the work of frame i)
 *
 * For each scenario and run, in a fresh browser context at 1280×720: open `/?scenario=<name>`,
 * measure the time from navigation start to interactive (the Play button enabled and every
 * canvas node measured and visible, then the next frame painted), press Play at 1×, and record
 * requestAnimationFrame timestamps inside the page for `--seconds` wall seconds. Frame time is
 * the gap between consecutive frames; "work" is, per frame, the time from the frame's start to
 * a message posted from its animation callback (scripts, React rendering, style, layout and
 * paint recording of that frame). Also printed: the initial JavaScript (the JS files the page
 * loaded before it was interactive, gzipped with node:zlib at its default level and counted in
 * kB of 1,000 bytes, as Vite's build report does), and how much simulated time passed per wall
 * second (1.0 at 1× unless frames were longer than the playback loop's 250 ms cap).
 *
 * Targets (issue 5), at `large`: median frame ≤ 16.7 ms, p95 ≤ 25 ms, interactive ≤ 1.5 s,
 * initial JavaScript ≤ 250 kB gzipped.
 */
import { chromium, type Browser } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, createServer, preview } from 'vite';
import { CHROMIUM_LAUNCH } from './chromium.ts';

interface Options {
  runs: number;
  seconds: number;
  scenarios: string[];
  dev: boolean;
  trace: string | null;
  frames: string | null;
  minify: boolean;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = {
    runs: 3,
    seconds: 10,
    scenarios: ['large', 'classroom', 'hello'],
    dev: false,
    trace: null,
    frames: null,
    minify: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--runs') opts.runs = Math.max(1, Number(value()));
    else if (arg === '--seconds') opts.seconds = Math.max(1, Number(value()));
    else if (arg === '--scenarios') opts.scenarios = value().split(',').filter(Boolean);
    else if (arg === '--dev') opts.dev = true;
    else if (arg === '--trace') opts.trace = value();
    else if (arg === '--frames') opts.frames = value();
    else if (arg === '--no-minify') opts.minify = false;
    else throw new Error(`unknown argument ${arg}`);
  }
  return opts;
}

const PORT = 4175;
const DIST = 'dist';

/**
 * Installed before the page's own scripts: watches every animation frame for the page to become
 * interactive, and records the JS resources fetched until then.
 */
function installProbe(): void {
  interface Probe {
    readyMs: number | null;
    paintedMs: number | null;
    longTasksMs: number[];
  }
  const probe: Probe = { readyMs: null, paintedMs: null, longTasksMs: [] };
  (window as unknown as { __benchProbe: Probe }).__benchProbe = probe;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.longTasksMs.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task timing in this browser: the figure stays empty.
  }
  const visible = (el: Element | null): boolean => {
    if (!el) return false;
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };
  const check = (): void => {
    const play = document.querySelector<HTMLButtonElement>('[data-testid="play"]');
    const nodes = document.querySelectorAll('.react-flow__node');
    const viewport = document.querySelector<HTMLElement>('.react-flow__viewport');
    const fitted = viewport !== null && viewport.style.transform !== '';
    if (play && !play.disabled && nodes.length > 0 && fitted && [...nodes].every(visible)) {
      probe.readyMs = performance.now();
      // Runs once the frame that showed it has been rendered.
      setTimeout(() => (probe.paintedMs = performance.now()), 0);
      return;
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
}

/** Runs in the page: `seconds` of animation frames, with the work each frame took. */
function recordFrames(seconds: number): Promise<{
  stamps: number[];
  work: number[];
  simStartMs: number;
  simEndMs: number;
}> {
  const clock = () =>
    Number(document.querySelector('[data-testid="clock"]')?.getAttribute('data-ms'));
  return new Promise((resolve) => {
    const stamps: number[] = [];
    const work: number[] = [];
    const channel = new MessageChannel();
    let pending: number | null = null;
    channel.port1.onmessage = () => {
      if (pending !== null) work.push(performance.now() - pending);
      pending = null;
    };
    let simStartMs = NaN;
    const frame = (t: number) => {
      if (stamps.length === 0) simStartMs = clock();
      stamps.push(t);
      pending = t;
      channel.port2.postMessage(null);
      if (t - (stamps[0] as number) < seconds * 1000) requestAnimationFrame(frame);
      else {
        const simEndMs = clock();
        setTimeout(() => resolve({ stamps, work, simStartMs, simEndMs }), 50);
      }
    };
    requestAnimationFrame(frame);
  });
}

interface RunResult {
  ttiMs: number;
  readyMs: number;
  fcpMs: number | null;
  longTaskMs: number;
  jsFiles: string[];
  frames: number[];
  work: number[];
  fps: number;
  simPerWall: number;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

const median = (xs: number[]): number =>
  quantile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

async function runOnce(
  browser: Browser,
  base: string,
  scenario: string,
  seconds: number,
  tracePath: string | null,
): Promise<RunResult> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[pageerror] ${String(e)}`));
  // tsx compiles this file with esbuild's keepNames, which wraps inner functions in a
  // `__name` helper that the page does not have: give it one that does nothing.
  await page.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  await page.addInitScript(installProbe);
  const jsFiles: string[] = [];
  let interactive = false;
  page.on('request', (req) => {
    if (!interactive && req.resourceType() === 'script') jsFiles.push(new URL(req.url()).pathname);
  });
  await page.goto(`${base}/?scenario=${scenario}`, { waitUntil: 'commit' });
  await page.waitForFunction(
    () =>
      (window as unknown as { __benchProbe: { paintedMs: number | null } }).__benchProbe
        .paintedMs !== null,
    undefined,
    { timeout: 30_000, polling: 50 },
  );
  interactive = true;
  const startup = await page.evaluate(() => {
    const probe = (
      window as unknown as {
        __benchProbe: { readyMs: number; paintedMs: number; longTasksMs: number[] };
      }
    ).__benchProbe;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    return {
      readyMs: probe.readyMs,
      paintedMs: probe.paintedMs,
      fcpMs: fcp ? fcp.startTime : null,
      longTaskMs: probe.longTasksMs.reduce((a, b) => a + b, 0),
    };
  });
  const speed = await page.getByTestId('speed-value').textContent();
  if (speed?.trim() !== '1×') throw new Error(`expected playback at 1×, the page says ${speed}`);
  if (tracePath) await browser.startTracing(page, { path: tracePath, screenshots: false });
  await page.getByTestId('play').click();
  const rec = await page.evaluate(recordFrames, seconds);
  if (tracePath) await browser.stopTracing();
  await context.close();
  const frames = rec.stamps.slice(1).map((t, i) => t - (rec.stamps[i] as number));
  const wallMs = (rec.stamps.at(-1) as number) - (rec.stamps[0] as number);
  return {
    ttiMs: startup.paintedMs,
    readyMs: startup.readyMs,
    fcpMs: startup.fcpMs,
    longTaskMs: startup.longTaskMs,
    jsFiles,
    frames,
    work: rec.work,
    fps: (frames.length / wallMs) * 1000,
    simPerWall: (rec.simEndMs - rec.simStartMs) / wallMs,
  };
}

const fmt = (x: number, digits = 1): string => (Number.isFinite(x) ? x.toFixed(digits) : '–');

/** "median (min–max)" over runs. */
function spread(xs: number[], digits = 1): string {
  if (xs.length === 1) return fmt(xs[0] as number, digits);
  const sorted = [...xs].sort((a, b) => a - b);
  return `${fmt(median(xs), digits)} (${fmt(sorted[0] as number, digits)}–${fmt(sorted.at(-1) as number, digits)})`;
}

function gzippedKb(files: string[]): { rawKb: number; gzipKb: number } {
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const bytes = readFileSync(join(DIST, f));
    raw += bytes.length;
    gz += gzipSync(bytes).length;
  }
  return { rawKb: raw / 1000, gzipKb: gz / 1000 };
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  let close: () => Promise<void>;
  if (opts.dev) {
    const server = await createServer({
      server: { port: PORT, strictPort: true },
      logLevel: 'warn',
    });
    await server.listen();
    close = () => server.close();
  } else {
    await build({ logLevel: 'warn', build: { outDir: DIST, minify: opts.minify } });
    const server = await preview({
      preview: { port: PORT, strictPort: true },
      build: { outDir: DIST },
      logLevel: 'warn',
    });
    close = () =>
      new Promise<void>((resolve, reject) =>
        server.httpServer.close((err) => (err ? reject(err) : resolve())),
      );
  }
  const base = `http://localhost:${PORT}`;
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  console.log(
    `bench:ui — ${opts.dev ? 'Vite dev server' : 'production build (vite preview)'}, ` +
      `Chromium ${browser.version()}, ${cpus().length} cores, ${opts.runs} runs × ${opts.seconds} s at 1×, 1280×720`,
  );
  console.log('figures: median over runs (min–max); per run, frame times are over all frames');
  try {
    // One page load first, so the first measured run does not pay for a cold server.
    await runOnce(browser, base, opts.scenarios[0] ?? 'hello', 1, null);
    const saved: Record<string, { frames: number[]; work: number[] }[]> = {};
    for (const scenario of opts.scenarios) {
      const runs: RunResult[] = [];
      for (let r = 0; r < opts.runs; r++) {
        const trace = opts.trace && scenario === 'large' && r === 0 ? opts.trace : null;
        runs.push(await runOnce(browser, base, scenario, opts.seconds, trace));
      }
      saved[scenario] = runs.map((r) => ({ frames: r.frames, work: r.work }));
      // Written after each scenario, so a failure later keeps what was measured.
      if (opts.frames) writeFileSync(opts.frames, JSON.stringify(saved));
      const per = (f: (r: RunResult) => number) => runs.map(f);
      const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
      console.log(`\n${scenario}`);
      console.log(
        `  interactive   ${spread(
          per((r) => r.ttiMs),
          0,
        )} ms   (ready ${spread(
          per((r) => r.readyMs),
          0,
        )} ms, first paint ${spread(
          per((r) => r.fcpMs ?? NaN),
          0,
        )} ms, long tasks ${spread(
          per((r) => r.longTaskMs),
          0,
        )} ms)`,
      );
      console.log(
        `  frame median  ${spread(per((r) => quantile(sorted(r.frames), 0.5)))} ms   p95 ${spread(per((r) => quantile(sorted(r.frames), 0.95)))} ms   max ${spread(per((r) => quantile(sorted(r.frames), 1)))} ms`,
      );
      console.log(
        `  fps           ${spread(per((r) => r.fps))}   (${spread(
          per((r) => r.frames.length),
          0,
        )} frames; simulated s per wall s ${spread(
          per((r) => r.simPerWall),
          2,
        )})`,
      );
      console.log(
        `  work/frame    median ${spread(per((r) => quantile(sorted(r.work), 0.5)))} ms   p95 ${spread(per((r) => quantile(sorted(r.work), 0.95)))} ms`,
      );
      if (!opts.dev) {
        const files = [...new Set(runs.flatMap((r) => r.jsFiles))];
        const { rawKb, gzipKb } = gzippedKb(files);
        console.log(
          `  initial JS    ${fmt(gzipKb)} kB gzipped (${fmt(rawKb)} kB raw): ${files.join(', ')}`,
        );
      }
    }
  } finally {
    await browser.close();
    await close();
  }
}

await main();
