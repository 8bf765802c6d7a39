import { tf } from '@fpb/tensor';
import { IMAGE_SHAPE, IMAGE_SIZE } from '../oracle';
import { argmax, rows } from '../output_math';
import { imagesOf } from '../sampling';
import { tinySuspects } from '../testing/tiny_suspects';
import { buildCores, correctlyClassifiedStarts, DEEPCORE_SETTINGS } from '../methods/deepcore';
import { universalPerturbation } from '../methods/fuap';
import { deepFool } from './deepfool';

let world: Awaited<ReturnType<typeof tinySuspects>>;
beforeAll(async () => {
  world = await tinySuspects();
});

const predict = (m: tf.LayersModel, x: Float32Array, n: number) =>
  rows(
    tf.tidy(() => (m.predict(tf.tensor4d(x, [n, ...IMAGE_SHAPE])) as tf.Tensor).dataSync() as Float32Array),
    10,
  );

describe('DeepFool', () => {
  it('flips the victim label with a perturbation much smaller than the image', () => {
    const x = imagesOf(world.data.test, [0, 1, 2, 3, 4, 5]);
    const { perturbations, radii, flipped } = deepFool(world.victim, x, 6);
    expect(flipped).toEqual([true, true, true, true, true, true]);
    const before = predict(world.victim, x, 6).map(argmax);
    const after = predict(
      world.victim,
      x.map((v, i) => v + perturbations[i]),
      6,
    ).map(argmax);
    after.forEach((label, i) => expect(label).not.toBe(before[i]));
    // The radius is the accumulated steps' norm; the perturbation that flips is 1 + overshoot (0.02) times it.
    for (let b = 0; b < 6; b++)
      expect(Math.hypot(...perturbations.subarray(b * IMAGE_SIZE, (b + 1) * IMAGE_SIZE))).toBeCloseTo(
        radii[b] * 1.02,
        4,
      );
    // The image itself has an L2 norm of roughly sqrt(3072 * 0.25) ~ 28; the boundary is far closer.
    for (let b = 0; b < 6; b++) {
      const imageNorm = Math.hypot(...x.subarray(b * IMAGE_SIZE, (b + 1) * IMAGE_SIZE));
      expect(radii[b]).toBeGreaterThan(0);
      expect(radii[b]).toBeLessThan(0.5 * imageNorm);
    }
  });
});

describe('DeepCore core points', () => {
  it("raise the victim's score and the core radius with epochs", () => {
    const labels = Array.from({ length: 10 }, (_, i) => i);
    const start = imagesOf(
      world.data.test,
      labels.map((l) => world.data.test.labels.indexOf(l)),
    );
    const { cores, history } = buildCores(world.victim, start, labels, {
      ...DEEPCORE_SETTINGS.tiny,
      gamma: 0,
      maxEpochs: 12,
    });
    expect(history.map((h) => h.epoch)).toEqual([0, 4, 8, 12]);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const first = history[0];
    const last = history[history.length - 1];
    // Every core is more confident at the end than at its random start, and the mean radius grows.
    last.scores.forEach((s, i) => expect(s).toBeGreaterThan(first.scores[i]));
    for (let k = 1; k < history.length; k++) expect(mean(history[k].radii)).toBeGreaterThan(mean(history[k - 1].radii));
    // Cores stay images: values inside [0, 1], and each is classified as its own label.
    expect(Math.min(...cores)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...cores)).toBeLessThanOrEqual(1);
    expect(predict(world.victim, cores, 10).map(argmax)).toEqual(labels);
  });
});

describe('DeepCore convergence', () => {
  const labels = Array.from({ length: 10 }, (_, i) => i);
  let chosen: ReturnType<typeof correctlyClassifiedStarts>;
  beforeAll(() => {
    chosen = correctlyClassifiedStarts(world.victim, world.data.test, labels, 20, 5);
  });
  const starts = () => imagesOf(world.data.test, chosen.indices);

  it("reaches the gamma stop for every core before the cap, with the budget's decaying step", () => {
    const s = DEEPCORE_SETTINGS.tiny;
    const { stoppedAt, capped, history } = buildCores(world.victim, starts(), labels, s);
    expect(capped).toEqual(labels.map(() => false));
    stoppedAt.forEach((e) => expect(e).toBeLessThan(s.maxEpochs));
    // Each core stopped where its radius moved by less than gamma since the measurement before.
    stoppedAt.forEach((e, i) => {
      const k = history.findIndex((h) => h.epoch === e);
      expect(Math.abs(history[k].radii[i] - history[k - 1].radii[i])).toBeLessThan(s.gamma);
    });
  });

  it('a fixed step keeps the radius moving: the cap stops the cores instead', () => {
    const s = { ...DEEPCORE_SETTINGS.tiny, stepDecay: 1, maxEpochs: 40 };
    const { capped } = buildCores(world.victim, starts(), labels, s);
    expect(capped.filter(Boolean).length).toBeGreaterThan(5);
  });

  it('starts every core from a test image of its label, one the victim classifies as that label where it can', () => {
    chosen.indices.forEach((index, l) => expect(world.data.test.labels[index]).toBe(l));
    const predicted = predict(world.victim, starts(), 10).map(argmax);
    // Labels with a correctly classified candidate start there; the others are listed as misclassified.
    expect(labels.filter((l) => predicted[l] !== l)).toEqual(chosen.misclassified);
    expect(chosen.misclassified.length).toBeLessThan(5);
    // The victim's accuracy on the chosen starts beats its accuracy on the first image of each label.
    const naive = labels.map((l) => world.data.test.labels.indexOf(l));
    const naiveRight = predict(world.victim, imagesOf(world.data.test, naive), 10).filter((r, l) => argmax(r) === l);
    expect(10 - chosen.misclassified.length).toBeGreaterThanOrEqual(naiveRight.length);
  });
});

describe("FUAP's universal perturbation", () => {
  const pool = () => imagesOf(world.data.test, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  const settings = { pool: 12, samples: 4, radius: 4, targetFoolingRate: 0.5, maxPasses: 2 };

  it('reports the fooling rate it reaches, and passes until the target or the pass cap', () => {
    const { v, foolingRate, passes } = universalPerturbation(world.victim, pool(), 12, settings);
    const clean = predict(world.victim, pool(), 12).map(argmax);
    const perturbed = predict(
      world.victim,
      pool().map((x, i) => Math.min(1, Math.max(0, x + v[i % IMAGE_SIZE]))),
      12,
    ).map(argmax);
    expect(foolingRate).toBeCloseTo(perturbed.filter((l, i) => l !== clean[i]).length / 12, 12);
    expect(Math.hypot(...v)).toBeLessThanOrEqual(4 + 1e-4);
    expect(passes).toBeGreaterThanOrEqual(1);
    if (foolingRate < 0.5) expect(passes).toBe(2);
  });

  it('does not pass at all when the target is already met', () => {
    const { v, passes } = universalPerturbation(world.victim, pool(), 12, { ...settings, targetFoolingRate: 0 });
    expect(passes).toBe(0);
    expect(Math.max(...v.map(Math.abs))).toBe(0);
  });
});
