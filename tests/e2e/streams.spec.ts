/**
 * A Kafka Streams pipeline end to end: open the shipped streams-pipeline scenario, see the
 * enricher group drawn as a Kafka Streams app writing to clicks-enriched, play until its
 * member crash has made the survivor reprocess records, and read the duplicates in the
 * group's inspector.
 */
import { expect, test } from '@playwright/test';

/** The speed slider position for 10× (log scale: 200 is 1×, 100 per decade). */
const TEN_TIMES = '300';

test('the streams group shows its output topic, and the duplicates after a member crash', async ({
  page,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('/?scenario=streams-pipeline');
  await expect(page.getByTestId('group-enricher')).toBeVisible();
  await expect(page.getByTestId('group-kind-enricher')).toHaveText('Kafka Streams');
  await expect(page.getByTestId('streams-output-enricher')).toHaveText('→ clicks-enriched');
  await expect(page.getByTestId('group-kind-dashboard')).toHaveText('Consumer group');
  // The embedded producers are drawn with their members, not as producers of their own.
  await expect(page.getByTestId('producer-web')).toBeVisible();
  await expect(page.getByTestId('producer-enricher-1-producer')).toHaveCount(0);

  await page.getByTestId('speed').fill(TEN_TIMES);
  await page.getByTestId('play').click();
  // enricher-2 crashes at 25 s; after session.timeout.ms (10 s) enricher-1 takes its
  // partitions from their last commit and writes their outputs again.
  await expect(page.getByTestId('group-status-enricher')).toHaveAttribute(
    'title',
    /written twice/,
    { timeout: 30_000 },
  );
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');

  await page.getByTestId('group-enricher').locator('.node-title').click();
  await expect(page.getByTestId('inspector-kind')).toHaveText('Kafka Streams app');
  const facts = page.getByTestId('inspector-streams');
  await expect(facts).toContainText('at_least_once');
  await expect(facts).toContainText('10,000');
  await expect(facts).toContainText('clicks-enriched');
  const duplicates = Number(
    (await page.getByTestId('inspector-streams-duplicates').innerText()).replace(/,/g, ''),
  );
  expect(duplicates).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});
