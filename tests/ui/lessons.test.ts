import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SHIPPED_ORDER } from '../../src/scenario/shippedOrder.ts';
import { LESSONS } from '../../src/ui/lessons.ts';

/** The benchmark presets teach no single lesson. */
const PRESETS = ['classroom', 'large', 'stress'];

describe('lessons (the help panel, and the README table)', () => {
  it('every lesson opens shipped scenarios, and every shipped scenario but the presets answers one', () => {
    const named = LESSONS.flatMap((l) => l.scenarios);
    for (const name of named) expect(SHIPPED_ORDER).toContain(name);
    const unanswered = SHIPPED_ORDER.filter((s) => !PRESETS.includes(s) && !named.includes(s));
    expect(unanswered).toEqual([]);
  });

  it('asks the same questions as the README table, in the same order', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const rows = readme
      .split('\n')
      .filter((l) => l.startsWith('| ') && l.includes('`') && /\?\s*\|/.test(l))
      .map((l) => l.split('|')[1]!.trim());
    expect(rows).toEqual(LESSONS.map((l) => l.question));
  });
});
