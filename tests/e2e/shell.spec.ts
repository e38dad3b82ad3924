/**
 * The app shell end to end: the page loads cleanly, Play moves the simulated clock and the
 * leaders' logs, Pause stops both, and Space does what the Play button does.
 */
import { expect, test, type Page } from '@playwright/test';

/** The clock's value in simulated ms (the element carries it exactly in data-ms). */
async function clockMs(page: Page): Promise<number> {
  return Number(await page.getByTestId('clock').getAttribute('data-ms'));
}

/** The sum of the leaders' log end offsets of topic `orders` (hello: three partitions). */
async function leaderLogEndOffsets(page: Page): Promise<number> {
  let total = 0;
  for (const p of [0, 1, 2]) {
    const text = await page.getByTestId(`leo-orders-${p}`).innerText();
    total += Number(text.replace(/,/g, ''));
  }
  return total;
}

function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  return errors;
}

test('the page loads with the clock at zero and no console errors', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/?scenario=hello');
  await expect(page.getByTestId('clock')).toHaveText('t = 0.000 s');
  await expect(page.getByTestId('seed')).toContainText('seed');
  await expect(page.getByTestId('broker-1')).toBeVisible();
  await expect(page.getByTestId('producer-checkout')).toBeVisible();
  await expect(page.getByTestId('consumer-billing')).toBeVisible();
  await expect(page.getByTestId('play')).toBeEnabled();
  expect(errors).toEqual([]);
});

test('every partition shows one leader and two in-sync followers, and broker 1 is the active controller', async ({
  page,
}) => {
  await page.goto('/?scenario=hello');
  const followers = page.locator('[data-role="follower"]');
  // Three partitions with replication factor 3: one leader and two followers each.
  await expect(followers).toHaveCount(6);
  await expect(followers.first()).toContainText('in sync');
  await expect(page.locator('[data-role="leader"]')).toHaveCount(3);
  await expect(page.getByTestId('broker-1')).toContainText('active controller');
});

test('play advances the clock and the leaders’ logs; pause stops them', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/?scenario=hello');
  await expect(page.getByTestId('clock')).toHaveText('t = 0.000 s');
  const leoBefore = await leaderLogEndOffsets(page);

  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => clockMs(page)).toBeGreaterThan(1_000);
  await expect.poll(() => leaderLogEndOffsets(page)).toBeGreaterThan(leoBefore);
  await expect.poll(() => page.getByTestId('producer-acked-checkout').innerText()).not.toBe('0');

  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  const pausedAt = await clockMs(page);
  const leoPaused = await leaderLogEndOffsets(page);
  // Half a second of wall time is 500 simulated ms at 1×: nothing may move while paused.
  await page.waitForTimeout(500);
  expect(await clockMs(page)).toBe(pausedAt);
  expect(await leaderLogEndOffsets(page)).toBe(leoPaused);
  expect(errors).toEqual([]);
});

test('space toggles playback, also right after a button was clicked', async ({ page }) => {
  await page.goto('/?scenario=hello');
  await page.getByTestId('step').click();
  await expect(page.getByTestId('clock')).toHaveText('t = 0.010 s');
  // Focus is on the step button: Space must play, not step again.
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(() => clockMs(page)).toBeGreaterThan(200);
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
});

test('reset starts the scenario again from zero, paused', async ({ page }) => {
  await page.goto('/?scenario=hello');
  await page.getByTestId('play').click();
  await expect.poll(() => clockMs(page)).toBeGreaterThan(300);
  await page.getByTestId('reset').click();
  await expect(page.getByTestId('clock')).toHaveText('t = 0.000 s');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  await expect(page.getByTestId('leo-orders-0')).toHaveText('0');
});

test('an unknown ?scenario= falls back to the first scenario with a notice', async ({ page }) => {
  await page.goto('/?scenario=no-such-thing');
  await expect(page.getByTestId('toast')).toContainText('no-such-thing');
  await expect(page.getByTestId('clock')).toHaveText('t = 0.000 s');
});

test('the scenario picker switches scenarios and updates the link', async ({ page }) => {
  await page.goto('/?scenario=hello');
  await page.getByTestId('scenario').selectOption('keys-and-partitions');
  await expect(page).toHaveURL(/scenario=keys-and-partitions/);
  await expect(page.getByTestId('producer-keyed')).toBeVisible();
  await expect(page.getByTestId('clock')).toHaveText('t = 0.000 s');
});

test('after a scenario is picked with the keyboard, Space plays it (the picker lets go of the keys)', async ({
  page,
}) => {
  await page.goto('/?scenario=hello');
  const picker = page.getByTestId('scenario');
  await picker.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page).not.toHaveURL(/scenario=hello/);
  const picked = await picker.inputValue();
  await expect(picker).not.toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'true');
  // A letter no longer reaches the picker's type-to-select: the scenario stays.
  await page.keyboard.press('c');
  await expect(picker).toHaveValue(picked);
});

test('a broker crashes and restarts from its node, and the event list says so', async ({
  page,
}) => {
  await page.goto('/?scenario=hello');
  await page.getByTestId('broker-toggle-1').click();
  await expect(page.getByTestId('broker-1')).toHaveAttribute('data-alive', 'false');
  await expect(page.getByTestId('event-list')).toContainText('Broker 1 crashed');
  await page.getByTestId('broker-toggle-1').click();
  await expect(page.getByTestId('broker-1')).toHaveAttribute('data-alive', 'true');
});

test('the top bar’s controls never overlap, from 1280 px wide up', async ({ page }) => {
  // The longest scenario name in the picker.
  await page.goto('/?scenario=graceful-shutdown');
  await expect(page.getByTestId('play')).toBeEnabled();
  for (let width = 1280; width <= 1920; width += 40) {
    await page.setViewportSize({ width, height: 800 });
    const problems = await page.evaluate(() => {
      const items = [...document.querySelectorAll('.topbar > .topbar-group > *')].filter(
        (e) => getComputedStyle(e).position !== 'absolute',
      );
      const rects = items.map((e) => e.getBoundingClientRect());
      const out: string[] = [];
      rects.forEach((a, i) => {
        if (a.right > innerWidth) out.push(`${items[i]!.className} ends past the window`);
        rects.slice(i + 1).forEach((b, k) => {
          const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (x > 0.5 && y > 0.5)
            out.push(`${items[i]!.className} overlaps ${items[i + 1 + k]!.className}`);
        });
      });
      return out;
    });
    expect(problems, `at ${width} px`).toEqual([]);
  }
});

for (const scenario of ['hello', 'keys-and-partitions', 'retention', 'classroom']) {
  test(`no two nodes overlap (${scenario})`, async ({ page }) => {
    await page.goto(`/?scenario=${scenario}`);
    await expect(page.getByTestId('clock')).toHaveText('t = 0.000 s');
    const nodes = page.locator('.react-flow__node');
    await expect(nodes.first()).toBeVisible();
    const boxes = await nodes.evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return {
          id: el.getAttribute('data-id'),
          member: el.classList.contains('react-flow__node-member'),
          group: el.classList.contains('react-flow__node-consumerGroup'),
          left: r.left,
          top: r.top,
          right: r.right,
          bottom: r.bottom,
        };
      }),
    );
    const overlaps: string[] = [];
    boxes.forEach((a, i) =>
      boxes.slice(i + 1).forEach((b) => {
        const apart =
          a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
        // A group member sits inside its group's container: inside, not overlapping.
        const [outer, inner] = a.group && b.member ? [a, b] : b.group && a.member ? [b, a] : [];
        const inside =
          outer !== undefined &&
          inner !== undefined &&
          inner.left >= outer.left &&
          inner.right <= outer.right &&
          inner.top >= outer.top &&
          inner.bottom <= outer.bottom;
        if (!apart && !inside) overlaps.push(`${a.id} overlaps ${b.id}`);
      }),
    );
    expect(overlaps).toEqual([]);
  });
}

test('at a speed the engine cannot reach, the page keeps drawing and says how fast it really runs', async ({
  page,
}) => {
  await page.goto('/?scenario=large');
  const speed = page.getByTestId('speed');
  await speed.fill((await speed.getAttribute('max'))!);
  await page.getByTestId('play').click();
  const reached = page.getByTestId('speed-reached');
  await expect(reached).toBeVisible({ timeout: 15_000 });
  await expect(reached).toContainText(/running at [\d.]+×/);
  // The clock still moves, frame after frame.
  const before = await clockMs(page);
  await expect.poll(() => clockMs(page), { timeout: 10_000 }).toBeGreaterThan(before);
  // At 1× large keeps up again and the notice goes.
  await speed.dblclick(); // double-click: back to 1×
  await expect(page.getByTestId('speed-value')).toHaveText('1×');
  await expect(reached).toHaveCount(0, { timeout: 15_000 });
});

test('the sidebar says what the scenario is about until something is selected or it plays, and Reset empties the event list', async ({
  page,
}) => {
  await page.goto('/?scenario=unclean-election-on');
  const note = page.getByTestId('scenario-note');
  await expect(note).toContainText('Unclean leader election on');
  await expect(note).toContainText('unclean.leader.election.enable=true');
  // It folds away.
  await note.locator('summary').click();
  await expect(note.getByText('unclean.leader.election.enable=true')).toBeHidden();
  await note.locator('summary').click();
  // Selecting a broker puts the inspector in its place; closing the inspector brings it back.
  await page.getByTestId('broker-1').locator('.node-title').click();
  await expect(note).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('scenario-note')).toBeVisible();
  // Events from a run are gone after Reset: the new run starts with an empty list.
  await page.getByTestId('speed').fill('300');
  await page.getByTestId('play').click();
  // Playing folds the note, so the events get the room.
  await expect(page.getByText('unclean.leader.election.enable=true')).toBeHidden();
  await expect(page.getByTestId('event').first()).toBeVisible();
  await page.getByTestId('play').click();
  await page.getByRole('button', { name: 'Reset' }).click();
  await expect(page.getByTestId('event')).toHaveCount(0);
  await expect(page.getByTestId('clock')).toHaveAttribute('data-ms', '0');
});

test('the help panel lists questions with the scenario that answers each, and a click opens it', async ({
  page,
}) => {
  await page.goto('/?scenario=hello');
  await page.getByTestId('help-toggle').click();
  const lessons = page.getByTestId('help-lessons');
  await expect(lessons).toContainText('Do consumers without a group share an offset?');
  await page.getByTestId('lesson-standalone-consumers').click();
  await expect(page.getByTestId('help')).toHaveCount(0);
  await expect(page.getByTestId('scenario')).toHaveValue('standalone-consumers');
  await expect(page).toHaveURL(/scenario=standalone-consumers/);
  await expect(page.getByTestId('scenario-note')).toContainText(
    'Consumers without a group each keep their own position',
  );
  await expect(page.getByTestId('consumer-mirror')).toBeVisible();
});

test('importing a broken scenario file lists every problem, and the running simulation keeps running', async ({
  page,
}) => {
  await page.goto('/?scenario=hello');
  await page.getByTestId('speed').fill('300');
  await page.getByTestId('play').click();
  await expect.poll(() => clockMs(page)).toBeGreaterThan(500);
  await page.getByTestId('import-scenario').setInputFiles('tests/e2e/fixtures/broken-many.json');
  const toast = page.getByTestId('toast');
  await expect(toast).toContainText('Could not import broken-many.json: 11 problems');
  await expect(toast.locator('li')).toHaveCount(11);
  await expect(toast).toContainText("producers[9].topic: Topic 'missing-9' does not exist");
  // Nothing changed: the same scenario plays on.
  await expect(page.getByTestId('scenario')).toHaveValue('hello');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'true');
  const before = await clockMs(page);
  await expect.poll(() => clockMs(page)).toBeGreaterThan(before + 500);
});

test('the theme button switches between the system’s theme, light and dark, and remembers', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/?scenario=hello');
  const theme = page.getByTestId('theme');
  const background = () =>
    page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--bg'));
  const light = await background();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(theme).toHaveAttribute('data-choice', 'system');
  await theme.click(); // dark, whatever the system says
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(theme).toHaveAttribute('data-choice', 'dark');
  expect(await background()).not.toBe(light);
  // Remembered across a reload, and set before the first paint (index.html).
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(theme).toHaveAttribute('data-choice', 'dark');
  await theme.click(); // light for good: it no longer follows the system
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(theme).toHaveAttribute('data-choice', 'light');
  await theme.click(); // following the system again
  await expect(theme).toHaveAttribute('data-choice', 'system');
  // Following the system, it follows a change of the system's theme.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

/** How many rows the brokers' cards form on the canvas (their distinct tops). */
async function brokerRows(page: Page, ids: number[]): Promise<number> {
  const tops = new Set<number>();
  for (const id of ids) {
    const box = await page.getByTestId(`broker-${id}`).boundingBox();
    tops.add(Math.round(box!.y));
  }
  return tops.size;
}

test('focus (F) folds the side panel away and the brokers fill the room; a selection opens the inspector alone', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?scenario=classroom');
  const sidebar = page.getByTestId('sidebar');
  await expect(sidebar).toBeVisible();
  // A 3:2 canvas beside the side panel: the three brokers in a grid of two rows.
  await expect.poll(() => brokerRows(page, [1, 2, 3])).toBe(2);
  await page.keyboard.press('f');
  await expect(sidebar).toHaveCount(0);
  await expect(page.getByTestId('focus')).toHaveAttribute('aria-pressed', 'true');
  // The whole width: the brokers in one row.
  await expect.poll(() => brokerRows(page, [1, 2, 3])).toBe(1);
  // Selecting a broker opens the inspector, without the event list, and the cards keep their
  // arrangement (the one just clicked does not jump away).
  await page.getByTestId('broker-2').locator('.node-title').click();
  await expect(page.getByTestId('inspector')).toBeVisible();
  await expect(page.getByTestId('event-filter')).toHaveCount(0);
  // Once the canvas has made room for the inspector (and been refitted), still one row.
  const canvas = page.getByTestId('canvas');
  await expect.poll(async () => Math.round((await canvas.boundingBox())!.width)).toBe(980);
  await page.waitForTimeout(300);
  expect(await brokerRows(page, [1, 2, 3])).toBe(1);
  // F with the broker still selected lays the canvas out for its own shape again: two rows.
  await page.keyboard.press('f');
  await expect(page.getByTestId('event-filter')).toBeVisible();
  await expect.poll(() => brokerRows(page, [1, 2, 3])).toBe(2);
  await page.keyboard.press('f');
  await expect.poll(() => brokerRows(page, [1, 2, 3])).toBe(1);
  await page.keyboard.press('Escape');
  await expect(sidebar).toHaveCount(0);
  // The button under the zoom buttons brings the panel back.
  await page.getByTestId('focus').click();
  await expect(page.getByTestId('event-filter')).toBeVisible();
  await expect.poll(() => brokerRows(page, [1, 2, 3])).toBe(2);
  // The charts open under the canvas: a wide, low canvas, so the brokers go in one row.
  await page.getByTestId('charts-toggle').click();
  await expect.poll(() => brokerRows(page, [1, 2, 3])).toBe(1);
  // In focus, removing the selected producer leaves no empty panel behind.
  await page.keyboard.press('f');
  await page.getByTestId('producer-producer-2').locator('.node-title').click();
  await expect(page.getByTestId('inspector')).toBeVisible();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('producer-producer-2')).toHaveCount(0);
  await expect(sidebar).toBeHidden();
  await expect
    .poll(async () => Math.round((await page.getByTestId('canvas').boundingBox())!.width))
    .toBe(1280);
});

test('fitted small, the canvas sets names and numbers larger; zoomed in, it shows every label again', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/?scenario=classroom');
  const flow = page.locator('.react-flow');
  await expect(flow).toHaveAttribute('data-detail', 'far');
  const tile = page.getByTestId('replica-1-orders-0');
  const key = tile.locator('.replica-key');
  const farSize = await key.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  // A follower's role badge gives its room to the name; its state stays ("in sync").
  await expect(tile.locator('.role-badge')).toBeHidden();
  await expect(page.getByTestId('replica-detail-1-orders-0')).toContainText('in sync');
  for (let i = 0; i < 3; i++) await page.locator('.react-flow__controls-zoomin').click();
  await expect(flow).toHaveAttribute('data-detail', 'near');
  await expect(tile.locator('.role-badge')).toBeVisible();
  expect(await key.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))).toBeLessThan(
    farSize,
  );
});
