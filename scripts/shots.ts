/**
 * Screenshots of the page for a person to look at after UI changes (not a test):
 * `npm run shots` (into shots/, ignored by git) or `npx tsx scripts/shots.ts [outDir] [nameFilter]`
 * (default /tmp/shots, every shot). Starts its own Vite server and
 * drives Debian's Chromium; prints console warnings and errors the page logged.
 */
import { chromium, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'vite';
import { CHROMIUM_LAUNCH } from './chromium.ts';

const outDir = process.argv[2] ?? '/tmp/shots';
/** Only the shots whose name contains this (all when absent): `… /tmp/shots logview`. */
const only = process.argv[3] ?? '';
// SHOTS_PORT lets two shot runs (e.g. from two worktrees) work side by side.
const PORT = Number(process.env.SHOTS_PORT ?? 4174);

interface Shot {
  name: string;
  /** A shipped scenario (`?scenario=`), or a scenario file to import (`file`). */
  scenario: string;
  file?: string;
  width: number;
  height: number;
  /** Simulated seconds to run before the picture, at the given speed. */
  runAt?: { speed: string; wallMs: number };
  /**
   * Instead of pausing after `runAt.wallMs`, pause at the first frame where this holds (within
   * `runAt.wallMs`): to catch messages in flight, which live a few ms. A CSS selector that
   * matches, or `{ message }`: some message the canvas drew passes a test (messageWhere).
   */
  pauseWhen?: string | { message: string };
  act?: (page: Page) => Promise<void>;
  /** Emulate prefers-color-scheme: dark. */
  dark?: boolean;
}

const FIXTURES = 'tests/e2e/fixtures';

/** log-compaction at 36 s: the log view of profiles-0, cleaned twice, bob's tombstone kept. */
async function openCompactedLog(page: Page): Promise<void> {
  await page.getByTestId('log-partition').selectOption({ label: 'profiles-0' });
  await playUntil(page, '300', { clockMs: 36_000 }, 60_000);
}

/** Scrolls the log tape so that the cleaner checkpoint of a compacted log is in the middle. */
async function showCleanerCheckpoint(page: Page): Promise<void> {
  const line = page.getByTestId('log-cleaner-line');
  await line.waitFor();
  await page.getByTestId('log-tape').evaluate((el) => {
    const mark = el.querySelector<HTMLElement>('[data-testid="log-cleaner-line"]');
    if (mark) el.scrollLeft = mark.offsetLeft - el.clientWidth / 2;
  });
}

/** Plays at the speed slider's `slider` value until `condition` holds, then pauses. */
async function playUntil(
  page: Page,
  slider: string,
  condition: PauseCondition,
  withinMs: number,
): Promise<void> {
  await page.getByTestId('speed').fill(slider);
  await page.getByTestId('play').click();
  await pauseWhen(page, condition, withinMs);
}

/** reassign-partitions at 31.5 s: broker 4 is copying orders-0; its tile selected. */
async function selectCopyingReplica(page: Page): Promise<void> {
  await playUntil(page, '300', { clockMs: 31_500 }, 60_000);
  await page.getByTestId('replica-4-orders-0').click();
}

/** Consumer-group shots: imported from the e2e fixtures, driven through the page's buttons. */
const GROUP_SHOTS: Shot[] = [
  {
    name: 'groups-stable-1280',
    scenario: 'hello',
    file: `${FIXTURES}/group-crash.json`,
    width: 1280,
    height: 720,
    runAt: { speed: '250', wallMs: 600 },
  },
  {
    // billing-2 crashed: the coordinator still counts it; its partitions have no consumer.
    name: 'groups-crashed-member-1280',
    scenario: 'hello',
    file: `${FIXTURES}/group-crash.json`,
    width: 1280,
    height: 720,
    runAt: { speed: '250', wallMs: 600 },
    act: async (page) => {
      await page.getByTestId('crash-billing-2').click();
      await page.getByTestId('step').click();
      await playUntil(page, '200', '[data-testid="session-left-billing-2"]', 1500);
    },
  },
  {
    // Eager (range): after the session timeout every member gives up everything.
    name: 'groups-eager-rebalance-1280',
    scenario: 'hello',
    file: `${FIXTURES}/group-crash.json`,
    width: 1280,
    height: 720,
    runAt: { speed: '250', wallMs: 600 },
    act: async (page) => {
      await page.getByTestId('crash-billing-2').click();
      await playUntil(
        page,
        '230',
        '[data-testid="group-billing"][data-state="PreparingRebalance"]',
        8000,
      );
      // 0.2×: a frame is a few simulated ms, shorter than the moment everything is paused,
      // and the last member may take a heartbeat interval (1 s) to hear of the rebalance.
      await playUntil(page, '130', '[data-testid="paused-billing"] li:nth-child(6)', 15000);
    },
  },
  {
    // Cooperative: a new member joins; only the partitions it will take stop.
    name: 'groups-cooperative-rebalance-1280',
    scenario: 'hello',
    file: `${FIXTURES}/group-cooperative.json`,
    width: 1280,
    height: 720,
    runAt: { speed: '250', wallMs: 600 },
    act: async (page) => {
      await page.getByTestId('add-member-billing').click();
      await playUntil(page, '150', '[data-testid="paused-billing"] li:nth-child(2)', 8000);
    },
  },
  {
    // billing-2 processes 100 ms per record: past max.poll.interval.ms it leaves the group,
    // and while it finishes its batch it still holds partitions another member now owns.
    name: 'groups-poll-timeout-1280',
    scenario: 'hello',
    file: `${FIXTURES}/group-slow.json`,
    width: 1280,
    height: 720,
    runAt: { speed: '250', wallMs: 700 },
    act: async (page) => {
      await page.getByTestId('processing-billing-2').selectOption('100');
      await playUntil(page, '230', '.chip-stale', 10000);
    },
  },
  {
    name: 'groups-idle-member-1280',
    scenario: 'hello',
    file: `${FIXTURES}/group-idle.json`,
    width: 1280,
    height: 720,
    runAt: { speed: '250', wallMs: 600 },
  },
  {
    name: 'groups-inspector-1280',
    scenario: 'hello',
    file: `${FIXTURES}/group-crash.json`,
    width: 1280,
    height: 720,
    runAt: { speed: '250', wallMs: 800 },
    act: async (page) => {
      await page.getByTestId('group-billing').locator('.group-header').click();
    },
  },
  {
    name: 'groups-inspector-dark-1280',
    scenario: 'hello',
    file: `${FIXTURES}/group-crash.json`,
    width: 1280,
    height: 720,
    dark: true,
    runAt: { speed: '250', wallMs: 800 },
    act: async (page) => {
      await page.getByTestId('crash-billing-2').click();
      await page.getByTestId('group-billing').locator('.group-header').click();
    },
  },
  {
    // A projector: the crash fixture's eager rebalance at 1920×1080.
    name: 'groups-crashed-member-1920',
    scenario: 'hello',
    file: `${FIXTURES}/group-crash.json`,
    width: 1920,
    height: 1080,
    runAt: { speed: '250', wallMs: 600 },
    act: async (page) => {
      await page.getByTestId('crash-billing-2').click();
      await playUntil(page, '200', '[data-testid="session-left-billing-2"]', 1500);
    },
  },
  {
    name: 'groups-stable-dark-1280',
    scenario: 'hello',
    file: `${FIXTURES}/group-crash.json`,
    width: 1280,
    height: 720,
    dark: true,
    runAt: { speed: '250', wallMs: 600 },
  },
  {
    name: 'groups-classroom-1920',
    scenario: 'classroom',
    width: 1920,
    height: 1080,
    runAt: { speed: '300', wallMs: 1500 },
  },
  {
    name: 'groups-large-1920',
    scenario: 'large',
    width: 1920,
    height: 1080,
    runAt: { speed: '250', wallMs: 1500 },
  },
  {
    // large once its groups are stable: member names (payments-app-1…) and the two-topic
    // member's chips (clicks-0, payments-3) at the fitted zoom.
    name: 'groups-large-stable-1920',
    scenario: 'large',
    width: 1920,
    height: 1080,
    act: async (page) => {
      await playUntil(page, '350', { clockMs: 12_000 }, 120_000);
    },
  },
];

/** The parts issue 5 added last: charts, the inspector of every entity, menus, export. */
const TOOL_SHOTS: Shot[] = [
  {
    // hello with broker 3 crashed at 5 s: under-replicated partitions rise after 30 s.
    name: 'charts-hello-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    runAt: { speed: '350', wallMs: 150 },
    act: async (page) => {
      await page.getByTestId('broker-toggle-3').click();
      await page.getByTestId('charts-toggle').click();
      await page.getByTestId('play').click();
      await page.waitForTimeout(1500);
      await page.getByTestId('play').click();
    },
  },
  {
    name: 'charts-consumer-parallelism-1280',
    scenario: 'consumer-parallelism',
    width: 1280,
    height: 720,
    act: async (page) => {
      await page.getByTestId('charts-toggle').click();
      await playUntil(page, '350', { clockMs: 88_000 }, 60_000);
    },
  },
  {
    // linger.ms=100 against 0: the dashed queue time is what batching costs each record.
    name: 'charts-batching-1280',
    scenario: 'batching-tradeoff',
    width: 1280,
    height: 720,
    act: async (page) => {
      await page.getByTestId('charts-toggle').click();
      await playUntil(page, '300', { clockMs: 20_000 }, 60_000);
    },
  },
  {
    // Clients retry against the dead coordinator until it is fenced: one line each, counted.
    name: 'coordinator-failover-events-1280',
    scenario: 'coordinator-failover',
    width: 1280,
    height: 720,
    act: async (page) => {
      await playUntil(page, '300', { clockMs: 26_600 }, 60_000);
    },
  },
  {
    // Where the keyed producer's keys go: each key's murmur2 sum and partition.
    name: 'keys-routing-inspector-1280',
    scenario: 'keys-and-partitions',
    width: 1280,
    height: 720,
    act: async (page) => {
      await playUntil(page, '300', { clockMs: 5000 }, 60_000);
      await page.getByTestId('producer-keyed').locator('.node-title').click();
      await page.getByTestId('inspector-routing').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'keys-routing-inspector-dark-1280',
    scenario: 'keys-and-partitions',
    width: 1280,
    height: 720,
    dark: true,
    act: async (page) => {
      await playUntil(page, '300', { clockMs: 5000 }, 60_000);
      await page.getByTestId('producer-unkeyed').locator('.node-title').click();
      await page.getByTestId('inspector-routing').scrollIntoViewIfNeeded();
    },
  },
  {
    // After both slow moments: the plain producer's retries wrote records twice.
    name: 'idempotence-duplicates-1280',
    scenario: 'idempotence',
    width: 1280,
    height: 720,
    act: async (page) => {
      await playUntil(page, '300', { clockMs: 20_000 }, 60_000);
      await page.getByTestId('producer-plain').locator('.node-title').click();
    },
  },
  {
    name: 'charts-groups-dark-1280',
    scenario: 'hello',
    file: `${FIXTURES}/group-crash.json`,
    width: 1280,
    height: 720,
    dark: true,
    runAt: { speed: '250', wallMs: 1200 },
    act: async (page) => {
      await page.getByTestId('crash-billing-2').click();
      await page.getByTestId('charts-toggle').click();
      await page.getByTestId('play').click();
      await page.waitForTimeout(2500);
      await page.getByTestId('play').click();
    },
  },
  {
    name: 'inspector-broker-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 800 },
    act: async (page) => {
      await page.getByTestId('broker-2').locator('.node-title').click();
    },
  },
  {
    // acks=1 with enable.idempotence=true set explicitly: refused with ProducerConfig's reason.
    name: 'inspector-producer-refused-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 800 },
    act: async (page) => {
      await page.getByTestId('producer-checkout').click();
      await page.getByTestId('config-input-enable.idempotence').selectOption('true');
      await page.getByTestId('config-input-acks').selectOption('1');
    },
  },
  {
    name: 'inspector-producer-dark-1280',
    scenario: 'keys-and-partitions',
    width: 1280,
    height: 720,
    dark: true,
    runAt: { speed: '300', wallMs: 800 },
    act: async (page) => {
      await page.getByTestId('producer-keyed').click();
      await page.getByTestId('config-input-linger.ms').fill('-5');
      await page.getByTestId('config-input-linger.ms').press('Enter');
    },
  },
  {
    name: 'inspector-partition-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 800 },
    act: async (page) => {
      await page.getByTestId('replica-2-orders-1').click();
    },
  },
  {
    name: 'menu-broker-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 800 },
    act: async (page) => {
      await page.getByTestId('broker-1').locator('.node-title').click({ button: 'right' });
    },
  },
  {
    name: 'menu-member-dark-1280',
    scenario: 'hello',
    file: `${FIXTURES}/group-crash.json`,
    width: 1280,
    height: 720,
    dark: true,
    runAt: { speed: '250', wallMs: 600 },
    act: async (page) => {
      await page.getByTestId('member-billing-3').click({ button: 'right' });
    },
  },
  {
    name: 'help-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    act: async (page) => {
      await page.keyboard.press('?');
      await page.getByTestId('help').waitFor();
    },
  },
  {
    // The canvas's key, scrolled into view in the help panel.
    name: 'help-legend-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    act: async (page) => {
      await page.keyboard.press('?');
      await page.getByTestId('help-legend').scrollIntoViewIfNeeded();
    },
  },
  {
    // The study notes' ideas around Kafka (ZooKeeper, schemas, Lambda and Kappa).
    name: 'help-around-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    act: async (page) => {
      await page.keyboard.press('?');
      await page.getByTestId('help-around').scrollIntoViewIfNeeded();
    },
  },
  {
    // Link: the run in the address bar, and the notice saying what opening it does.
    name: 'share-link-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    act: async (page) => {
      await page.getByTestId('broker-toggle-2').click();
      await page.getByTestId('share-link').click();
      await page.getByTestId('toast').waitFor();
    },
  },
  {
    name: 'add-producer-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    act: async (page) => {
      await page.getByTestId('add-producer').click();
    },
  },
  {
    // The consumer form on hello (no group: a standalone consumer of chosen partitions).
    name: 'add-consumer-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    act: async (page) => {
      await page.getByTestId('add-consumer').click();
    },
  },
  {
    // The consumer form on classroom: join the group, or read a topic alone.
    name: 'add-consumer-group-1280',
    scenario: 'classroom',
    width: 1280,
    height: 720,
    act: async (page) => {
      await page.getByTestId('add-consumer').click();
      await page.getByTestId('consumer-reads').selectOption('topic:orders');
    },
  },
  {
    name: 'charts-large-1920',
    scenario: 'large',
    width: 1920,
    height: 1080,
    runAt: { speed: '300', wallMs: 1500 },
    act: async (page) => {
      await page.getByTestId('charts-toggle').click();
    },
  },
  // The event list's wording and memory, and what the page says about lag and idempotence.
  {
    // A static member closes at 20 s: no LeaveGroup, its partitions kept for it.
    name: 'text-static-close-1280',
    scenario: 'static-membership-rolling-restart',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 6000 },
    pauseWhen: '[data-type="consumer.removed"]',
  },
  {
    // At 110 s the crash of broker 3 (15 s) is still listed, among the routine events.
    name: 'text-tiered-crash-filter-1280',
    scenario: 'tiered-storage',
    width: 1280,
    height: 720,
    // 110 simulated seconds: at 100×, with room for a machine that cannot keep up.
    runAt: { speed: '400', wallMs: 26000 },
    act: async (page) => {
      await page.getByTestId('event-filter').selectOption('broker:3');
      // The oldest events, at the bottom of the list: the crash at 15 s is among them.
      await page.getByTestId('event').last().scrollIntoViewIfNeeded();
    },
  },
  {
    // acks=1 and broker 3 cut off from the other brokers: the lost records, one line per run.
    name: 'text-classroom-lost-1280',
    scenario: 'classroom',
    width: 1280,
    height: 720,
    act: async (page) => {
      await page.getByTestId('producer-producer-1').locator('.node-title').click();
      await page.keyboard.press('1');
      await page.getByTestId('broker-3').locator('.node-title').click();
      await page.keyboard.press('i');
      await page.getByTestId('speed').fill('300');
      await page.getByTestId('play').click();
      await page.waitForTimeout(3300);
      await page.getByTestId('play').click();
    },
  },
  {
    // A crashed broker's menu offers only a restart.
    name: 'text-broker-down-menu-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 600 },
    act: async (page) => {
      await page.getByTestId('broker-3').locator('.node-title').click();
      await page.keyboard.press('c');
      await page.getByTestId('broker-3').locator('.node-title').click({ button: 'right' });
    },
  },
  {
    name: 'text-broker-menu-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 600 },
    act: async (page) => {
      await page.getByTestId('broker-2').locator('.node-title').click({ button: 'right' });
    },
  },
  {
    // 15.5 s: brokers 4 and 5 answer 3 s late; still in the ISR, hundreds of records behind.
    name: 'acks1-lagging-in-isr-1280',
    scenario: 'acks1-data-loss',
    width: 1280,
    height: 720,
    act: (page) => playUntil(page, '300', { clockMs: 15_500 }, 60_000),
  },
  {
    // acks=1 turns idempotence off: the record has no producer id and no sequence.
    name: 'text-record-not-idempotent-1280',
    scenario: 'acks1-data-loss',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 1000 },
    act: async (page) => {
      // Five brokers: orders-0 is not necessarily on broker 1; any of its replicas will do.
      await page.locator('[data-testid^="replica-"][data-testid$="-orders-0"]').first().click();
      await page.getByTestId('log-tape').waitFor();
      await clickNewestRecord(page, 5);
    },
  },
  {
    name: 'text-classroom-lag-charts-1280',
    scenario: 'classroom',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 2500 },
    act: async (page) => {
      await page.getByTestId('broker-3').locator('.node-title').click();
      await page.keyboard.press('c');
      await page.getByTestId('charts-toggle').click();
      await page.getByTestId('play').click();
      await page.waitForTimeout(4000);
      await page.getByTestId('play').click();
    },
  },
  {
    name: 'text-retention-log-lag-1280',
    scenario: 'retention',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 2000 },
    act: (page) => openLog(page, 'replica-1-logs-0'),
  },
];

/** A message in flight, away from its ends (progress 0 is still half inside its sender). */
const MESSAGE_MIDWAY = 'm.visible && m.progress > 0';

/** The simulated clock has passed 12 s (the enricher group formed and commits have begun). */
const STREAMS_PAST_12S =
  'Number(document.querySelector(\'[data-testid="clock"]\').dataset.ms) > 12000';
/** A produce request of a Streams member's embedded producer, midway. */
const STREAMS_PRODUCE = `${MESSAGE_MIDWAY} && m.kind === 'produce' && /^producer:enricher-.*>broker:[23]$/.test(m.link)`;

/** Plays slowly (0.05×) until a Streams member's produce request is midway, then zooms on it. */
async function catchStreamsProduce(page: Page, zoomNotches: number): Promise<void> {
  await page.getByTestId('speed').fill('70');
  await page.getByTestId('play').click();
  await pauseWhen(page, { message: STREAMS_PRODUCE }, 20_000);
  const caught = await page.evaluate(
    `${DRAWN_MESSAGES}.filter((m) => ${STREAMS_PRODUCE}).map((m) => m.link + ' ' + Math.round(m.x) + ',' + Math.round(m.y))`,
  );
  console.log(`  streams produce in flight: ${JSON.stringify(caught)}`);
  if (zoomNotches > 0) await zoomAt(page, STREAMS_PRODUCE, zoomNotches);
}

const SHOTS: Shot[] = [
  { name: 'hello-start-1280', scenario: 'hello', width: 1280, height: 720 },
  // The note lists what the scenario will do, and when, before Play.
  { name: 'acks1-note-1280', scenario: 'acks1-data-loss', width: 1280, height: 720 },
  { name: 'scenario-note-long-1280', scenario: 'eager-vs-cooperative', width: 1280, height: 720 },
  {
    name: 'import-broken-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    act: async (page) => {
      await page.getByTestId('import-scenario').setInputFiles(`${FIXTURES}/broken-many.json`);
      await page.getByTestId('toast').waitFor();
    },
  },
  {
    name: 'help-lessons-dark-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    dark: true,
    act: async (page) => {
      await page.keyboard.press('?');
      await page.getByTestId('help-lessons').scrollIntoViewIfNeeded();
    },
  },
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
    // 3 s after broker 2 crashed: not fenced yet ("fenced in 6 s"), still in the ISR of the
    // partitions it followed, so acks=all requests wait on their leaders.
    name: 'hello-crash-waiting-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    act: async (page) => {
      await playUntil(page, '200', { clockMs: 2_000 }, 20_000);
      await page.getByTestId('broker-toggle-2').click();
      await playUntil(page, '200', { clockMs: 5_000 }, 20_000);
    },
  },
  {
    name: 'hello-crash-waiting-dark-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    dark: true,
    act: async (page) => {
      await page.getByTestId('broker-toggle-2').click();
      await playUntil(page, '200', { clockMs: 3_000 }, 20_000);
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
    // Edges that cross (consumers assigned to partitions led on several brokers): their
    // labels must not sit on top of each other.
    name: 'standalone-consumers-1280',
    scenario: 'standalone-consumers',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 1000 },
  },
  {
    name: 'pubsub-vs-queue-1280',
    scenario: 'pubsub-vs-queue',
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
    // The projector case: 1280×720 with nothing selected; then with the charts open, where
    // the brokers are arranged for the wide, low canvas that is left.
    name: 'classroom-1280',
    scenario: 'classroom',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 1000 },
  },
  {
    name: 'classroom-charts-1280',
    scenario: 'classroom',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 1000 },
    act: async (page) => {
      await page.getByTestId('charts-toggle').click();
      await page.waitForTimeout(500);
    },
  },
  {
    // Focus (F): the side panel folded away; then a broker selected opens the inspector alone.
    name: 'classroom-focus-1280',
    scenario: 'classroom',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 1000 },
    act: async (page) => {
      await page.getByTestId('focus').click();
      await page.waitForTimeout(500);
    },
  },
  {
    name: 'classroom-focus-selected-1280',
    scenario: 'classroom',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 1000 },
    act: async (page) => {
      await page.keyboard.press('f');
      await page.getByTestId('broker-2').locator('.node-title').click();
      await page.waitForTimeout(500);
    },
  },
  {
    // Broker 1 crashed at 10 s and was fenced: the event list says what moved of orders, and
    // the fifty __consumer_offsets partitions' moves wait behind the "internal" box.
    name: 'classroom-crash-events-1280',
    scenario: 'classroom',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 1000 },
    act: async (page) => {
      await page.getByTestId('broker-1').locator('.node-title').click({ button: 'right' });
      await page.getByRole('menuitem', { name: /crash/i }).first().click();
      await page.keyboard.press('Escape');
      await playUntil(page, '250', { clockMs: 24_000 }, 60_000);
    },
  },
  {
    // 2.5 s: the group's first rebalance waits group.initial.rebalance.delay.ms.
    name: 'classroom-initial-delay-1280',
    scenario: 'classroom',
    width: 1280,
    height: 720,
    act: (page) => playUntil(page, '200', { clockMs: 2_500 }, 30_000),
  },
  {
    // 21.5 s: the eager group still waits for eager-3, busy with its slow batch; the others
    // have rejoined (they learn of the rebalance from a heartbeat's answer).
    name: 'eager-waits-for-member-1280',
    scenario: 'eager-vs-cooperative',
    width: 1280,
    height: 720,
    act: (page) => playUntil(page, '300', { clockMs: 21_500 }, 60_000),
  },
  {
    // After the 4th members joined: the cooperative group's inspector (long assignor and
    // member names) and its describe table.
    name: 'eager-vs-cooperative-inspector-1280',
    scenario: 'eager-vs-cooperative',
    width: 1280,
    height: 720,
    act: async (page) => {
      await playUntil(page, '300', { clockMs: 27_000 }, 60_000);
      await page.getByTestId('group-kind-cooperative').click();
    },
  },
  {
    name: 'classroom-1920',
    scenario: 'classroom',
    width: 1920,
    height: 1080,
    runAt: { speed: '300', wallMs: 1000 },
  },
  { name: 'large-1920', scenario: 'large', width: 1920, height: 1080 },
  {
    // 100× asked, which the engine cannot reach on large: the speed says how fast it really runs.
    name: 'large-reached-speed-1280',
    scenario: 'large',
    width: 1280,
    height: 720,
    act: async (page) => {
      await page.getByTestId('speed').fill('400');
      await page.getByTestId('play').click();
      await page.getByTestId('speed-reached').waitFor({ timeout: 20_000 });
    },
  },
  {
    name: 'large-focus-1280',
    scenario: 'large',
    width: 1280,
    height: 720,
    act: async (page) => {
      await page.keyboard.press('f');
      await page.waitForTimeout(500);
    },
  },
  {
    // Brokers 5 and 4 have died: fenced, out of the ISR; broker 3 leads alone.
    name: 'durability-two-down-1920',
    scenario: 'durability-boundary',
    width: 1920,
    height: 1080,
    runAt: { speed: '400', wallMs: 450 },
  },
  {
    // Brokers 5 and 4 fenced: orders-0's ISR is [3], below min.insync.replicas=2 ("< min 2" on
    // the leader's tile, and in its inspector).
    name: 'durability-under-min-isr-1280',
    scenario: 'durability-boundary',
    width: 1280,
    height: 720,
    runAt: { speed: '400', wallMs: 30_000 },
    pauseWhen: '[data-testid="under-min-isr-orders-0"]',
    act: async (page) => {
      await page.getByTestId('replica-3-orders-0').click();
      await page.getByTestId('log-summary').waitFor();
    },
  },
  {
    // Two brokers down: the leader refuses writes with NOT_ENOUGH_REPLICAS and the producer
    // retries them (its card names the error; pending grows, failed stays 0).
    name: 'durability-retrying-1280',
    scenario: 'durability-boundary',
    width: 1280,
    height: 720,
    runAt: { speed: '400', wallMs: 30_000 },
    pauseWhen: '[data-testid="producer-retrying-checkout"]',
  },
  {
    // The unclean election lost acknowledged records: the notice on the canvas (clicked: the
    // partition's inspector), and the producer's "acked lost" mark.
    name: 'unclean-data-lost-1280',
    scenario: 'unclean-election-on',
    width: 1280,
    height: 720,
    runAt: { speed: '400', wallMs: 30_000 },
    pauseWhen: '[data-testid="data-loss"]',
    act: async (page) => {
      await page.getByTestId('data-loss').click();
      await page.getByTestId('inspector-partition-lost').waitFor();
      await page.getByTestId('log-summary').waitFor();
    },
  },
  {
    // acks=1 at 27 s: the notice opens orders-0's log at its lost offsets (500–798), which
    // now hold the new leader's records.
    name: 'acks1-lost-in-log-1280',
    scenario: 'acks1-data-loss',
    width: 1280,
    height: 720,
    act: async (page) => {
      await playUntil(page, '300', { clockMs: 27_000 }, 60_000);
      await page.getByTestId('data-loss').click();
      await page.getByTestId('log-tape').waitFor();
    },
  },
  {
    // Two of three controller voters down: nothing can be fenced or elected (the notice at the
    // bottom of the canvas), and broker 4 is dead but still leads orders-1.
    name: 'controller-no-quorum-1280',
    scenario: 'controller-quorum',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 30_000 },
    pauseWhen:
      'body:has([data-testid="controller-outage"]):has([data-testid="broker-4"][data-alive="false"])',
  },
  {
    // Broker 4 in a controlled shutdown: its leaderships already moved to broker 5, and it is
    // drawn "stopping" until the controller lets it stop.
    name: 'graceful-shutdown-1280',
    scenario: 'graceful-shutdown',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 30_000 },
    pauseWhen: '[data-testid="stopping-4"]',
    act: (page) => page.getByTestId('broker-4').locator('.node-title').click(),
  },
  {
    // KIP-126: a refused batch (red, MESSAGE_TOO_LARGE) on its way back to the producer, whose
    // inspector counts the batch splits.
    name: 'message-too-large-1280',
    scenario: 'message-too-large',
    width: 1280,
    height: 720,
    runAt: { speed: '150', wallMs: 15_000 },
    pauseWhen: {
      message: `${MESSAGE_MIDWAY} && m.kind === 'produceResponse' && m.error && Number(document.querySelector('[data-testid="clock"]').dataset.ms) > 1500`,
    },
    act: async (page) => {
      await page.getByTestId('producer-big-batches').locator('.node-title').click();
      await page.getByText('batch splits').scrollIntoViewIfNeeded();
    },
  },
  {
    // KIP-966: broker 4, out of the ISR but eligible (ELR), leads orders-0 once it is back.
    name: 'eligible-leader-replicas-1280',
    scenario: 'eligible-leader-replicas',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 40_000 },
    pauseWhen: '[data-testid="replica-4-orders-0"][data-role="leader"]',
    act: (page) => page.getByTestId('replica-4-orders-0').click(),
  },
  {
    // max.block.ms: the producer's buffer.memory is full and send() blocks.
    name: 'producer-backpressure-1280',
    scenario: 'producer-backpressure',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 20_000 },
    pauseWhen: '[data-testid="producer-blocked-ingest"]',
    act: (page) => page.getByTestId('producer-ingest').locator('.node-title').click(),
  },
  {
    // A zombie leader: broker 3, cut off, still leads orders-0 in epoch 0 and takes acks=1
    // writes past the new leader's log end; the controller's view calls it out of sync.
    name: 'zombie-leader-1280',
    scenario: 'network-partition',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 20_000 },
    pauseWhen: '[data-testid="stale-leader-3-orders-0"]',
    // A few simulated seconds more (the heal comes at 30 s): its log grows past the leader's.
    act: async (page) => {
      await page.getByTestId('play').click();
      await page.waitForTimeout(400);
      await page.getByTestId('play').click();
    },
  },
  {
    // The same by hand: broker 3 of the classroom isolated with its menu's key (I).
    name: 'zombie-classroom-1280',
    scenario: 'classroom',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 1_000 },
    act: async (page) => {
      await page.getByTestId('broker-3').locator('.node-title').click();
      await page.keyboard.press('i');
      await playUntil(page, '300', '[data-testid^="stale-leader-3-"]', 20_000);
      await page.getByTestId('play').click();
      await page.waitForTimeout(1_000);
      await page.getByTestId('play').click();
    },
  },
  {
    // ISRs of five members and four-digit offsets: every leader tile lists its whole ISR.
    name: 'isr-rf5-1280',
    scenario: 'hello',
    file: `${FIXTURES}/isr-rf5.json`,
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 2_000 },
  },
  {
    name: 'isr-rf5-1920',
    scenario: 'hello',
    file: `${FIXTURES}/isr-rf5.json`,
    width: 1920,
    height: 1080,
    runAt: { speed: '300', wallMs: 2_000 },
  },
  {
    name: 'unclean-on-1280',
    scenario: 'unclean-election-on',
    width: 1280,
    height: 720,
    runAt: { speed: '400', wallMs: 800 },
  },
  // Messages in flight, paused mid-flight at 0.05× (slider 70) and at 1× (slider 200).
  {
    name: 'messages-hello-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    runAt: { speed: '70', wallMs: 8000 },
    pauseWhen: { message: `${MESSAGE_MIDWAY} && m.kind === 'produce'` },
  },
  {
    name: 'messages-hello-fetch-1920',
    scenario: 'hello',
    width: 1920,
    height: 1080,
    runAt: { speed: '70', wallMs: 8000 },
    pauseWhen: { message: `${MESSAGE_MIDWAY} && m.kind === 'fetchResponse'` },
  },
  {
    name: 'messages-classroom-1280',
    scenario: 'classroom',
    width: 1280,
    height: 720,
    runAt: { speed: '70', wallMs: 8000 },
    pauseWhen: { message: `${MESSAGE_MIDWAY} && /^broker:.*>broker:/.test(m.link)` },
  },
  {
    // At 1× after a second and a half: a frame with at least 30 messages in flight.
    name: 'messages-large-1920',
    scenario: 'large',
    width: 1920,
    height: 1080,
    act: async (page) => {
      await page.getByTestId('play').click();
      await page.waitForTimeout(1500);
      await pauseWhen(page, { count: 30 }, 3000);
    },
  },
  {
    name: 'messages-large-zoomed-1920',
    scenario: 'large',
    width: 1920,
    height: 1080,
    runAt: { speed: '70', wallMs: 8000 },
    pauseWhen: { message: `${MESSAGE_MIDWAY} && m.kind === 'produce'` },
    act: (page) => zoomAt(page, `${MESSAGE_MIDWAY} && m.kind === 'produce'`, 6),
  },
  // The log view: opened by clicking a replica tile, as a person would.
  {
    name: 'logview-hello-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 1500 },
    act: (page) => openLog(page, 'replica-1-orders-0'),
  },
  {
    name: 'logview-hello-record-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 1500 },
    act: async (page) => {
      await openLog(page, 'replica-1-orders-0');
      // "bob" hashes to a negative int32: toPositive has work to do.
      await page.locator('.lv-cell', { hasText: 'bob' }).last().click();
    },
  },
  {
    // A dead follower falls behind and out of the ISR; the leader's log goes on.
    name: 'logview-follower-down-1280',
    scenario: 'hello',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 800 },
    act: async (page) => {
      await openLog(page, 'replica-1-orders-0');
      await page.getByTestId('broker-toggle-3').click();
      await page.getByTestId('play').click();
      await page.waitForTimeout(2500);
      await page.getByTestId('play').click();
    },
  },
  {
    name: 'logview-keys-unkeyed-1920',
    scenario: 'keys-and-partitions',
    width: 1920,
    height: 1080,
    runAt: { speed: '300', wallMs: 1000 },
    act: async (page) => {
      await openLog(page, 'replica-1-clicks-0');
      await page.locator('.lv-cell.lv-key-null').last().click();
    },
  },
  {
    name: 'logview-retention-1280',
    scenario: 'retention',
    width: 1280,
    height: 720,
    runAt: { speed: '350', wallMs: 2500 },
    act: async (page) => {
      await openLog(page, 'replica-1-logs-0');
      await page.getByTestId('log-tape').evaluate((el) => (el.scrollLeft = 0));
    },
  },
  {
    // The page cache: the replay group reads evicted records from disk, the log view marks
    // the records in memory, the broker inspector counts reads from memory and from disk.
    name: 'page-cache-1280',
    scenario: 'page-cache',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 15_000 },
    pauseWhen: '[data-testid^="broker-disk-"]',
    act: async (page) => {
      await page.getByTestId('log-partition').selectOption({ label: 'clicks-0' });
      await page.getByTestId('log-tape').waitFor();
      await page.getByTestId('broker-1').locator('.node-title').click();
    },
  },
  {
    // Pages read from disk stay in the cache: 'audit' rides right behind 'replay', and the log
    // view's cache bar has a striped part over the records read back.
    name: 'page-cache-read-back-1280',
    scenario: 'page-cache',
    width: 1280,
    height: 720,
    act: async (page) => {
      await page.getByTestId('log-partition').selectOption({ label: 'clicks-0' });
      await playUntil(page, '300', { clockMs: 35_500 }, 60_000);
      await page.getByTestId('log-tape').waitFor();
    },
  },
  {
    // Log compaction: below the cleaner checkpoint most offsets are empty slots and each key
    // appears once; bob's tombstone is kept (crossed out) until its delete horizon.
    name: 'log-compaction-1280',
    scenario: 'log-compaction',
    width: 1280,
    height: 720,
    act: async (page) => {
      await openCompactedLog(page);
      await page.getByTestId('log-tape').waitFor();
      await showCleanerCheckpoint(page);
    },
  },
  {
    // The detail of an offset the cleaner emptied: why, and where its key's value is now.
    name: 'log-compaction-removed-1280',
    scenario: 'log-compaction',
    width: 1280,
    height: 720,
    act: async (page) => {
      await openCompactedLog(page);
      await showCleanerCheckpoint(page);
      await page.locator('.lv-cell.is-removed').last().click();
      await page.getByTestId('record-detail').waitFor();
    },
  },
  {
    name: 'log-compaction-inspector-1280',
    scenario: 'log-compaction',
    width: 1280,
    height: 720,
    act: async (page) => {
      await playUntil(page, '300', { clockMs: 36_000 }, 60_000);
      await page.getByTestId('broker-1').locator('.node-title').click();
      await page.getByTestId('inspector-broker-cleaner').scrollIntoViewIfNeeded();
    },
  },
  {
    // A reassignment in progress: broker 4 copies orders-0 (its tile says so), broker 1 still
    // holds it as the replica being removed; the inspector shows the adding and removing lists.
    name: 'reassign-partitions-1280',
    scenario: 'reassign-partitions',
    width: 1280,
    height: 720,
    act: selectCopyingReplica,
  },
  {
    name: 'reassign-partitions-dark-1280',
    scenario: 'reassign-partitions',
    width: 1280,
    height: 720,
    dark: true,
    act: selectCopyingReplica,
  },
  {
    // The partition inspector's reassignment form and the replica roles while broker 4 copies.
    name: 'reassign-inspector-1280',
    scenario: 'reassign-partitions',
    width: 1280,
    height: 720,
    act: async (page) => {
      await selectCopyingReplica(page);
      await page.getByTestId('reassign-cancel').scrollIntoViewIfNeeded();
    },
  },
  {
    name: 'page-cache-inspector-1280',
    scenario: 'page-cache',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 15_000 },
    pauseWhen: '[data-testid^="broker-disk-"]',
    act: (page) => page.getByTestId('broker-1').locator('.node-title').click(),
  },
  {
    // Tiered storage: the replay group reads records only in remote storage; the log view draws
    // them as a block left of the local segments, and a bar over what was copied.
    name: 'tiered-storage-1280',
    scenario: 'tiered-storage',
    width: 1280,
    height: 720,
    runAt: { speed: '350', wallMs: 20_000 },
    pauseWhen: '[data-testid^="broker-remote-"]',
    act: async (page) => {
      await page.getByTestId('log-partition').selectOption({ label: 'events-0' });
      await page.getByTestId('log-tape').waitFor();
      await page.getByTestId('log-tape').evaluate((el) => (el.scrollLeft = 0));
    },
  },
  {
    name: 'tiered-storage-inspector-1280',
    scenario: 'tiered-storage',
    width: 1280,
    height: 720,
    runAt: { speed: '350', wallMs: 20_000 },
    pauseWhen: '[data-testid^="broker-remote-"]',
    act: (page) => page.getByTestId('broker-1').locator('.node-title').click(),
  },
  {
    // A Kafka Streams pipeline: web → clicks → enricher (Streams app) → clicks-enriched →
    // dashboard. Run to 12 s, then slowly until an enricher member's embedded producer has a
    // produce request midway on its dashed line to a broker.
    name: 'streams-pipeline-1280',
    scenario: 'streams-pipeline',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 8_000 },
    pauseWhen: { message: STREAMS_PAST_12S },
    act: (page) => catchStreamsProduce(page, 0),
  },
  {
    // The same, zoomed in on the member's produce line.
    name: 'streams-pipeline-zoom-1920',
    scenario: 'streams-pipeline',
    width: 1920,
    height: 1080,
    runAt: { speed: '300', wallMs: 8_000 },
    pauseWhen: { message: STREAMS_PAST_12S },
    act: (page) => catchStreamsProduce(page, 2),
  },
  {
    // After enricher-2 crashed: enricher-1 reprocessed its uncommitted records; the group
    // inspector counts the duplicates written to clicks-enriched.
    name: 'streams-duplicates-inspector-1280',
    scenario: 'streams-pipeline',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 20_000 },
    pauseWhen: '[data-testid="group-status-enricher"][title*="written twice"]',
    act: (page) => page.getByTestId('group-enricher').locator('.node-title').click(),
  },
  {
    // The Kafka Connect pipeline running: the MySQL source connector in the producers' column,
    // the Elasticsearch sink connector's group in the consumers' column.
    name: 'connect-pipeline-1280',
    scenario: 'connect-pipeline',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 1_500 },
  },
  {
    // After sink task 1 crashed: task 0 wrote its uncommitted records to Elasticsearch again.
    name: 'connect-sink-duplicates-inspector-1280',
    scenario: 'connect-pipeline',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 20_000 },
    pauseWhen: '[data-testid="group-status-connect-es-orders"][title*="twice"]',
    act: (page) => page.getByTestId('group-connect-es-orders').locator('.node-title').click(),
  },
  {
    // After the source task crashed and restarted: rows after its committed offset read again.
    name: 'connect-source-duplicates-inspector-1280',
    scenario: 'connect-pipeline',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 30_000 },
    pauseWhen: '[data-testid="producer-connector-producer-mysql-orders-0"] .stat-bad',
    act: (page) =>
      page.getByTestId('producer-connector-producer-mysql-orders-0').locator('.node-title').click(),
  },
  {
    // The source task's menu: crash it from the canvas (C); restart it once it FAILED (R).
    name: 'connect-source-menu-1280',
    scenario: 'connect-pipeline',
    width: 1280,
    height: 720,
    runAt: { speed: '300', wallMs: 1000 },
    act: (page) =>
      page
        .getByTestId('producer-connector-producer-mysql-orders-0')
        .locator('.node-title')
        .click({ button: 'right' }),
  },
  {
    name: 'logview-large-1920',
    scenario: 'large',
    width: 1920,
    height: 1080,
    runAt: { speed: '300', wallMs: 1500 },
    act: async (page) => {
      await page.getByTestId('log-partition').selectOption({ label: 'payments-3' });
      await clickNewestRecord(page, 5);
    },
  },
];

/** Opens the log view by clicking a replica tile on the canvas. */
async function openLog(page: Page, tile: string): Promise<void> {
  await page.getByTestId(tile).click();
  await page.getByTestId('log-tape').waitFor();
}

/** Clicks the record `back` places before the newest one in the open log view. */
async function clickNewestRecord(page: Page, back: number): Promise<void> {
  const end = Number((await page.getByTestId('log-end').innerText()).replace(/,/g, ''));
  await page.getByTestId(`log-record-${end - 1 - back}`).click();
  await page.getByTestId('record-detail').waitFor();
}

/** In the page: the messages the canvas drew last (MessageLayer.tsx's `drawnMessages`). */
const DRAWN_MESSAGES =
  '(document.querySelector(\'[data-testid="messages"]\')?.drawnMessages ?? [])';

/** A condition checked in the page on every frame: a selector, a message, a count, a time. */
type PauseCondition = string | { message: string } | { count: number } | { clockMs: number };

/** The condition as a JavaScript expression for the page. */
function conditionSource(c: PauseCondition): string {
  if (typeof c === 'string') return `document.querySelector(${JSON.stringify(c)}) !== null`;
  if ('count' in c) return `${DRAWN_MESSAGES}.length >= ${c.count}`;
  if ('clockMs' in c)
    return `Number(document.querySelector('[data-testid="clock"]')?.getAttribute('data-ms')) >= ${c.clockMs}`;
  return `${DRAWN_MESSAGES}.some((m) => ${c.message})`;
}

/**
 * Pauses inside the page, in the first animation frame where `condition` holds (or after
 * `withinMs`): messages live a few simulated ms, too short to catch from outside the page.
 * A string, not a function: tsx would add helpers the page does not have.
 */
async function pauseWhen(page: Page, condition: PauseCondition, withinMs: number): Promise<void> {
  await page.evaluate(`new Promise((resolve) => {
    const until = performance.now() + ${withinMs};
    const frame = () => {
      if ((${conditionSource(condition)}) || performance.now() > until) {
        document.querySelector('[data-testid="play"]').click();
        resolve();
      } else requestAnimationFrame(frame);
    };
    frame();
  })`);
  await page.getByTestId('play').and(page.locator('[aria-pressed="false"]')).waitFor();
}

/**
 * Zooms the canvas in around the first drawn message that passes `test` (a JavaScript
 * expression over `m`), as a mouse wheel would.
 */
async function zoomAt(page: Page, test: string, notches: number): Promise<void> {
  const at = (await page.evaluate(`(() => {
    const m = ${DRAWN_MESSAGES}.find((m) => ${test});
    if (!m) return null;
    const box = document.querySelector('[data-testid="messages"]').getBoundingClientRect();
    return { x: box.left + m.x, y: box.top + m.y };
  })()`)) as { x: number; y: number } | null;
  if (!at) return;
  await page.mouse.move(at.x, at.y);
  for (let i = 0; i < notches; i++) {
    await page.mouse.wheel(0, -200);
    await page.waitForTimeout(80);
  }
}

async function take(page: Page, shot: Shot): Promise<void> {
  await page.setViewportSize({ width: shot.width, height: shot.height });
  await page.emulateMedia({ colorScheme: shot.dark ? 'dark' : 'light' });
  await page.goto(`http://localhost:${PORT}/?scenario=${shot.scenario}`);
  await page.getByTestId('clock').waitFor();
  if (shot.file) {
    await page.getByTestId('import-scenario').setInputFiles(shot.file);
    await page.getByTestId('clock').and(page.locator('[data-ms="0"]')).waitFor();
    await page.waitForTimeout(300);
  }
  if (shot.runAt) {
    await page.getByTestId('speed').fill(shot.runAt.speed);
    await page.getByTestId('play').click();
    if (shot.pauseWhen) await pauseWhen(page, shot.pauseWhen, shot.runAt.wallMs);
    else {
      await page.waitForTimeout(shot.runAt.wallMs);
      await page.getByTestId('play').click();
    }
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
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const page = await browser.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') console.log(`[${m.type()}] ${m.text()}`);
    });
    page.on('pageerror', (e) => console.log(`[pageerror] ${String(e)}`));
    for (const shot of [...SHOTS, ...GROUP_SHOTS, ...TOOL_SHOTS])
      if (shot.name.includes(only)) await take(page, shot);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
