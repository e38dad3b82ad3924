/**
 * Replica tiles end to end: a leader's whole ISR and a partition's whole name are readable,
 * and a broker's own view shows where it differs from the controller's (a zombie leader, a
 * crashed broker not fenced yet).
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { clockPast, pauseInPageWhen } from './pauseInPage.ts';
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

test('after a follower crashes, the canvas shows the countdown to fencing, its stale place in the ISR, and acks=all waiting', async ({
  page,
}) => {
  await page.goto('/?scenario=hello');
  // Crashed at t = 0, so a slow first frame cannot bring the crash close to the check.
  await page.getByTestId('broker-toggle-2').click();
  await page.getByTestId('speed').fill('300'); // 10× (the slider is logarithmic)
  await page.getByTestId('play').click();
  // 3.5 s after the crash (hello: 9 s broker.session.timeout.ms, 20 records/s, acks=all).
  await pauseInPageWhen(page, clockPast(3_500));
  await expect(page.getByTestId('broker-status-2')).toContainText(/down\s*fenced in \d s/);
  // Its follower tiles: still in the ISR (the controller has not fenced it), records behind.
  await expect(page.locator('[data-testid^="lagging-2-"]').first()).toContainText(
    /in ISR · \d+ behind/,
  );
  // The leaders wait for it before acknowledging acks=all writes: the producer waits too.
  await expect(page.getByTestId('producer-waiting-checkout')).toContainText(/no answer \d+\.\d s/);
  // Once it is fenced, the ISR shrinks, writes go on, and the countdown is gone.
  await page.getByTestId('play').click();
  await pauseInPageWhen(page, clockPast(13_000));
  await expect(page.getByTestId('broker-status-2')).toHaveText('down');
  await expect(page.locator('[data-testid^="lagging-2-"]')).toHaveCount(0);
  await expect(page.getByTestId('producer-waiting-checkout')).toHaveCount(0);
});

/**
 * Watches every frame: in how many frames a leader mark was under a layout transform
 * (framer-motion, loaded after the first click, carrying the mark to the new leader's tile;
 * a real flight lasts many frames, a jump at most one), the flashes over cards in order, and
 * how many elements are lifted for a flight now and at most.
 */
async function watchMotion(page: Page) {
  await page.evaluate(() => {
    interface Seen {
      frames: number;
      flashes: string[];
      lifted: number;
    }
    const seen: Seen = { frames: 0, flashes: [], lifted: 0 };
    (window as unknown as { motion: Seen }).motion = seen;
    const look = () => {
      const marks = [...document.querySelectorAll<HTMLElement>('.leader-mark')];
      if (marks.some((m) => m.style.transform !== '' && m.style.transform !== 'none'))
        seen.frames++;
      for (const flash of document.querySelectorAll('.broker-flash')) {
        const kind = flash.classList.contains('is-gone') ? 'gone' : 'back';
        if (seen.flashes.at(-1) !== kind) seen.flashes.push(kind);
      }
      seen.lifted = Math.max(seen.lifted, document.querySelectorAll('[data-marks-moving]').length);
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  return () =>
    page.evaluate(() => {
      const w = window as unknown as {
        motion: { frames: number; flashes: string[]; lifted: number };
      };
      return {
        movingFrames: w.motion.frames,
        flashes: w.motion.flashes,
        maxLifted: w.motion.lifted,
        liftedNow: document.querySelectorAll('[data-marks-moving]').length,
      };
    });
}

/** Opens `hello` and plays it: broker 2 leads orders-0. */
async function playHello(page: Page) {
  await page.goto('/?scenario=hello');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('replica-2-orders-0')).toHaveAttribute('data-role', 'leader');
}

/** Crashes broker 2 of `hello` and waits until orders-0's leadership has moved off it. */
async function crashLeaderAndWaitForElection(page: Page) {
  await page.getByTestId('broker-toggle-2').click();
  // Fenced after broker.session.timeout.ms: orders-0's leadership moves off broker 2.
  await page.getByTestId('speed').fill('300');
  await expect(page.getByTestId('replica-2-orders-0')).not.toHaveAttribute('data-role', 'leader', {
    timeout: 20_000,
  });
}

test('leadership moving and a broker dying or returning are animated', async ({ page }) => {
  test.slow(); // simulated seconds at 10×, on a loaded machine
  await playHello(page);
  const seen = await watchMotion(page);

  await crashLeaderAndWaitForElection(page);
  await expect.poll(async () => (await seen()).flashes).toEqual(['gone']);
  await expect.poll(async () => (await seen()).movingFrames).toBeGreaterThan(3);
  await expect(page.locator('[data-role="leader"] .leader-mark')).toHaveCount(3);
  // The flying mark's tile and card were lifted above the others, and are no more once the
  // marks have landed.
  expect((await seen()).maxLifted).toBeGreaterThan(0);
  await expect.poll(async () => (await seen()).liftedNow).toBe(0);

  await page.getByTestId('broker-toggle-2').click();
  await expect.poll(async () => (await seen()).flashes).toEqual(['gone', 'back']);
  // The flash fades and goes.
  await expect(page.locator('.broker-flash')).toHaveCount(0);
});

test('a reset starts the new run without animating from where the last one left off', async ({
  page,
}) => {
  test.slow(); // simulated seconds at 10×, on a loaded machine
  await playHello(page);
  await crashLeaderAndWaitForElection(page);
  await expect(page.locator('.broker-flash')).toHaveCount(0);
  await expect(page.locator('[data-role="leader"] .leader-mark')).toHaveCount(3);
  // The election's flights have landed: what is watched from here is the new run's.
  await expect(page.locator('[data-marks-moving]')).toHaveCount(0);
  const seen = await watchMotion(page);

  // Broker 2 is up again and leads orders-0 in the new run: neither shown as a return nor as
  // leadership moving back, and nothing left lifted from the last run's flights.
  await page.getByTestId('reset').click();
  await expect(page.getByTestId('replica-2-orders-0')).toHaveAttribute('data-role', 'leader');
  await expect(page.getByTestId('broker-2')).toHaveAttribute('data-alive', 'true');
  await page.evaluate(
    () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
  );
  await page.waitForTimeout(500); // longer than a flash takes to show, shorter than it lasts
  expect(await seen()).toEqual({ movingFrames: 0, flashes: [], maxLifted: 0, liftedNow: 0 });
});

test.describe('with prefers-reduced-motion', () => {
  test.use({ reducedMotion: 'reduce' });

  test('leadership jumps to the new leader and a crashed broker does not flash', async ({
    page,
  }) => {
    test.slow(); // simulated seconds at 10×, on a loaded machine
    await playHello(page);
    const seen = await watchMotion(page);
    await crashLeaderAndWaitForElection(page);
    await expect(page.getByTestId('broker-2')).toHaveAttribute('data-alive', 'false');
    await expect(page.locator('[data-role="leader"] .leader-mark')).toHaveCount(3);
    await page.waitForTimeout(500); // a flight or a flash would have shown by now
    const { movingFrames, ...rest } = await seen();
    // framer-motion may draw the mark at its old place for the one frame before it jumps.
    expect(movingFrames).toBeLessThanOrEqual(1);
    expect(rest).toEqual({ flashes: [], maxLifted: 0, liftedNow: 0 });
  });
});
