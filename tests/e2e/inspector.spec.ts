/**
 * Breaking and changing things as a person would: a producer's acks changed in the inspector
 * (and a bad value refused in place while the clock runs on), a broker crashed from its context
 * menu with leadership moving and the event narrated, the keyboard shortcuts (never while
 * typing), and a run exported and imported again.
 */
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { partitionForKey } from '../../src/engine/index.ts';

async function clockMs(page: Page): Promise<number> {
  return Number(await page.getByTestId('clock').getAttribute('data-ms'));
}

/** The broker whose tile leads `key` (e.g. "orders-0"). */
async function leaderOf(page: Page, key: string): Promise<number | null> {
  const tiles = page.locator(`[data-testid$="-${key}"][data-role="leader"]`);
  // The canvas draws once the scenario file has loaded.
  await tiles.first().waitFor();
  if ((await tiles.count()) !== 1) return null;
  const id = await tiles.first().getAttribute('data-testid');
  return Number(/^replica-(\d+)-/.exec(id ?? '')?.[1]);
}

test('acks changed in the inspector takes effect; a refused value is explained in place while the clock runs', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/?scenario=hello');
  await page.getByTestId('producer-checkout').click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-kind', 'producer');
  await expect(page.getByTestId('config-input-acks')).toHaveValue('all');
  await expect(page.getByTestId('config-acks')).toContainText('(default)');

  await page.getByTestId('config-input-acks').selectOption('1');
  await expect(page.getByTestId('producer-acks-checkout')).toHaveText('acks=1');
  await expect(page.getByTestId('config-input-acks')).toHaveValue('1');
  await expect(page.getByTestId('event-list')).toContainText('Producer checkout config changed');
  // acks=1 turns the default idempotence off, silently (ProducerConfig).
  await expect(page.getByTestId('inspector-idempotence')).toHaveText('off');

  // Playing: a refused change leaves the simulation running.
  await page.getByTestId('speed').fill('300');
  await page.getByTestId('play').click();
  await page.getByTestId('config-input-linger.ms').fill('-5');
  await page.getByTestId('config-input-linger.ms').press('Enter');
  await expect(page.getByTestId('config-error-linger.ms')).toContainText('must be at least 0');
  await expect(page.getByTestId('config-input-linger.ms')).toHaveAttribute('aria-invalid', 'true');
  // Explicit idempotence with acks=1 is a ConfigException in Kafka: refused with its words.
  await page.getByTestId('config-input-enable.idempotence').selectOption('true');
  await expect(page.getByTestId('config-error-enable.idempotence')).toContainText(
    'Must set acks to all',
  );
  await expect(page.getByTestId('producer-acks-checkout')).toHaveText('acks=1');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'true');
  const at = await clockMs(page);
  await expect.poll(() => clockMs(page)).toBeGreaterThan(at + 500);
  expect(await page.getByTestId('toast').count()).toBe(0);
  expect(errors).toEqual([]);
});

test('a broker crashed from its context menu loses its leadership, and the event list says so', async ({
  page,
}) => {
  await page.goto('/?scenario=hello');
  const leader = await leaderOf(page, 'orders-0');
  expect(leader).not.toBeNull();
  await page.getByTestId(`broker-${leader}`).locator('.node-title').click({ button: 'right' });
  await expect(page.getByTestId('context-menu')).toBeVisible();
  await expect(page.getByTestId('context-menu')).toContainText(`broker ${leader}`);
  await page.getByTestId('menu-crash').click();
  await expect(page.getByTestId('context-menu')).toHaveCount(0);
  await expect(page.getByTestId(`broker-${leader}`)).toHaveAttribute('data-alive', 'false');
  await expect(page.getByTestId('event-list')).toContainText(`Broker ${leader} crashed`);

  // The controller fences it after broker.session.timeout.ms and elects another leader.
  await page.getByTestId('speed').fill('300');
  await page.getByTestId('play').click();
  await expect.poll(() => leaderOf(page, 'orders-0'), { timeout: 15_000 }).not.toBe(leader);
  const next = await leaderOf(page, 'orders-0');
  expect(next).not.toBeNull();
  await expect(page.getByTestId('event-list')).toContainText(
    `orders-0: leader is now broker ${next}`,
  );
  await page.getByTestId('play').click();

  // Restart from the menu too: the item follows the broker's state.
  await page.getByTestId(`broker-${leader}`).locator('.node-title').click({ button: 'right' });
  await page.getByTestId('menu-restart').click();
  await expect(page.getByTestId(`broker-${leader}`)).toHaveAttribute('data-alive', 'true');
});

test('a broker shut down gracefully hands its leadership over first, then stops', async ({
  page,
}) => {
  await page.goto('/?scenario=hello');
  // The canvas may still be drawing its tiles on a busy machine.
  await expect(page.locator('[data-testid$="-orders-0"][data-role="leader"]')).toHaveCount(1);
  const leader = await leaderOf(page, 'orders-0');
  expect(leader).not.toBeNull();
  await page.getByTestId(`broker-${leader}`).locator('.node-title').click({ button: 'right' });
  await page.getByTestId('menu-shutdown').click();
  await expect(page.getByTestId(`stopping-${leader}`)).toBeVisible();
  await expect(page.getByTestId('event-list')).toContainText(
    `Broker ${leader} is shutting down: it asks the controller for a controlled shutdown`,
  );
  // Stepping: its heartbeat reaches the controller, which moves the leadership at once.
  for (let i = 0; i < 3; i++) await page.getByTestId('step').click();
  await expect.poll(() => leaderOf(page, 'orders-0')).not.toBe(leader);
  await expect(page.getByTestId(`broker-${leader}`)).toHaveAttribute('data-alive', 'true');
  await expect(page.getByTestId('event-list')).toContainText('(controlled shutdown)');
  // It stops once the other brokers have heartbeated the new metadata (a few seconds).
  await page.getByTestId('speed').fill('300');
  await page.getByTestId('play').click();
  await expect(page.getByTestId(`broker-${leader}`)).toHaveAttribute('data-alive', 'false', {
    timeout: 15_000,
  });
  await page.getByTestId('play').click();
  await expect(page.getByTestId('event-list')).toContainText(`Broker ${leader} stopped cleanly`);
});

test('keys act on the selected entity, but not while typing; ? shows them all', async ({
  page,
}) => {
  await page.goto('/?scenario=hello');
  // The page starts once its first scenario's file is in (it loads with the page's code).
  await expect(page.getByTestId('play')).toBeEnabled();
  await page.keyboard.press('?');
  await expect(page.getByTestId('help')).toContainText('Keyboard shortcuts');
  await expect(page.getByTestId('help')).toContainText(
    'cut off from the other brokers and the controller (clients still reach it) / reconnect',
  );
  await expect(page.getByTestId('help-simplifications')).toContainText(
    'The KRaft quorum is simplified',
  );
  // The canvas's key: a drawn sample for each kind of line and message.
  const legend = page.getByTestId('help-legend');
  await expect(legend).toContainText('group coordinator');
  await expect(legend.locator('.legend-sample')).toHaveCount(9);
  // The study notes' ideas around Kafka, with where the simulator shows Kafka's part.
  await expect(page.getByTestId('help-around')).toContainText('KIP-500');
  await expect(page.getByTestId('help-around')).toContainText('Kappa');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help')).toHaveCount(0);

  await page.getByTestId('broker-3').locator('.node-title').click();
  await expect(page.getByTestId('inspector-title')).toHaveText('Broker 3');
  await page.keyboard.press('i');
  await expect(page.getByTestId('inspector-broker-status')).toHaveText('isolated');
  await page.keyboard.press('i');
  await expect(page.getByTestId('inspector-broker-status')).toHaveText('up');
  await page.keyboard.press('c');
  await expect(page.getByTestId('broker-3')).toHaveAttribute('data-alive', 'false');
  // A down broker has no links to cut: the inspector offers only what makes sense.
  await expect(page.getByTestId('inspector-broker-isolate')).toHaveCount(0);
  await expect(page.getByTestId('inspector-broker-slow')).toHaveCount(0);
  await page.keyboard.press('r');
  await expect(page.getByTestId('broker-3')).toHaveAttribute('data-alive', 'true');

  // Typing a "c" into a field crashes nothing.
  await page.getByTestId('add-topic').click();
  await page.getByTestId('topic-name').fill('');
  await page.getByTestId('topic-name').pressSequentially('cc');
  await expect(page.getByTestId('broker-3')).toHaveAttribute('data-alive', 'true');
  await page.getByTestId('topic-partitions').fill('2');
  await page.getByTestId('topic-cleanup-policy').selectOption('compact');
  await page.getByTestId('topic-create').click();
  await expect(page.getByTestId('event-list')).toContainText('cc');
  await expect(
    page.locator('[data-testid^="replica-"][data-testid$="-cc-1"]').first(),
  ).toBeVisible();
  // A compacted topic: its log view says so.
  await page.getByTestId('log-partition').selectOption({ label: 'cc-0' });
  await expect(page.getByTestId('log-compaction')).toHaveText('compacted: 0 rec');

  // Delete removes the selected producer.
  await page.getByTestId('producer-checkout').click();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('producer-checkout')).toHaveCount(0);
});

/** hello at 10×, paused past 1.5 s, broker 2 crashed, one step on: the crash's simulated time. */
async function crashBroker2MidRun(page: Page): Promise<number> {
  await page.goto('/?scenario=hello');
  await page.getByTestId('speed').fill('300');
  await page.getByTestId('play').click();
  await expect.poll(() => clockMs(page)).toBeGreaterThan(1500);
  await page.getByTestId('play').click();
  const crashedAt = await clockMs(page);
  await page.getByTestId('broker-toggle-2').click();
  await page.getByTestId('step').click();
  return crashedAt;
}

/** A replayed run starts at zero with broker 2 up, and plays to its crash at `crashedAt`. */
async function expectReplayOfCrash(page: Page, crashedAt: number): Promise<void> {
  await expect(page.getByTestId('clock')).toHaveText('t = 0.000 s');
  await expect(page.getByTestId('broker-2')).toHaveAttribute('data-alive', 'true');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('broker-2')).toHaveAttribute('data-alive', 'false');
  await page.getByTestId('play').click();
  expect(await clockMs(page)).toBeGreaterThanOrEqual(crashedAt);
}

test('export saves the run; importing the file replays it', async ({ page }) => {
  const crashedAt = await crashBroker2MidRun(page);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-scenario').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^hello-t\d+\.\d{3}s\.json$/);
  const path = await download.path();
  const scenario = JSON.parse(await readFile(path, 'utf8')) as {
    seed: number;
    timeline: { at: number; command: { type: string } }[];
  };
  expect(scenario.seed).toBe(1);
  expect(scenario.timeline).toEqual([
    { at: crashedAt, command: { type: 'broker.crash', broker: 2 } },
  ]);

  await page.getByTestId('import-scenario').setInputFiles(path);
  await expectReplayOfCrash(page, crashedAt);
});

test('Link puts the run in the address; opening it replays the run; a damaged link says so and hello runs', async ({
  page,
}) => {
  const crashedAt = await crashBroker2MidRun(page);

  await page.getByTestId('share-link').click();
  // Copied, or (without clipboard access) left in the address bar: either way it is there.
  await expect(page.getByTestId('toast')).toContainText('replays this run from the start');
  await expect(page).toHaveURL(/#run=[A-Za-z0-9_-]+$/);
  const link = page.url();
  expect(link).not.toContain('scenario=');

  const other = await page.context().newPage();
  await other.goto(link);
  await other.getByTestId('speed').fill('300');
  await expectReplayOfCrash(other, crashedAt);
  // Picking a shipped scenario drops the run from the address.
  await other.getByTestId('scenario').selectOption('retention');
  await expect(other).toHaveURL(/\?scenario=retention$/);

  await other.goto(`${link.slice(0, link.length - 12)}`);
  await expect(other.getByTestId('toast')).toContainText('Could not open the link');
  await expect(other.getByTestId('clock')).toHaveText('t = 0.000 s');
  await expect(other.getByTestId('broker-3')).toBeVisible();
});

test('retries without idempotence write batches out of order, and the producer inspector counts them', async ({
  page,
}) => {
  await page.goto('/?scenario=idempotence');
  await page.getByTestId('speed').fill('300');
  await page.getByTestId('play').click();
  await expect.poll(() => clockMs(page), { timeout: 15_000 }).toBeGreaterThan(7_000);
  await page.getByTestId('play').click();
  await page.getByTestId('producer-plain').click();
  await expect(page.getByTestId('inspector')).toHaveAttribute('data-kind', 'producer');
  await expect(page.getByTestId('inspector-idempotence')).toHaveText('off');
  expect(
    Number(await page.getByTestId('inspector-producer-reordered').innerText()),
  ).toBeGreaterThan(0);
  await page.getByTestId('producer-idempotent').click();
  await expect(page.getByTestId('inspector-idempotence')).toHaveText('on');
  await expect(page.getByTestId('inspector-producer-reordered')).toHaveText('0');
});

test('+ Broker adds a broker that registers, and the event list says existing partitions stay put', async ({
  page,
}) => {
  await page.goto('/?scenario=hello');
  await expect(page.getByTestId('broker-3')).toBeVisible();
  await expect(page.getByTestId('broker-4')).toHaveCount(0);
  await page.getByTestId('add-broker').click();
  // The view refits to take the new broker in.
  await expect(page.getByTestId('broker-4')).toBeInViewport({ ratio: 0.99 });
  await expect(page.getByTestId('event-list')).toContainText(
    'Broker 4 joined the cluster: existing partitions stay where they are',
  );
  await page.getByTestId('speed').fill('300');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('event-list')).toContainText('unfenced broker 4', {
    timeout: 10_000,
  });
  await expect.poll(() => clockMs(page), { timeout: 15_000 }).toBeGreaterThan(3_000);
  await page.getByTestId('play').click();
  // No replicas moved to it.
  await expect(page.getByTestId('broker-4')).toContainText('no replicas');
});

test('a partition reassigned from its inspector moves to the new broker, which copies it; a bad list is refused in place', async ({
  page,
}) => {
  test.slow();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/?scenario=hello');
  await page.getByTestId('add-broker').click();
  // A reassignment may name only registered brokers: broker 4 registers first.
  await page.getByTestId('speed').fill('200');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('event-list')).toContainText('unfenced broker 4', {
    timeout: 10_000,
  });
  await page.getByTestId('play').click();
  await page.getByTestId('replica-1-orders-0').click();
  const input = page.getByTestId('reassign-input');
  // The field starts with the current replicas; broker 1's place goes to broker 4.
  const current = await input.inputValue();
  expect(current.split(', ').sort()).toEqual(['1', '2', '3']);
  await page.getByTestId('reassign').click();
  await expect(page.getByTestId('reassign-error')).toContainText('are the replicas already');
  await input.fill('4, 4');
  await page.getByTestId('reassign').click();
  await expect(page.getByTestId('reassign-error')).toContainText('broker 4 more than once');
  await input.fill(current.replace('1', '4'));
  await page.getByTestId('reassign').click();
  await expect(page.getByTestId('reassign-error')).toHaveCount(0);
  await expect(page.getByTestId('inspector-partition-reassigning')).toHaveText(
    'adding [4], removing [1]',
  );
  await expect(page.getByTestId('replica-4-orders-0')).toContainText('adding');
  await page.getByTestId('play').click();
  // Broker 4 copies the log and joins the ISR; that completes the move.
  await expect(page.getByTestId('inspector-partition-reassigning')).toHaveCount(0, {
    timeout: 30_000,
  });
  await page.getByTestId('play').click();
  await expect(page.getByTestId('event-list')).toContainText('Reassignment of orders-0 done');
  await expect(page.getByTestId('replica-4-orders-0')).toBeVisible();
  await expect(page.getByTestId('replica-1-orders-0')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('a record sent from the producer inspector lands where murmur2 of its key says, as its detail shows', async ({
  page,
}) => {
  await page.goto('/?scenario=hello');
  await page.getByTestId('producer-checkout').click();
  await page.getByTestId('producer-send-input').fill('zed');
  await page.getByTestId('producer-send').click();
  // Time moves the record to the leader; then its partition's log shows it.
  await page.getByTestId('speed').fill('248');
  await page.getByTestId('play').click();
  await expect.poll(() => clockMs(page), { timeout: 10_000 }).toBeGreaterThan(300);
  await page.getByTestId('play').click();
  // murmur2("zed") % 3, as Kafka's Utils computes it (tests/engine/murmur2.test.ts).
  const partition = partitionForKey('zed', 3);
  await page.getByTestId('log-partition').selectOption({ label: `orders-${partition}` });
  const record = page.locator('[data-testid^="log-record-"]').filter({ hasText: 'zed' });
  await expect(record).toHaveCount(1);
  await record.click();
  await expect(page.getByTestId('record-choice')).toContainText(
    `The key chose partition ${partition}`,
  );
});

test('the one-field forms: a rate the engine refuses is explained under its field; a good rate, new keys and more partitions take effect', async ({
  page,
}) => {
  await page.goto('/?scenario=hello');
  await page.getByTestId('producer-checkout').click();
  await page.getByTestId('producer-rate-input').fill('fast');
  await page.getByTestId('producer-rate').click();
  await expect(page.getByTestId('producer-rate-error')).toContainText('expected a number');
  await page.getByTestId('producer-rate-input').fill('-3');
  await page.getByTestId('producer-rate').click();
  await expect(page.getByTestId('producer-rate-error')).toContainText('Refused');
  await page.getByTestId('producer-rate-input').fill('40');
  await page.getByTestId('producer-rate').click();
  await expect(page.getByTestId('producer-rate-error')).toHaveCount(0);
  await expect(page.getByTestId('producer-rate-checkout')).toHaveText('40 rec/s');
  await page.getByTestId('producer-keys-input').fill('alice, bob');
  await page.getByTestId('producer-keys').click();
  await expect(page.getByTestId('producer-keys-error')).toHaveCount(0);
  await expect(page.getByTestId('producer-keys-input')).toHaveValue('alice, bob');
  // A partition's topic grows from its inspector; fewer partitions are refused.
  await page.getByTestId('replica-1-orders-0').click();
  await page.getByTestId('add-partitions-input').fill('2');
  await page.getByTestId('add-partitions').click();
  await expect(page.getByTestId('add-partitions-error')).toContainText('Refused');
  await page.getByTestId('add-partitions-input').fill('4');
  await page.getByTestId('add-partitions').click();
  await expect(page.getByTestId('add-partitions-error')).toHaveCount(0);
  await expect(
    page.getByTestId('log-partition').locator('option', { hasText: 'orders-3' }),
  ).toHaveCount(1);
});

test('+ Consumer starts a crashed standalone consumer again, on the partitions asked for; a bad list is refused in place', async ({
  page,
}) => {
  await page.goto('/?scenario=hello');
  await page.getByTestId('consumer-billing').locator('.node-title').click();
  await page.keyboard.press('c');
  await expect(page.getByTestId('consumer-billing')).toHaveCount(0);

  await page.getByTestId('add-consumer').click();
  // hello has no group: the form offers the topic, read with assign.
  await expect(page.getByTestId('consumer-reads')).toHaveValue('topic:orders');
  await page.getByTestId('consumer-id').fill('billing');
  await page.getByTestId('consumer-partitions').fill('0, 7');
  await page.getByTestId('consumer-create').click();
  await expect(page.getByTestId('consumer-error')).toContainText('from 0 to 2');
  await expect(page.getByTestId('consumer-billing')).toHaveCount(0);

  await page.getByTestId('consumer-partitions').fill('0, 2');
  await page.getByTestId('consumer-reset').selectOption('earliest');
  await page.getByTestId('consumer-create').click();
  await expect(page.getByTestId('consumer-form')).toHaveCount(0);
  const card = page.getByTestId('consumer-billing');
  await expect(card).toContainText('orders-0');
  await expect(card).toContainText('orders-2');
  await expect(card).not.toContainText('orders-1');
});
