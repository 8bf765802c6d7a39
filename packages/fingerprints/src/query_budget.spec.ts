import type { Fingerprint } from './method';
import { atBudget } from './query_budget';
import { getMethod } from './registry';

const fp: Fingerprint = {
  method: 'metafinger',
  count: 3,
  inputs: Float32Array.from({ length: 3 * 3072 }, (_, i) => Math.floor(i / 3072)),
  victimOutputs: Float32Array.from({ length: 30 }, (_, i) => i),
  numClasses: 10,
  arrays: { labels: Float32Array.from([7, 8, 9]) },
  info: {},
};

describe('a fingerprint at a smaller budget', () => {
  it('keeps the first k queries, their victim outputs and per-query arrays', () => {
    const two = atBudget(getMethod('metafinger'), fp, 2);
    expect(two.count).toBe(2);
    expect([two.inputs.length, two.inputs[3072], two.inputs[2 * 3072 - 1]]).toEqual([2 * 3072, 1, 1]);
    expect(Array.from(two.victimOutputs)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(Array.from(two.arrays.labels)).toEqual([7, 8]);
  });

  it('refuses a method that scores its queries together, and a budget outside 1..count', () => {
    expect(() => atBudget(getMethod('deepcore'), fp, 2)).toThrow(
      'DeepCore (L1_dist) scores its queries together: it has no smaller budget',
    );
    expect(() => atBudget(getMethod('metafinger'), fp, 4)).toThrow('MetaFinger: a budget of 4 queries is outside 1..3');
  });
});
