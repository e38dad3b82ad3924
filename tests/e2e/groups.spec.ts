/**
 * Consumer groups end to end, as a person would use them: import a scenario with a group,
 * play, crash a member from its card, and watch the session timeout move its partitions to
 * the members that are left, narrated in the event list; then inspect the group, filter the
 * events by it, add a member and switch the assignor.
 */
import { expect, test, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const CRASH = fileURLToPath(new URL('./fixtures/group-crash.json', import.meta.url));

/** The speed slider position for 5× (log scale: 200 is 1×, 100 per decade). */
const FIVE_TIMES = '270';

async function importGroupScenario(page: Page): Promise<void> {
  await page.goto('/?scenario=hello');
  await page.getByTestId('import-scenario').setInputFiles(CRASH);
  await expect(page.getByTestId('group-billing')).toBeVisible();
  await expect(page.getByTestId('clock')).toHaveText('t = 0.000 s');
}

/** The partitions a member's card shows, e.g. ['orders-0', 'orders-1']. */
async function chipsOf(page: Page, member: string): Promise<string[]> {
  const chips = page.getByTestId(`member-${member}`).locator('[data-partition]');
  return (await chips.evaluateAll((els) => els.map((e) => e.getAttribute('data-partition')!)))
    .slice()
    .sort();
}

async function playUntilStable(page: Page, members: string[]): Promise<void> {
  await expect(page.getByTestId('group-billing')).toHaveAttribute('data-state', 'Stable');
  for (const m of members)
    await expect(page.getByTestId(`member-${m}`)).toHaveAttribute('data-member-state', 'STABLE');
}

test('a crashed member’s partitions move to the others after the session timeout', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await importGroupScenario(page);
  await expect(page.getByTestId('group-billing').locator('[data-current]')).toHaveCount(0);

  await page.getByTestId('speed').fill(FIVE_TIMES);
  await page.getByTestId('play').click();
  await playUntilStable(page, ['billing-1', 'billing-2', 'billing-3']);
  await expect.poll(() => chipsOf(page, 'billing-2')).toHaveLength(2);
  const lost = await chipsOf(page, 'billing-2');
  // A member's lag is its own records-lag (from its position), named so beside the charts'
  // committed lag.
  await expect(page.getByTestId('member-billing-1').locator('.member-footer')).toContainText(
    'records-lag',
  );

  // Paused, as a teacher would, to point at the ghost before the session times out.
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  await page.getByTestId('crash-billing-2').click();
  // The coordinator has not noticed: billing-2 is a ghost, its partitions have no consumer.
  await expect(page.getByTestId('member-billing-2')).toHaveAttribute('data-member-state', 'GONE');
  for (const key of lost) await expect(page.getByTestId(`paused-billing-${key}`)).toBeVisible();
  // session.timeout.ms (3000) counts from its last heartbeat (heartbeat.interval.ms 1000).
  const left = parseFloat(await page.getByTestId('session-left-billing-2').innerText());
  expect(left).toBeGreaterThan(1.5);
  expect(left).toBeLessThanOrEqual(3);
  // framer-motion (loaded after the first click) carries each chip from the paused lane to
  // its new member: some frame shows a chip under a layout transform.
  await page.evaluate(() => {
    const w = window as unknown as { chipMoved?: boolean };
    const look = () => {
      for (const chip of document.querySelectorAll<HTMLElement>('.chip'))
        if (chip.style.transform !== '' && chip.style.transform !== 'none') w.chipMoved = true;
      if (!w.chipMoved) requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await page.getByTestId('play').click();

  // session.timeout.ms is 3000: the coordinator removes it and the group rebalances.
  await expect(page.getByTestId('member-billing-2')).toHaveCount(0, { timeout: 10_000 });
  await playUntilStable(page, ['billing-1', 'billing-3']);
  await expect
    .poll(async () =>
      [...(await chipsOf(page, 'billing-1')), ...(await chipsOf(page, 'billing-3'))].sort(),
    )
    .toEqual(['orders-0', 'orders-1', 'orders-2', 'orders-3', 'orders-4', 'orders-5']);
  await expect(page.getByTestId('paused-billing').locator('li')).toHaveCount(0);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { chipMoved?: boolean }).chipMoved))
    .toBe(true);

  const events = page.getByTestId('event-list');
  await expect(events).toContainText('billing-2 crashed: no LeaveGroup');
  await expect(events).toContainText(
    /billing-2 left the group billing \(coordinator: broker \d\): session timeout: no heartbeat for session.timeout.ms \(3,000 ms\)/,
  );
  await expect(events).toContainText('Stable → PreparingRebalance');
  await expect(events).toContainText(
    /Generation \d+ of billing \(range\): .*billing-1 ← orders-0, orders-1, orders-2/,
  );
  expect(errors).toEqual([]);
});

test('a crashed member is restarted from its card and takes partitions again', async ({ page }) => {
  await importGroupScenario(page);
  await page.getByTestId('speed').fill(FIVE_TIMES);
  await page.getByTestId('play').click();
  await playUntilStable(page, ['billing-1', 'billing-2', 'billing-3']);
  // Paused: the ghost lasts session.timeout.ms (3 s), 0.6 s of wall time at 5×.
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  await page.getByTestId('crash-billing-2').click();
  await expect(page.getByTestId('member-billing-2')).toHaveAttribute('data-member-state', 'GONE');
  // The ghost offers a restart (and no crash or leave: there is no process to stop).
  await expect(page.getByTestId('crash-billing-2')).toHaveCount(0);
  await page.getByTestId('restart-billing-2').click();
  await page.getByTestId('play').click();
  await playUntilStable(page, ['billing-1', 'billing-2', 'billing-3']);
  await expect.poll(() => chipsOf(page, 'billing-2')).toHaveLength(2);
  await expect(page.getByTestId('event-list')).toContainText('Command consumer.add');
});

test('the group inspector describes the group; its events can be filtered', async ({ page }) => {
  await importGroupScenario(page);
  await page.getByTestId('speed').fill(FIVE_TIMES);
  await page.getByTestId('play').click();
  await playUntilStable(page, ['billing-1', 'billing-2', 'billing-3']);
  await page.getByTestId('play').click();

  await page.getByTestId('group-billing').locator('.group-header').click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector.getByTestId('inspector-title')).toHaveText('billing');
  await expect(inspector.getByTestId('inspector-group-state')).toHaveText('Stable');
  await expect(inspector.getByTestId('inspector-describe').locator('tbody tr')).toHaveCount(6);
  await expect(inspector.getByTestId('inspector-rebalances')).not.toHaveText('0');

  await inspector.getByTestId('inspector-filter').click();
  await expect(page.getByTestId('event-filter')).toHaveValue('group:billing');
  const texts = await page.getByTestId('event').allInnerTexts();
  expect(texts.length).toBeGreaterThan(0);
  expect(texts.every((t) => /billing/.test(t))).toBe(true);
  expect(texts.some((t) => /Broker \d+ is the active controller/.test(t))).toBe(false);

  // Clicking an event selects what it is about.
  await page.getByTestId('event').filter({ hasText: 'billing-3 is in generation' }).first().click();
  await expect(inspector.getByTestId('inspector-title')).toHaveText('billing-3');
});

test('a member is added from the group, and the assignor switched to cooperative-sticky', async ({
  page,
}) => {
  await importGroupScenario(page);
  await page.getByTestId('speed').fill(FIVE_TIMES);
  await page.getByTestId('play').click();
  await playUntilStable(page, ['billing-1', 'billing-2', 'billing-3']);

  await page.getByTestId('add-member-billing').click();
  await expect(page.getByTestId('member-billing-4')).toBeVisible();
  await playUntilStable(page, ['billing-1', 'billing-2', 'billing-3', 'billing-4']);

  await page.getByTestId('assignor-billing').selectOption('cooperative-sticky');
  await expect(page.getByTestId('protocol-billing')).toHaveText('cooperative');
  await expect(page.getByTestId('event-list')).toContainText(
    'partition.assignment.strategy=cooperative-sticky; every member rejoins',
  );
  await expect(page.getByTestId('event-list')).toContainText(/\(cooperative-sticky\)/, {
    timeout: 10_000,
  });
});
