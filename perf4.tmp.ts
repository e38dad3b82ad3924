import { chromium } from '@playwright/test';



const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
for (const sc of (process.argv[2] ?? 'classroom,large').split(',')) {
  await page.goto(`http://localhost:4176/?scenario=${sc}`);
  await page.getByTestId('clock').waitFor();
  await page.waitForTimeout(500);
  const a = await metrics();
  await page.getByTestId('play').click();
  await page.waitForTimeout(3000);
  await page.getByTestId('play').click();
  const b = await metrics();
  const d = (k: string) => ((b[k] - a[k]) * 1000 / 3).toFixed(0);
  console.log(sc, 'per wall second ms: script', d('ScriptDuration'), 'layout', d('LayoutDuration'), 'style', d('RecalcStyleDuration'), 'task', d('TaskDuration'), 'layouts', ((b.LayoutCount - a.LayoutCount)/3).toFixed(0), 'styleRecalcs', ((b.RecalcStyleCount-a.RecalcStyleCount)/3).toFixed(0), 'nodes', b.Nodes);
}
await browser.close(); 
