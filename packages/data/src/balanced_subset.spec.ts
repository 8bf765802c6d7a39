import { balancedSubset } from './balanced_subset';
import { indicesByClass } from './dataset';

describe('balancedSubset', () => {
  const labels = Uint8Array.from({ length: 100 }, (_, i) => (i < 10 ? 0 : 1 + (i % 3))); // class 0 has only 10

  it('takes up to perClass of each class, all of a smaller class, sorted', () => {
    const s = balancedSubset(labels, 4, 15, 1);
    const counts = indicesByClass(
      Array.from(s, (i) => labels[i]),
      4,
    ).map((c) => c.length);
    expect(counts).toEqual([10, 15, 15, 15]);
    expect(Array.from(s)).toEqual([...s].sort((a, b) => a - b));
    expect(new Set(s).size).toBe(s.length);
  });

  it('is reproducible under a seed and differs across seeds', () => {
    expect(Array.from(balancedSubset(labels, 4, 5, 2))).toEqual(Array.from(balancedSubset(labels, 4, 5, 2)));
    expect(Array.from(balancedSubset(labels, 4, 5, 2))).not.toEqual(Array.from(balancedSubset(labels, 4, 5, 3)));
  });
});
