/**
 * Replica tiles end to end: a leader's whole ISR and a partition's whole name are readable,
 * and a broker's own view shows where it differs from the controller's (a zombie leader, a
 * crashed broker not fenced yet).
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { pauseInPageWhen } from './pauseInPage.ts';
import { join } from 'node:path';

const RF5 = join(import.meta.dirname, 'fixtures', 'isr-rf5.json');

async function clockMs(page: Page): Promise<number> {
  return Number(await page.getByTestId('clock').getAttribute('data-ms'));
}

/** Whether the element's text is cut off (an ellipsis) or wraps onto a second line. */
async function cutOrWrapped(el: Locator): Promise<boolean> {
  return el.evaluate((e) => {
    const lineHeight = parseFloat(getComputedStyle(e).lineHeight);
    return e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().height > lineHeight * 1.5;
  });
}

test('a leader tile shows its whole ISR of five and its whole name, with four-digit offsets', async ({
  page,
}) => {
  test.slow(); // simulated seconds at 10×, on a loaded machine
  await page.goto('/?scenario=hello');
  await page.getByTestId('import-scenario').setInputFiles(RF5);
  await expect(page.getByTestId('clock')).toHaveAttribute('data-ms', '0');
  await page.getByTestId('speed').fill('300');
  await page.getByTestId('play').click();
  await expect
    .poll(async () => (await page.getByTestId('leo-events-0').innerText()).length, {
      timeout: 30_000,
    })
    .toBeGreaterThanOrEqual(5); // "1,234"
  await page.getByTestId('play').click();
  const leaders = page.locator('[data-role="leader"]');
  await expect(leaders).toHaveCount(3);
  for (const tile of await leaders.all()) {
    const detail = tile.locator('.replica-detail');
    await expect(detail).toHaveText(/^leader ISR \[\d, \d, \d, \d, \d\]$/i);
    expect(await cutOrWrapped(detail)).toBe(false);
    expect(await cutOrWrapped(tile.locator('.replica-key'))).toBe(false);
  }
  for (const key of page.locator('.replica-key').all
    ? await page.locator('.replica-key').all()
    : [])
    expect(await cutOrWrapped(key)).toBe(false);
});

test('a cut-off leader shows that it still thinks it leads, in its old epoch', async ({ page }) => {
  test.slow();
  await page.goto('/?scenario=network-partition');
  await page.getByTestId('speed').fill('300');
  await page.getByTestId('play').click();
  // Paused inside the page, in the first frame that shows the mark: the zombie lasts only
  // until the heal at 30 s, a few wall seconds at 10× that a loaded machine may skip past.
  await pauseInPageWhen(page, `document.querySelector('[data-testid="stale-leader-3-orders-0"]')`);
  const mark = page.getByTestId('stale-leader-3-orders-0');
  await expect(mark).toBeVisible();
  expect(await clockMs(page)).toBeLessThan(30_000); // healed at 30 s
  await expect(mark).toHaveText('thinks it leads · epoch 0');
  const tile = page.getByTestId('replica-3-orders-0');
  await expect(tile).toHaveAttribute('data-role', 'outOfSync');
  await expect(tile).toHaveAttribute('title', /the controller elected broker 4 \(epoch 1\)/);
  await expect(tile).toHaveAttribute('title', /acks=1 get writes acknowledged that will be lost/);
  await expect(page.getByTestId('replica-4-orders-0')).toHaveAttribute('data-role', 'leader');
});

test('a crashed broker’s tiles say they show the controller’s view', async ({ page }) => {
  await page.goto('/?scenario=hello');
  await page.getByTestId('broker-toggle-2').click();
  const tiles = page.locator('[data-testid^="replica-2-"]');
  await expect(tiles.first()).toHaveAttribute(
    'title',
    /Broker 2 is down\. The role shown is the controller's view/,
  );
  await expect(page.getByTestId('replica-1-orders-0')).not.toHaveAttribute(
    'title',
    /controller's view/,
  );
});

test('leadership moving and a broker dying or returning are animated', async ({ page }) => {
  test.slow(); // simulated seconds at 10×, on a loaded machine
  await page.goto('/?scenario=hello');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('replica-2-orders-0')).toHaveAttribute('data-role', 'leader');
  // Every frame: any leader mark under a layout transform (framer-motion, loaded after the
  // first click, carrying the mark to the new leader's tile), and any flash over a card.
  await page.evaluate(() => {
    const w = window as unknown as { markMoved?: boolean; flashes?: string[] };
    w.flashes = [];
    const look = () => {
      for (const mark of document.querySelectorAll<HTMLElement>('.leader-mark'))
        if (mark.style.transform !== '' && mark.style.transform !== 'none') w.markMoved = true;
      for (const flash of document.querySelectorAll('.broker-flash')) {
        const kind = flash.classList.contains('is-gone') ? 'gone' : 'back';
        if (w.flashes!.at(-1) !== kind) w.flashes!.push(kind);
      }
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  const seen = () =>
    page.evaluate(() => {
      const w = window as unknown as { markMoved?: boolean; flashes?: string[] };
      return { moved: w.markMoved === true, flashes: w.flashes };
    });

  await page.getByTestId('broker-toggle-2').click();
  await expect.poll(async () => (await seen()).flashes).toEqual(['gone']);
  // Fenced after broker.session.timeout.ms: orders-0's leadership moves off broker 2.
  await page.getByTestId('speed').fill('300');
  await expect(page.getByTestId('replica-2-orders-0')).not.toHaveAttribute('data-role', 'leader', {
    timeout: 20_000,
  });
  await expect.poll(async () => (await seen()).moved).toBe(true);
  await expect(page.locator('[data-role="leader"] .leader-mark')).toHaveCount(3);

  await page.getByTestId('broker-toggle-2').click();
  await expect.poll(async () => (await seen()).flashes).toEqual(['gone', 'back']);
  // The flash fades and goes.
  await expect(page.locator('.broker-flash')).toHaveCount(0);
});
