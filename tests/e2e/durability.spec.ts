/**
 * What a lesson on durability must show on the canvas, not only in the event log: a leader
 * whose ISR fell below min.insync.replicas, and acknowledged records that were lost.
 */
import { expect, test } from '@playwright/test';
import { clockPast, pauseInPageWhen } from './pauseInPage.ts';

test('a leader with too few in-sync replicas says so on its tile and in the inspector', async ({
  page,
}) => {
  test.slow(); // tens of simulated seconds at 100×, on a loaded machine
  await page.goto('/?scenario=durability-boundary');
  await page.getByTestId('speed').fill('400'); // 100× (the slider is logarithmic)
  await page.getByTestId('play').click();
  // Brokers 5 (10 s) and 4 (30 s) die; once both are fenced orders-0's ISR is [3], below
  // min.insync.replicas=2, until broker 4 returns at 80 s.
  await pauseInPageWhen(page, clockPast(50_000));
  await expect(page.getByTestId('under-min-isr-orders-0')).toHaveText('< min 2');
  await page.getByTestId('replica-3-orders-0').click();
  await expect(page.getByTestId('inspector-under-min-isr')).toContainText(
    'below min.insync.replicas (2)',
  );
  // Nothing acknowledged was lost: acks=all.
  await expect(page.getByTestId('data-loss')).toHaveCount(0);
});

test('acknowledged records lost are counted on the canvas, the producer and the partition', async ({
  page,
}) => {
  test.slow(); // tens of simulated seconds at 100×, on a loaded machine
  await page.goto('/?scenario=unclean-election-on');
  await expect(page.getByTestId('data-loss')).toHaveCount(0);
  await page.getByTestId('speed').fill('400'); // 100× (the slider is logarithmic)
  await page.getByTestId('play').click();
  const notice = page.getByTestId('data-loss');
  await expect(notice).toContainText(/acknowledged records lost/, { timeout: 30_000 });
  await page.getByTestId('play').click(); // pause
  const lost = (await notice.textContent())!.split(' ')[0]!;
  // The producer was told these records were written, and is never told otherwise.
  await expect(page.getByTestId('producer-lost-checkout')).toHaveText(`${lost} acked lost`);
  await notice.click();
  await expect(page.getByTestId('inspector-partition-lost')).toHaveText(
    `${lost} records: no consumer will read them`,
  );
  // The log view opens at the lost offsets, marked on the tape, not at the newest records.
  const band = page.locator('[data-testid^="log-lost-"]').first();
  await expect(band).toBeVisible();
  const tape = (await page.getByTestId('log-tape').boundingBox())!;
  const at = (await band.boundingBox())!;
  expect(at.x).toBeGreaterThanOrEqual(tape.x);
  expect(at.x).toBeLessThan(tape.x + tape.width);
});
