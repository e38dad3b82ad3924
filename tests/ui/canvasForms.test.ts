/** The consumer form's partition list (CanvasForms.tsx): what a person types into it. */
import { describe, expect, it } from 'vitest';
import { parsePartitionList } from '../../src/ui/canvas/CanvasForms.tsx';

describe('the consumer form: partitions to assign', () => {
  it('blank means every partition of the topic', () => {
    expect(parsePartitionList('', 3)).toEqual([0, 1, 2]);
    expect(parsePartitionList('  ', 2)).toEqual([0, 1]);
  });

  it('takes numbers separated by commas, once each, in the order given', () => {
    expect(parsePartitionList('2, 0', 3)).toEqual([2, 0]);
    expect(parsePartitionList('0,,2', 3)).toEqual([0, 2]);
    expect(parsePartitionList('1, 1', 3)).toEqual([1]);
    expect(parsePartitionList('00', 3)).toEqual([0]);
  });

  it('refuses what is not a partition of the topic', () => {
    expect(parsePartitionList('3', 3)).toBeNull();
    expect(parsePartitionList('-1', 3)).toBeNull();
    expect(parsePartitionList('1e1', 20)).toBeNull();
    expect(parsePartitionList('1.5', 3)).toBeNull();
    expect(parsePartitionList('orders-0', 3)).toBeNull();
  });
});
