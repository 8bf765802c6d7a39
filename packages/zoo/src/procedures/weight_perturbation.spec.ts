import { generateDataset } from '@fpb/data';
import { initBackend } from '@fpb/tensor';
import { addWeightNoise, getArchitecture, kernelVariables, pruneWeights } from '@fpb/models';
import { weightPruneFineTune } from './weight_perturbation';

const build = () => getArchitecture('resnet8').build({ numClasses: 4, seed: 2, width: 4 });
const kernelValues = (m: ReturnType<typeof build>) => kernelVariables(m).map((k) => Array.from(k.dataSync()));

beforeAll(() => initBackend('wasm', () => undefined));

describe('weight perturbations (FingerBench)', () => {
  it('touches conv and dense kernels only', () => {
    const names = build()
      .trainableWeights.filter((w) => /kernel$/.test(w.originalName))
      .map((w) => w.originalName);
    expect(names).toContain('stem_conv/kernel');
    expect(names).toContain('logits/kernel');
    expect(names.some((n) => /gamma|beta|bias/.test(n))).toBe(false);
  });

  it.each([0.1, 0.5, 0.9])('global pruning at %s zeroes that share of kernel weights, the smallest ones', (ratio) => {
    const m = build();
    const before = kernelValues(m).flat();
    const { threshold } = pruneWeights(m, ratio);
    const after = kernelValues(m).flat();
    const zeros = after.filter((v) => v === 0).length / after.length;
    expect(Math.abs(zeros - ratio)).toBeLessThan(0.01);
    after.forEach((v, i) => expect(v === 0 ? Math.abs(before[i]) <= threshold : v === before[i]).toBe(true));
  });

  it('pruned weights stay zero through fine-tuning', async () => {
    const data = generateDataset({ numClasses: 4, trainPerClass: 8, seed: 1 });
    const m = build();
    await weightPruneFineTune(
      m,
      data.train,
      Array.from({ length: 32 }, (_, i) => i),
      0.5,
      { epochs: 1, batchSize: 16, learningRate: 0.05, augment: false },
    );
    const after = kernelValues(m).flat();
    expect(after.filter((v) => v === 0).length / after.length).toBeGreaterThanOrEqual(0.49);
  });

  it('noise has the asked size relative to each kernel and is reproducible under a seed', () => {
    const a = build();
    const before = kernelValues(a);
    addWeightNoise(a, 0.1, 7);
    const after = kernelValues(a);
    const rel = before.map((w, i) => {
      const mean = w.reduce((s, v) => s + v, 0) / w.length;
      const std = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length);
      const d = after[i].map((v, j) => v - w[j]);
      return Math.sqrt(d.reduce((s, v) => s + v * v, 0) / d.length) / std;
    });
    const big = rel.filter((_, i) => before[i].length >= 500); // enough weights for a stable estimate
    for (const r of big) expect(Math.abs(r - 0.1)).toBeLessThan(0.02);
    const b = build();
    addWeightNoise(b, 0.1, 7);
    expect(kernelValues(b)).toEqual(after);
  });
});
