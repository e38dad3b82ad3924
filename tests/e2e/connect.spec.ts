/**
 * A Kafka Connect pipeline end to end: open the shipped connect-pipeline scenario, see the
 * MySQL source connector in the producers' column and the Elasticsearch sink connector's group
 * in the consumers' column, play until a sink task crash has made Elasticsearch receive records
 * twice and the source task crash has put rows twice into the topic, and read both in the
 * inspector.
 */
import { expect, test } from '@playwright/test';

/** The speed slider position for 10× (log scale: 200 is 1×, 100 per decade). */
const TEN_TIMES = '300';
const SOURCE = 'connector-producer-mysql-orders-0';
const SINK_GROUP = 'connect-es-orders';

const count = async (text: Promise<string>) => Number((await text).replace(/,/g, ''));

test('the connectors show their external systems, and the duplicates after their task crashes', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/?scenario=connect-pipeline');
  await expect(page.getByTestId(`producer-${SOURCE}`)).toBeVisible();
  await expect(page.getByTestId(`producer-kind-${SOURCE}`)).toHaveText('Kafka Connect · source');
  await expect(page.getByTestId('connect-system-mysql-orders')).toHaveText('MySQL · orders');
  await expect(page.getByTestId(`group-kind-${SINK_GROUP}`)).toHaveText('Kafka Connect · sink');
  await expect(page.getByTestId('connect-system-es-orders')).toHaveText('→ Elasticsearch');
  // Connect starts a sink's tasks itself: no "+ member" on its group.
  await expect(page.getByTestId(`add-member-${SINK_GROUP}`)).toHaveCount(0);

  await page.getByTestId('speed').fill(TEN_TIMES);
  await page.getByTestId('play').click();
  // Sink task 1 crashes at 18 s; after session.timeout.ms task 0 takes its partition over from
  // the last commit and writes those records to Elasticsearch again.
  await expect(page.getByTestId(`group-status-${SINK_GROUP}`)).toHaveAttribute('title', /twice/, {
    timeout: 30_000,
  });
  // The source task crashes at 48 s and restarts at 52 s from its committed source offset.
  await expect(page.getByTestId('connect-duplicates-mysql-orders')).not.toHaveText('0', {
    timeout: 30_000,
  });
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');

  await page.getByTestId(`group-${SINK_GROUP}`).locator('.node-title').click();
  await expect(page.getByTestId('inspector-kind')).toHaveText('Kafka Connect · sink');
  await expect(page.getByTestId('inspector-connect')).toContainText('offset.flush.interval.ms');
  await expect(page.getByTestId('inspector-connect')).toContainText('10,000');
  expect(await count(page.getByTestId('inspector-connect-duplicates').innerText())).toBeGreaterThan(
    0,
  );

  await page.getByTestId(`producer-${SOURCE}`).locator('.node-title').click();
  await expect(page.getByTestId('inspector-kind')).toHaveText('Kafka Connect · source');
  await expect(page.getByTestId('inspector-connect-tasks')).toHaveText('0 RUNNING');
  expect(await count(page.getByTestId('inspector-connect-duplicates').innerText())).toBeGreaterThan(
    0,
  );

  // The source task crashes from its node's menu, and restarts with R on the selected node.
  await page.getByTestId(`producer-${SOURCE}`).locator('.node-title').click({ button: 'right' });
  await page.getByTestId('menu-crash-task').click();
  await expect(page.getByTestId(`connect-task-state-${SOURCE}`)).toHaveText('FAILED');
  await page.getByTestId(`producer-${SOURCE}`).locator('.node-title').click();
  await page.keyboard.press('r');
  await expect(page.getByTestId(`connect-task-state-${SOURCE}`)).toHaveCount(0);
  expect(errors).toEqual([]);
});
