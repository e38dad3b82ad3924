/**
 * Pauses the simulation from inside the page, in the first animation frame where `condition`
 * (a JavaScript expression) holds. A state that lasts a few simulated seconds passes in a few
 * wall frames at 10×, which a loaded machine may skip past when the test polls from outside.
 */
import type { Page } from '@playwright/test';

export async function pauseInPageWhen(page: Page, condition: string): Promise<void> {
  await page.evaluate(`new Promise((resolve) => {
    const frame = () => {
      if (${condition}) {
        document.querySelector('[data-testid="play"]').click();
        resolve();
      } else requestAnimationFrame(frame);
    };
    frame();
  })`);
  await page.getByTestId('play').and(page.locator('[aria-pressed="false"]')).waitFor();
}

/** The condition that the simulated clock has passed `ms`. */
export const clockPast = (ms: number): string =>
  `Number(document.querySelector('[data-testid="clock"]')?.getAttribute('data-ms')) > ${ms}`;
