import { loadCifar10 } from './cifar';
import { allocate, deepCoreSplit, OVERLAP_SWEEP } from './deepcore_split';
import { indicesByClass } from './dataset';
import { cifar10FixtureDir } from './testing/cifar10_fixture';

const labels = loadCifar10(cifar10FixtureDir(), { partial: true }).train.labels;

function classCounts(idx: Int32Array): number[] {
  return indicesByClass(
    Array.from(idx, (i) => labels[i]),
    10,
  ).map((c) => c.length);
}

describe('DeepCore split 2:2:1 with overlap', () => {
  it('the sweep is 0.0, 0.1, ..., 1.0', () => {
    expect(OVERLAP_SWEEP).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  });

  it('cuts every class 2:2:1 (to the sample) and keeps the adversary apart', () => {
    const s = deepCoreSplit(labels, 10, { overlap: 0, seed: 1 });
    const all = indicesByClass(labels, 10).map((c) => c.length);
    const v = classCounts(s.victim);
    const a = classCounts(s.adversary);
    all.forEach((n, c) => {
      expect(v[c]).toBe(Math.floor((2 * n) / 5));
      expect(classCounts(s.homologous)[c]).toBe(v[c]);
      expect(a[c]).toBe(n - 2 * v[c]);
    });
    const victim = new Set(s.victim);
    expect(s.homologous.some((i) => victim.has(i))).toBe(false);
    expect(s.adversary.some((i) => victim.has(i) || s.homologous.includes(i))).toBe(false);
    expect(new Set([...s.victim, ...s.homologous, ...s.adversary]).size).toBe(labels.length);
  });

  it.each(OVERLAP_SWEEP.map((r) => [r]))(
    'overlap %s shares exactly round(r*|X_v|) samples and keeps |X_h| = |X_v|',
    (r) => {
      const s = deepCoreSplit(labels, 10, { overlap: r, seed: 3 });
      const victim = new Set(s.victim);
      const shared = s.homologous.filter((i) => victim.has(i)).length;
      expect(shared).toBe(Math.round(r * s.victim.length));
      expect(s.shared).toBe(shared);
      expect(s.homologous.length).toBe(s.victim.length);
      expect(new Set(s.homologous).size).toBe(s.homologous.length);
      expect(Math.abs(s.overlap - r)).toBeLessThan(1 / s.victim.length);
      const adversary = new Set(s.adversary);
      expect(s.homologous.some((i) => adversary.has(i))).toBe(false);
      // The shared samples are spread over classes in proportion: per class within one sample.
      const sharedPerClass = classCounts(Int32Array.from(s.homologous.filter((i) => victim.has(i))));
      classCounts(s.victim).forEach((v, c) => expect(Math.abs(sharedPerClass[c] - r * v)).toBeLessThanOrEqual(1));
    },
  );

  it('is determined by the seed, and the pools do not move with r', () => {
    const a = deepCoreSplit(labels, 10, { overlap: 0.3, seed: 9 });
    const b = deepCoreSplit(labels, 10, { overlap: 0.3, seed: 9 });
    const c = deepCoreSplit(labels, 10, { overlap: 0.3, seed: 10 });
    expect(Array.from(a.victim)).toEqual(Array.from(b.victim));
    expect(Array.from(a.homologous)).toEqual(Array.from(b.homologous));
    expect(Array.from(a.victim)).not.toEqual(Array.from(c.victim));
    const d = deepCoreSplit(labels, 10, { overlap: 0.8, seed: 9 });
    expect(Array.from(d.victim)).toEqual(Array.from(a.victim));
    expect(Array.from(d.adversary)).toEqual(Array.from(a.adversary));
  });

  it('rejects an overlap outside [0, 1]', () => {
    expect(() => deepCoreSplit(labels, 10, { overlap: 1.1, seed: 0 })).toThrow('overlap must be in [0, 1], got 1.1');
  });

  it('allocate splits by largest remainder without exceeding a class', () => {
    expect(allocate(5, [10, 10, 10])).toEqual([2, 2, 1]);
    expect(allocate(7, [1, 9])).toEqual([1, 6]);
    expect(allocate(10, [3, 7])).toEqual([3, 7]);
  });
});
