import { deriveSeed, tf } from '@fpb/tensor';
import { deepFool } from '../attacks/deepfool';
import { logitsOf } from '../helpers/model_outputs';
import { cosineDistance, l1Distance } from '../identification/deepcore_distances';
import type { Budget, BuildInputs, CoreCheckpoint, Fingerprint, FingerprintMethod, Verdict } from '../method';
import { IMAGE_SHAPE, IMAGE_SIZE } from '../oracle';
import { rows } from '../output_math';
import { imagesOf, indicesOfLabel, pickIndices } from '../sampling';

export interface DeepCoreSettings {
  /** Largest number of gradient steps per core point. */
  epochs: number;
  /** Step length theta of each update (on the L2-normalised gradient, so one value suits every model). */
  stepSize: number;
  /** Stop when the core radius changes by less than gamma between two radius measurements. */
  gamma: number;
  /** Measure the radius every this many epochs (1 = after each update, as in Algorithm 1). */
  radiusEvery: number;
  /** Keep only the k cores with the largest radii (all when null). */
  keep: number | null;
  deepFoolIterations: number;
  /** Keep a copy of the cores every this many epochs (the paper's CP_1, CP_2, ... for Tables II-III). */
  snapshotEvery: number;
}

export const DEEPCORE_SETTINGS: Record<Budget, DeepCoreSettings> = {
  tiny: {
    epochs: 12,
    stepSize: 0.5,
    gamma: 1e-4,
    radiusEvery: 4,
    keep: null,
    deepFoolIterations: 30,
    snapshotEvery: 4,
  },
  mini: {
    epochs: 300,
    stepSize: 0.05,
    gamma: 1e-4,
    radiusEvery: 10,
    keep: null,
    deepFoolIterations: 50,
    snapshotEvery: 100,
  },
  paper: {
    epochs: 500,
    stepSize: 0.05,
    gamma: 1e-4,
    radiusEvery: 1,
    keep: null,
    deepFoolIterations: 50,
    snapshotEvery: 100,
  },
};

/** One gradient step of every core on -log softmax(f_v(phi_i))_i, kept inside [0, 1]. */
function descend(
  model: tf.LayersModel,
  cores: Float32Array,
  labels: number[],
  stepSize: number,
  frozen: boolean[],
): Float32Array {
  const numClasses = model.outputs[0].shape[1] as number;
  return tf.tidy(() => {
    const x = tf.tensor4d(cores, [labels.length, ...IMAGE_SHAPE]);
    const target = tf.oneHot(tf.tensor1d(labels, 'int32'), numClasses);
    const loss = (input: tf.Tensor) => tf.sum(tf.mul(tf.neg(tf.logSoftmax(model.apply(input) as tf.Tensor)), target));
    const g = tf.reshape(tf.grad(loss)(x), [labels.length, IMAGE_SIZE]);
    const norm = tf.add(tf.norm(g, 'euclidean', 1, true), 1e-12);
    const move = tf.mul(
      tf.tensor2d(
        frozen.map((f) => (f ? 0 : 1)),
        [labels.length, 1],
      ),
      tf.div(g, norm),
    );
    return tf
      .clipByValue(tf.sub(tf.reshape(x, [labels.length, IMAGE_SIZE]), tf.mul(move, stepSize)), 0, 1)
      .dataSync() as Float32Array;
  });
}

/**
 * Algorithm 1: one core point per label, started from a real test image of that label, pushed towards
 * higher victim confidence; after updates the core radius (norm of the accumulated DeepFool
 * perturbation) is measured, and a core stops once its radius moves by less than gamma.
 */
export function buildCores(
  victim: tf.LayersModel,
  start: Float32Array,
  labels: number[],
  s: DeepCoreSettings,
  log: (l: string) => void = () => undefined,
) {
  let cores = Float32Array.from(start);
  const n = labels.length;
  const measure = (epoch: number): CoreCheckpoint => {
    const { radii } = deepFool(victim, cores, n, { maxIterations: s.deepFoolIterations });
    const logits = logitsOf(victim, cores, n);
    return { epoch, radii, scores: labels.map((l, i) => logits[i][l]) };
  };
  const history: CoreCheckpoint[] = [measure(0)];
  const snapshots: Array<{ epoch: number; cores: Float32Array }> = [];
  const converged = new Array<boolean>(n).fill(false);
  for (let epoch = 1; epoch <= s.epochs && converged.includes(false); epoch++) {
    cores = Float32Array.from(descend(victim, cores, labels, s.stepSize, converged));
    if (epoch % s.snapshotEvery === 0) snapshots.push({ epoch, cores: Float32Array.from(cores) });
    if (epoch % s.radiusEvery !== 0 && epoch !== s.epochs) continue;
    const previous = history[history.length - 1];
    const now = measure(epoch);
    history.push(now);
    now.radii.forEach((r, i) => {
      if (Math.abs(r - previous.radii[i]) < s.gamma) converged[i] = true;
    });
    log(
      `deepcore epoch ${epoch}: mean radius ${(now.radii.reduce((a, b) => a + b, 0) / n).toFixed(3)}, mean score ${(now.scores.reduce((a, b) => a + b, 0) / n).toFixed(2)}`,
    );
  }
  return { cores, history, snapshots };
}

/** What a DeepCore fingerprint keeps beside its cores. */
export interface DeepCoreInfo {
  /** The label of each kept core, in query order. */
  labels: number[];
  history: CoreCheckpoint[];
  /** Test-set index of each label's random starting point. */
  startIndices: number[];
  snapshotEpochs: number[];
}

export const deepCore: FingerprintMethod<DeepCoreInfo> = {
  id: 'deepcore',
  name: 'DeepCore (L1_dist)',
  alternativeScores: { 'DeepCore (Cos_dist)': 'negCosDist' },
  description:
    'core points of high victim confidence, far from its decision boundary (L1_dist; Cos_dist and clustering from the same outputs)',
  needsHelpers: false,
  scoreIsMatchingRate: false,
  settings: DEEPCORE_SETTINGS,
  buildVersion: 1,
  clustering: { name: 'DeepCore' },
  async build({ victim, data, budget, seed, log }: BuildInputs): Promise<Fingerprint<DeepCoreInfo>> {
    const s = DEEPCORE_SETTINGS[budget];
    const numClasses = data.test.numClasses;
    const labels = Array.from({ length: numClasses }, (_, i) => i);
    // The random starting point RP_i of each core: a test image of label i.
    const starts = labels.map(
      (l) => pickIndices(indicesOfLabel(data.test, l), 1, deriveSeed(seed, 'deepcore-start', l))[0],
    );
    if (starts.some((i) => i === undefined))
      throw new Error('DeepCore needs one test image of every label to start its core points');
    const start = imagesOf(data.test, starts);
    const { cores, history, snapshots } = buildCores(victim, start, labels, s, log);
    const final = history[history.length - 1];
    // Optionally keep only the k cores with the largest radii (fewer queries).
    const kept =
      s.keep === null
        ? labels
        : [...labels]
            .sort((a, b) => final.radii[b] - final.radii[a])
            .slice(0, s.keep)
            .sort((a, b) => a - b);
    const inputs = new Float32Array(kept.length * IMAGE_SIZE);
    kept.forEach((l, i) => inputs.set(cores.subarray(l * IMAGE_SIZE, (l + 1) * IMAGE_SIZE), i * IMAGE_SIZE));
    return {
      method: 'deepcore',
      count: kept.length,
      inputs,
      victimOutputs: Float32Array.from(logitsOf(victim, inputs, kept.length).flat()),
      numClasses,
      // The random starting points and the cores at every snapshot too: Tables II-III and Fig. 6-7
      // compare them (all labels, before any top-k selection).
      arrays: { randomPoints: start, ...Object.fromEntries(snapshots.map((x) => [`cores@${x.epoch}`, x.cores])) },
      info: { labels: kept, history, startIndices: starts, snapshotEpochs: snapshots.map((x) => x.epoch) },
    };
  },
  score(fp, suspect): Verdict {
    const labels = fp.info.labels;
    const victim = rows(fp.victimOutputs, fp.numClasses);
    const outputs = rows(suspect.query(fp.inputs, fp.count), fp.numClasses);
    const l1 = l1Distance(victim, outputs, labels);
    const cos = cosineDistance(victim, outputs);
    return { score: -l1, details: { l1Dist: l1, cosDist: cos, negCosDist: -cos }, outputs: outputs.flat() };
  },
  coreGrowth: (fp) => ({
    history: fp.info.history,
    randomPoints: fp.arrays.randomPoints,
    snapshots: fp.info.snapshotEpochs.map((epoch) => ({ epoch, cores: fp.arrays[`cores@${epoch}`] })),
  }),
};
