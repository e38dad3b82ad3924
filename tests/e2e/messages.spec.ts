/**
 * Messages in flight, end to end: what the canvas draws is exactly what the engine has on the
 * network at the clock's time. The same scenario runs headless here (the engine is
 * deterministic), so the page is checked against an independent copy of the simulation.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { inFlightMessages } from '../../src/engine/network.ts';
import type { Simulation } from '../../src/engine/simulation.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { LANE_OFFSET_PX, messageProgress } from '../../src/ui/canvas/messageGeometry.ts';

interface Drawn {
  id: string;
  kind: string;
  progress: number;
}

function load(name: string): Simulation {
  const json: unknown = JSON.parse(
    readFileSync(new URL(`../../scenarios/${name}.json`, import.meta.url), 'utf8'),
  );
  const result = loadScenario(json);
  if (!result.ok) throw new Error(`${name}: ${JSON.stringify(result.problems)}`);
  return result.simulation;
}

const byId = (a: Drawn, b: Drawn) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** What the engine has on the network at `timeMs`, as the canvas should draw it. */
function expected(sim: Simulation, timeMs: number): Drawn[] {
  sim.advanceTo(timeMs);
  return inFlightMessages(sim.state)
    .map((m) => ({
      id: m.id,
      kind: m.kind,
      progress: messageProgress(m.sentAtMs, m.arrivesAtMs, timeMs),
    }))
    .sort(byId);
}

/** The messages the canvas drew last, as the message layer reports them (MessageLayer.tsx). */
async function drawn(page: Page): Promise<Drawn[]> {
  const items = await page.getByTestId('messages').evaluate((el) =>
    ((el as HTMLCanvasElement & { drawnMessages?: Drawn[] }).drawnMessages ?? []).map((m) => ({
      id: m.id,
      kind: m.kind,
      progress: m.progress,
    })),
  );
  return items.sort(byId);
}

async function clockMs(page: Page): Promise<number> {
  return Number(await page.getByTestId('clock').getAttribute('data-ms'));
}

/**
 * How far (screen px) the worst drawn message is from where it should be: on the straight
 * line from the sender node's facing side centre to the receiver's, at its progress. Nodes in
 * one column (brokers talking to each other) are joined by a curve and are left out.
 */
async function worstMisplacementPx(
  page: Page,
): Promise<{ worst: number; zoom: number; checked: number; painted: number }> {
  return page.evaluate(() => {
    const viewport = document.querySelector('.react-flow__viewport') as HTMLElement;
    const zoom = new DOMMatrix(getComputedStyle(viewport).transform).a;
    const canvas = document.querySelector('[data-testid="messages"]') as HTMLCanvasElement & {
      drawnMessages?: { link: string; progress: number; x: number; y: number }[];
    };
    const origin = canvas.getBoundingClientRect();
    const scale = canvas.width / origin.width;
    const pixels = canvas.getContext('2d')!;
    const box = (id: string) =>
      document.querySelector(`.react-flow__node[data-id="${id}"]`)!.getBoundingClientRect();
    let worst = 0;
    let checked = 0;
    let painted = 0;
    for (const m of canvas.drawnMessages ?? []) {
      // Something is painted where the message is said to be.
      const alpha = pixels.getImageData(Math.round(m.x * scale), Math.round(m.y * scale), 1, 1)
        .data[3]!;
      if (alpha > 0) painted++;
      const [fromId, toId] = m.link.split('>');
      const a = box(fromId!);
      const b = box(toId!);
      const rightwards = b.left >= a.right;
      if (!rightwards && a.left < b.right) continue;
      const start = { x: rightwards ? a.right : a.left, y: a.top + a.height / 2 };
      const end = { x: rightwards ? b.left : b.right, y: b.top + b.height / 2 };
      const t = m.progress;
      const want = { x: start.x + (end.x - start.x) * t, y: start.y + (end.y - start.y) * t };
      const got = { x: origin.left + m.x, y: origin.top + m.y };
      worst = Math.max(worst, Math.hypot(got.x - want.x, got.y - want.y));
      checked++;
    }
    return { worst, zoom, checked, painted };
  });
}

/** How many messages the canvas drew one by one. */
async function drawnCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('messages').getAttribute('data-drawn'));
}

test('the messages drawn are the engine’s messages in flight, step after step', async ({
  page,
}) => {
  const sim = load('large');
  await page.goto('/?scenario=large');
  await expect(page.getByTestId('clock')).toHaveText('t = 0.000 s');
  let previous: Drawn[] = [];
  let total = 0;
  for (let step = 1; step <= 6; step++) {
    await page.getByTestId('step').click();
    const now = step * 10;
    await expect(page.getByTestId('clock')).toHaveAttribute('data-ms', String(now));
    const want = expected(sim, now);
    await expect.poll(() => drawn(page)).toEqual(want);
    await expect(page.getByTestId('messages')).toHaveAttribute('data-count', String(want.length));
    await expect(page.getByTestId('messages')).toHaveAttribute(
      'data-in-flight',
      String(want.length),
    );
    // Stepping moves them: each step shows the messages of its own instant.
    if (want.length > 0) expect(want).not.toEqual(previous);
    previous = want;
    total += want.length;
  }
  expect(total).toBeGreaterThan(10);
});

test('messages sit on the line between their nodes, also after zooming', async ({ page }) => {
  await page.goto('/?scenario=large');
  await expect(page.getByTestId('clock')).toHaveText('t = 0.000 s');
  // Step until some messages are in flight (the first instants may have none).
  for (let i = 0; i < 20 && (await drawnCount(page)) < 3; i++)
    await page.getByTestId('step').click();
  expect(await drawnCount(page)).toBeGreaterThanOrEqual(3);
  const before = await worstMisplacementPx(page);
  expect(before.checked).toBeGreaterThanOrEqual(3);
  expect(before.painted).toBe(await drawnCount(page));
  // The lane beside the centre line, plus rounding.
  expect(before.worst).toBeLessThan((LANE_OFFSET_PX + 1) * before.zoom + 1.5);

  await page.locator('.react-flow__controls-zoomin').click();
  await page.locator('.react-flow__controls-zoomin').click();
  await expect
    .poll(async () => (await worstMisplacementPx(page)).zoom)
    .toBeGreaterThan(before.zoom * 1.3);
  const after = await worstMisplacementPx(page);
  expect(after.worst).toBeLessThan((LANE_OFFSET_PX + 1) * after.zoom + 1.5);
  expect(after.painted).toBeGreaterThanOrEqual(1);
});

test('playing slowly moves a message towards its receiver; pausing freezes it', async ({
  page,
}) => {
  await page.goto('/?scenario=classroom');
  await page.getByTestId('speed').fill('0'); // 0.01×
  await expect(page.getByTestId('speed-value')).toHaveText('0.01×');
  await page.getByTestId('play').click();
  // Watch frames in the page until one message has been seen at two instants, then pause.
  const track = await page.evaluate(
    () =>
      new Promise<{ ms: number; progress: number; distancePx: number }[]>((resolve) => {
        const seen = new Map<string, { ms: number; progress: number; distancePx: number }[]>();
        const clock = document.querySelector('[data-testid="clock"]') as HTMLElement;
        const frame = () => {
          const ms = Number(clock.dataset['ms']);
          const canvas = document.querySelector('[data-testid="messages"]') as HTMLElement & {
            drawnMessages?: { id: string; link: string; progress: number; x: number; y: number }[];
          };
          const origin = canvas.getBoundingClientRect();
          for (const m of canvas.drawnMessages ?? []) {
            const id = m.id;
            const to = m.link.split('>')[1];
            const node = document.querySelector(`.react-flow__node[data-id="${to}"]`);
            if (!node) continue;
            const n = node.getBoundingClientRect();
            const distancePx = Math.hypot(
              origin.left + m.x - (n.left + n.width / 2),
              origin.top + m.y - (n.top + n.height / 2),
            );
            const samples = seen.get(id) ?? [];
            if (samples.at(-1)?.ms !== ms) samples.push({ ms, progress: m.progress, distancePx });
            seen.set(id, samples);
            if (samples.length >= 2) {
              (document.querySelector('[data-testid="play"]') as HTMLElement).click();
              resolve(samples);
              return;
            }
          }
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
  );
  const [first, second] = track;
  expect(second!.ms).toBeGreaterThan(first!.ms);
  expect(second!.progress).toBeGreaterThan(first!.progress);
  expect(second!.distancePx).toBeLessThan(first!.distancePx);

  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  const pausedAt = await clockMs(page);
  const frozen = await drawn(page);
  await page.waitForTimeout(500);
  expect(await clockMs(page)).toBe(pausedAt);
  expect(await drawn(page)).toEqual(frozen);
});
