import { describe, expect, it } from 'vitest';
import { ownGet, ownSet } from '../../src/engine/context.ts';

// Topic names such as "__proto__" or "constructor" are legal in Kafka (Topic.validate only
// limits characters and length), and per-topic records in the state are keyed by them.
describe('per-topic records keyed by any legal topic name', () => {
  const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'orders'];

  it('ownGet sees only entries that were set, never what Object.prototype has', () => {
    const record: Record<string, number> = {};
    for (const name of names) expect(ownGet(record, name)).toBeUndefined();
  });

  it('ownSet makes an own, enumerable entry and leaves the prototype alone', () => {
    const record: Record<string, number> = {};
    names.forEach((name, i) => ownSet(record, name, i));
    names.forEach((name, i) => expect(ownGet(record, name)).toBe(i));
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.keys(record).sort()).toEqual([...names].sort());
    expect(JSON.parse(JSON.stringify(record))).toEqual(record);
    names.forEach((name, i) => ownSet(record, name, i + 10));
    names.forEach((name, i) => expect(ownGet(record, name)).toBe(i + 10));
  });
});
