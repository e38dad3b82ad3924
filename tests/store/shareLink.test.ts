/**
 * Runs shared as links (shareLink.ts): the exported scenario survives the trip through the
 * address's fragment byte for byte, and a damaged link says what is wrong.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { decodeRun, encodeRun, linkOfRun, MAX_RUN_BYTES } from '../../src/store/shareLink.ts';
import { runOfHash } from '../../src/store/runLinkParam.ts';

const scenario = readFileSync(new URL('../../scenarios/classroom.json', import.meta.url), 'utf8');

describe('a run as a link', () => {
  it('packs a scenario into a URL-safe fragment and unpacks the same text, shorter than it', async () => {
    const value = await encodeRun(scenario);
    expect(value).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(value.length).toBeLessThan(scenario.length);
    expect(await decodeRun(value)).toBe(scenario);
  });

  it('carries text beyond ASCII (names, descriptions) unchanged', async () => {
    const text = JSON.stringify({ name: 'Rebalancing — 리밸런싱 “eager”' });
    expect(await decodeRun(await encodeRun(text))).toBe(text);
  });

  it('replaces ?scenario= and the fragment of the address it is made from', async () => {
    const link = linkOfRun('http://localhost:5173/?scenario=hello#old', 'abc');
    expect(link).toBe('http://localhost:5173/#run=abc');
    expect(runOfHash(new URL(link).hash)).toBe('abc');
    expect(runOfHash('')).toBeNull();
    expect(runOfHash('#other=1')).toBeNull();
  });

  it('refuses a link that unpacks to more than MAX_RUN_BYTES (a small fragment, a huge text)', async () => {
    const bomb = await encodeRun(' '.repeat(MAX_RUN_BYTES + 1));
    expect(bomb.length).toBeLessThan(20_000);
    await expect(decodeRun(bomb)).rejects.toThrow(/not a run: it unpacks to more than 4 MB/);
  });

  it('says a link is damaged when it was cut short or has foreign characters', async () => {
    const value = await encodeRun(scenario);
    await expect(decodeRun(value.slice(0, value.length >> 1))).rejects.toThrow(
      /damaged or cut short/,
    );
    await expect(decodeRun('not a run!')).rejects.toThrow(/the link is damaged/);
  });
});
