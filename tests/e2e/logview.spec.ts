/**
 * The log view end to end, as a person uses it: run the hello scenario, click a replica tile
 * of a partition on a broker, see the partition's tape, click a record and read how its key
 * chose the partition.
 *
 * hello's keys go to orders-0 ("alice", "bob"), orders-1 ("dave") and orders-2 ("carol",
 * "erin"). The murmur2 figures below are Kafka's own for the key "bob" (Utils.murmur2 over its UTF-8
 * bytes, then toPositive, then % 3); tests/engine/murmur2.test.ts checks the function against
 * the Java client.
 */
import { expect, test, type Page } from '@playwright/test';
import { clockPast, pauseInPageWhen } from './pauseInPage.ts';

const BOB = { murmur2: '-2,048,144,690', positive: '99,338,958', partition: '= 0' };

/** Plays for `wallMs` of wall time at a slider position (300: 10×, 248: 3×). */
async function runFor(page: Page, wallMs: number, slider = '300'): Promise<void> {
  await page.getByTestId('speed').fill(slider);
  await page.getByTestId('play').click();
  await page.waitForTimeout(wallMs);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
}

async function logEnd(page: Page): Promise<number> {
  return Number((await page.getByTestId('log-end').innerText()).replace(/,/g, ''));
}

function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  return errors;
}

test('the log view starts closed and asks for a partition', async ({ page }) => {
  await page.goto('/?scenario=hello');
  await expect(page.getByTestId('log-view')).toHaveAttribute('data-open', 'false');
  await expect(page.getByTestId('log-view')).toContainText('Click a replica');
  await expect(page.getByTestId('log-toggle')).toBeDisabled();
});

test('clicking a replica tile opens its partition’s tape; a record shows its murmur2', async ({
  page,
}) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/?scenario=hello');
  await runFor(page, 800);

  // A follower's tile works as well as the leader's: both are the partition orders-0.
  const tile = page.locator('[data-testid$="-orders-0"][data-role="follower"]').first();
  await tile.click();
  await expect(page.getByTestId('log-view')).toHaveAttribute('data-open', 'true');
  await expect(page.getByTestId('log-partition')).toHaveValue('0');
  await expect(page.getByTestId('log-partition').locator('option:checked')).toHaveText('orders-0');

  // The tape ends with the newest record, scrolled into view, then the next offset.
  const end = await logEnd(page);
  expect(end).toBeGreaterThan(5);
  const newest = page.getByTestId(`log-record-${end - 1}`);
  await expect(newest).toBeInViewport();
  await expect(page.getByTestId('log-tape')).toContainText('next');
  await expect(page.getByTestId('log-summary')).toContainText('leader');

  // One row per replica, the leader marked; the consumer's position as a pointer, its records-lag.
  await expect(page.locator('[data-testid^="log-replica-label-"]')).toHaveCount(3);
  await expect(page.locator('[data-testid^="log-replica-label-"]').first()).toContainText('leader');
  await expect(page.getByTestId('log-consumer-label-billing')).toContainText('records-lag');

  // Click the newest record with key "bob" and read the partitioner's arithmetic.
  const bob = page.locator('.lv-cell', { hasText: 'bob' }).last();
  await bob.click();
  const detail = page.getByTestId('record-detail');
  await expect(detail).toBeVisible();
  await expect(page.getByTestId('record-key')).toContainText('“bob”');
  await expect(page.getByTestId('record-key')).toContainText('62 6f 62');
  await expect(page.getByTestId('record-murmur2')).toHaveText(BOB.murmur2);
  await expect(page.getByTestId('record-positive')).toHaveText(BOB.positive);
  await expect(page.getByTestId('record-key-partition')).toHaveText(BOB.partition);
  await expect(page.getByTestId('record-choice')).toContainText('The key chose partition 0');
  // Schemas: to Kafka the value is bytes; a schema lives outside the record.
  await expect(page.getByTestId('record-schema-note')).toContainText('schema registry');
  await expect(page.getByTestId('record-value')).toContainText('checkout#');

  await page.getByTestId('record-close').click();
  await expect(detail).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the tape grows while playing, and reading does not delete', async ({ page }) => {
  await page.goto('/?scenario=hello');
  // Short, slow runs: the tape shows the newest 200 records, and offset 0 must still be among
  // them even when a loaded machine lets each run last seconds (at 3×, ten seconds of wall
  // time make about 200 records over the three partitions).
  await runFor(page, 300, '248');
  await page.getByTestId('replica-2-orders-0').click();
  const before = await logEnd(page);
  await runFor(page, 300, '248');
  await expect.poll(() => logEnd(page)).toBeGreaterThan(before);
  // The consumer has read past offset 0, and offset 0 is still on the tape.
  await expect(page.getByTestId('log-consumer-label-billing')).toContainText('records-lag');
  await expect(page.getByTestId('log-record-0')).toHaveCount(1);
  await expect(page.getByTestId('log-start')).toHaveText('0');
});

test('the picker switches partitions, and the panel hides and shows', async ({ page }) => {
  await page.goto('/?scenario=hello');
  await runFor(page, 500);
  await page.getByTestId('replica-1-orders-0').click();
  await page.getByTestId('log-partition').selectOption({ label: 'orders-2' });
  await expect(page.getByTestId('log-partition').locator('option:checked')).toHaveText('orders-2');
  await page.getByTestId('log-toggle').click();
  await expect(page.getByTestId('log-view')).toHaveAttribute('data-open', 'false');
  await expect(page.getByTestId('log-tape')).toHaveCount(0);
  await page.getByTestId('log-toggle').click();
  await expect(page.getByTestId('log-tape')).toBeVisible();
  // The canvas controls stay uncovered.
  const controls = await page.locator('.react-flow__controls').boundingBox();
  const panel = await page.getByTestId('log-view').boundingBox();
  expect(controls!.y + controls!.height).toBeLessThanOrEqual(panel!.y);
});

test('retention: the deleted part of the log is shown as gone', async ({ page }) => {
  await page.goto('/?scenario=retention');
  await page.getByTestId('speed').fill('350');
  await page.getByTestId('play').click();
  await expect
    .poll(async () => Number(await page.getByTestId('clock').getAttribute('data-ms')), {
      timeout: 15_000,
    })
    .toBeGreaterThan(45_000);
  await page.getByTestId('play').click();
  await page.getByTestId('replica-1-logs-0').click();
  await expect(page.getByTestId('log-deleted')).toContainText('deleted');
  const start = Number((await page.getByTestId('log-start').innerText()).replace(/,/g, ''));
  expect(start).toBeGreaterThan(0);
  await expect(page.getByTestId('log-deleted')).toContainText(
    `offsets 0 – ${(start - 1).toLocaleString('en-US')}`,
  );
});

test('a dead follower stays behind on its row while the leader’s log grows', async ({ page }) => {
  await page.goto('/?scenario=hello');
  await runFor(page, 500);
  await page.getByTestId('replica-1-orders-0').click();
  const leader = page.locator('[data-testid^="log-replica-label-"]').first();
  await expect(leader).toContainText('leader');
  const follower = page.locator('[data-testid^="log-replica-label-"]').last();
  const followerId = (await follower.getAttribute('data-testid'))!.replace(
    'log-replica-label-',
    '',
  );
  await page.getByTestId(`broker-toggle-${followerId}`).click();
  await runFor(page, 1000);
  await expect(follower).toContainText('down');
  const leo = async (label: typeof leader) =>
    Number((await label.innerText()).match(/LEO ([\d,]+)/)![1]!.replace(/,/g, ''));
  expect(await leo(leader)).toBeGreaterThan(await leo(follower));
  // Its log end offset is still labelled on the tape, even when its place is scrolled away.
  await expect(page.getByTestId(`log-leo-${followerId}`)).toBeInViewport();
});

test('page cache: a group replaying old records reads them from disk, the pages stay for the next reader, as the broker inspector and the log view show', async ({
  page,
}) => {
  // Tens of simulated seconds at 10–32×: slow on a loaded machine.
  test.slow();
  const errors = collectConsoleErrors(page);
  await page.goto('/?scenario=page-cache');
  // At 10× until the clock passes 35 s: the group "replay" reads from the earliest offset from
  // about 33 s, and the pages it read back stay until both groups catch up (about 38 s).
  await page.getByTestId('speed').fill('300');
  await page.getByTestId('play').click();
  // Paused inside the page, in the first frame past 35 s.
  await pauseInPageWhen(page, clockPast(35_000));
  await page.getByTestId('log-partition').selectOption({ label: 'clicks-0' });
  // The newest records and a range read back from disk: two ranges in memory.
  await expect(page.getByTestId('log-page-cache')).toContainText('page cache: 2 ranges');
  await expect(page.getByTestId('log-page-cache-bar')).toBeVisible();
  await expect(page.getByTestId('log-page-cache-read-back')).toBeVisible();
  await expect(page.getByTestId('log-page-cache-read-back')).toHaveAttribute(
    'title',
    /read back from disk: offsets? \d/,
  );
  const leader = (await page.getByTestId('log-summary').innerText()).match(/broker (\d+)/)?.[1];
  await page.getByTestId(`broker-${leader}`).locator('.node-title').click();
  const diskReads = page.getByTestId('inspector-broker-disk-reads');
  await expect(diskReads).toBeVisible();
  expect(Number((await diskReads.innerText()).split(' ')[0]!.replace(/,/g, ''))).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});

test('tiered storage: old records live in remote storage, the log view draws them apart and the replaying group reads them there', async ({
  page,
}) => {
  // Tens of simulated seconds at 10–32×: slow on a loaded machine.
  test.slow();
  const errors = collectConsoleErrors(page);
  await page.goto('/?scenario=tiered-storage');
  // At 32× until the clock passes 64 s: local copies older than 20 s are gone, and the group
  // "replay" started from the earliest offset at 60 s.
  await page.getByTestId('speed').fill('350');
  await page.getByTestId('play').click();
  await page.waitForFunction(
    () => Number(document.querySelector('[data-testid="clock"]')?.getAttribute('data-ms')) > 64_000,
    undefined,
    { timeout: 60_000 },
  );
  await page.getByTestId('play').click();
  await page.getByTestId('log-partition').selectOption({ label: 'events-0' });
  await expect(page.getByTestId('log-start')).toHaveText('0');
  const local = await page.getByTestId('log-local-start').innerText();
  expect(Number(local.replace(/[^\d]/g, ''))).toBeGreaterThan(0);
  await expect(page.getByTestId('log-remote')).toContainText('in remote storage');
  await expect(page.getByTestId('log-remote-key')).toContainText('remote <');
  // Remote storage is a node under the brokers, with what it holds of each tiered topic.
  await expect(page.getByTestId('remote-storage')).toBeVisible();
  await expect(page.getByTestId('remote-topic-events')).toContainText('segments');
  const leader = (await page.getByTestId('log-summary').innerText()).match(/broker (\d+)/)?.[1];
  await page.getByTestId(`broker-${leader}`).locator('.node-title').click();
  const copied = page.getByTestId('inspector-broker-remote-copied');
  await expect(copied).toBeVisible();
  expect(Number((await copied.innerText()).split(' ')[0]!.replace(/,/g, ''))).toBeGreaterThan(0);
  const reads = page.getByTestId('inspector-broker-remote-reads');
  expect(Number((await reads.innerText()).split(' ')[0]!.replace(/,/g, ''))).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});

test('log compaction: below the cleaner checkpoint the removed offsets are empty slots, a click says why, and the broker counts its cleanings', async ({
  page,
}) => {
  test.slow();
  const errors = collectConsoleErrors(page);
  await page.goto('/?scenario=log-compaction');
  // At 10× past 36 s: the brokers cleaned at 15 s and 30 s; bob's tombstone is kept.
  await page.getByTestId('speed').fill('300');
  await page.getByTestId('play').click();
  await pauseInPageWhen(page, clockPast(36_000));
  await page.getByTestId('log-partition').selectOption({ label: 'profiles-0' });
  await expect(page.getByTestId('log-compaction')).toContainText(/compacted: \d+ rec/);
  const line = page.getByTestId('log-cleaner-line');
  await expect(line).toHaveAttribute('title', /below offset \d/);
  await page.getByTestId('log-tape').evaluate((el) => (el.scrollLeft = 0));
  const removed = page.locator('.lv-cell.is-removed');
  expect(await removed.count()).toBeGreaterThan(5);
  await removed.first().click();
  await expect(page.getByTestId('record-gone')).toContainText('The log cleaner removed this');
  await page.getByTestId('record-close').click();
  await page.getByTestId('broker-1').locator('.node-title').click();
  await expect(page.getByTestId('inspector-broker-cleanings')).toContainText('2 cleanings');
  expect(errors).toEqual([]);
});

test('opening the log view refits the canvas above it, but a view the user zoomed stays put', async ({
  page,
}) => {
  await page.goto('/?scenario=hello');
  await expect(page.getByTestId('broker-3')).toBeVisible();
  const canvas = page.getByTestId('canvas');
  const viewport = page.locator('.react-flow__viewport');
  await page.getByTestId('replica-1-orders-0').click();
  await expect(page.getByTestId('log-view')).toHaveAttribute('data-open', 'true');
  // Every broker fits in the canvas that is left above the open panel.
  await expect
    .poll(async () => {
      const box = (await canvas.boundingBox())!;
      for (const id of [1, 2, 3]) {
        const b = (await page.getByTestId(`broker-${id}`).boundingBox())!;
        if (b.y < box.y || b.y + b.height > box.y + box.height + 1) return false;
      }
      return true;
    })
    .toBe(true);
  // The user zooms in; closing and opening the panel no longer moves their view.
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -300);
  await page.waitForTimeout(300);
  const zoomed = await viewport.getAttribute('style');
  await page.getByTestId('log-toggle').click();
  await expect(page.getByTestId('log-view')).toHaveAttribute('data-open', 'false');
  await page.waitForTimeout(300);
  expect(await viewport.getAttribute('style')).toBe(zoomed);
  // The fit button hands the view back: opening the log refits it again.
  await page.locator('.react-flow__controls-fitview').click();
  await page.waitForTimeout(300);
  const fitted = await viewport.getAttribute('style');
  await page.getByTestId('log-toggle').click();
  await expect(page.getByTestId('log-view')).toHaveAttribute('data-open', 'true');
  await expect.poll(() => viewport.getAttribute('style')).not.toBe(fitted);
});
