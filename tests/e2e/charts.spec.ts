/**
 * The charts end to end: open them under the canvas, play, and see the throughput series draw
 * from the engine's samples (one per simulated second), named by its Kafka metric.
 */
import { expect, test } from '@playwright/test';

test('opening the charts and playing draws the throughput series', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/?scenario=hello');
  await page.getByTestId('charts-toggle').click();
  await expect(page.getByTestId('charts-toggle')).toHaveAttribute('aria-expanded', 'true');
  const throughput = page.getByTestId('chart-throughput');
  await expect(throughput).toContainText('Waiting for the first samples');
  await expect(throughput).toContainText(
    'kafka.server:type=BrokerTopicMetrics,name=MessagesInPerSec',
  );

  await page.getByTestId('speed').fill('300'); // 10×
  await page.getByTestId('play').click();
  await expect
    .poll(async () => Number(await throughput.getAttribute('data-points')))
    .toBeGreaterThan(3);
  // hello's producer sends 20 records a second: the legend shows the newest rate.
  await expect
    .poll(async () => Number(await page.getByTestId('chart-value-throughput-0').innerText()))
    .toBeGreaterThan(5);
  // uPlot drew the lines on its canvas: some pixels are not transparent.
  const inked = await throughput.locator('canvas').evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d')!;
    const px = ctx.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) n++;
    return n;
  });
  expect(inked).toBeGreaterThan(100);
  for (const id of ['latency', 'lag', 'urp', 'unowned'])
    await expect(page.getByTestId(`chart-${id}`)).toBeVisible();
  // Every unit label is whole ("partitions", not "partiti…"), inside its chart's card.
  const units = await page.locator('.chart').evaluateAll((cards) =>
    cards.map((card) => {
      const unit = card.querySelector('.chart-unit')!;
      const inside = unit.getBoundingClientRect().right <= card.getBoundingClientRect().right;
      return [unit.textContent, inside && unit.scrollWidth <= unit.clientWidth + 1];
    }),
  );
  expect(units).toEqual(units.map(([text]) => [text, true]));

  // Clicking a replica opens the log in the same panel, closing the charts.
  await page.getByTestId('play').click();
  await page.getByTestId('replica-1-orders-0').click();
  await expect(page.getByTestId('charts')).toHaveCount(0);
  await expect(page.getByTestId('log-view')).toHaveAttribute('data-open', 'true');
  expect(errors).toEqual([]);
});
