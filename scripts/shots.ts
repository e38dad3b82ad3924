/**
 * Screenshots of the page for a person to look at after UI changes (not a test):
 * `npm run shots` (into shots/, ignored by git) or `npx tsx scripts/shots.ts [outDir]` (default /tmp/shots). Starts its own Vite server and
 * drives Debian's Chromium; prints console warnings and errors the page logged.
 */
import { chromium, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'vite';

const outDir = process.argv[2] ?? '/tmp/shots';
const PORT = 4174;

interface Shot {
  name: string;
  scenario: string;
  width: number;
  height: number;
  /** Simulated seconds to run before the picture, at the given speed. */
  runAt?: { speed: string; wallMs: number };
  act?: (page: Page) => Promise<void>;
}

const SHOTS: Shot[] = [
  { name: 'hello-start-1280', scenario: 'hello', width: 1280, height: 720 },
  {
    name: 'hello-running-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 1500 },
  },
  {
    name: 'hello-running-1920',
    scenario: 'hello',
    width: 1920,
    height: 1080,
    runAt: { speed: '300', wallMs: 1500 },
  },
  {
    name: 'hello-broker-down-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 1000 },
    act: async (page) => {
      await page.getByTestId('broker-toggle-2').click();
      await page.getByTestId('broker-toggle-2').click();
      await page.getByTestId('broker-toggle-2').click();
    },
  },
  {
    name: 'keys-1280',
    scenario: 'keys-and-partitions',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 1000 },
  },
  {
    name: 'retention-1280',
    scenario: 'retention',
    width: 1280,
    height: 720,
    runAt: { speed: '350', wallMs: 1500 },
  },
  {
    name: 'classroom-1920',
    scenario: 'classroom',
    width: 1920,
    height: 1080,
    runAt: { speed: '300', wallMs: 1000 },
  },
  { name: 'large-1920', scenario: 'large', width: 1920, height: 1080 },
];

async function take(page: Page, shot: Shot): Promise<void> {
  await page.setViewportSize({ width: shot.width, height: shot.height });
  await page.goto(`http://localhost:${PORT}/?scenario=${shot.scenario}`);
  await page.getByTestId('clock').waitFor();
  if (shot.runAt) {
    await page.getByTestId('speed').fill(shot.runAt.speed);
    await page.getByTestId('play').click();
    await page.waitForTimeout(shot.runAt.wallMs);
    await page.getByTestId('play').click();
  }
  if (shot.act) await shot.act(page);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(outDir, `${shot.name}.png`) });
  const toasts = await page.getByTestId('toast').allInnerTexts();
  const clock = await page.getByTestId('clock').innerText();
  console.log(
    `${shot.name}.png  ${clock}${toasts.length ? `  toasts: ${toasts.join(' | ')}` : ''}`,
  );
}

async function main(): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  const server = await createServer({ server: { port: PORT, strictPort: true }, logLevel: 'warn' });
  await server.listen();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') console.log(`[${m.type()}] ${m.text()}`);
    });
    page.on('pageerror', (e) => console.log(`[pageerror] ${String(e)}`));
    for (const shot of SHOTS) await take(page, shot);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
