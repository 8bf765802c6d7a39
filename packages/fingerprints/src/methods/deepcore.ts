import type { ImageDataset } from '@fpb/data';
import { deriveSeed, tf } from '@fpb/tensor';
import { answersOf } from '../label_space';
import { deepFool } from '../attacks/deepfool';
import { logitsOf, selectImages } from '../helpers/model_outputs';
import { cosineDistance, l1Distance } from '../identification/deepcore_distances';
import type { Budget, BuildInputs, CoreCheckpoint, Fingerprint, FingerprintMethod, Verdict } from '../method';
import { IMAGE_SHAPE, IMAGE_SIZE } from '../oracle';
import { argmax, rows } from '../output_math';
import { imagesOf, indicesOfLabel, pickIndices } from '../sampling';

export interface DeepCoreSettings {
  /** Cap on gradient steps per core point. Algorithm 1's gamma stop is meant to come first; the fingerprint counts the cores the cap stopped. */
  maxEpochs: number;
  /** Step length theta of the first update, on the L2-normalised gradient (so one value suits every model). */
  stepSize: number;
  /**
   * Step t is stepSize * stepDecay^t long: a core's whole path is at most stepSize / (1 - stepDecay),
   * so its radius converges and the gamma stop is reached (a fixed step never lets it: the radius keeps
   * moving by up to a step per update).
   */
  stepDecay: number;
  /** Stop a core when its radius changes by less than gamma between two radius measurements. */
  gamma: number;
  /** Measure the radius every this many epochs (1 = after each update, as in Algorithm 1). */
  radiusEvery: number;
  /** Keep only the k cores with the largest radii (all N = one per label when null). */
  keep: number | null;
  deepFoolIterations: number;
  /** Keep a copy of the cores at these epochs (the paper's CP_1, CP_2, ... for Tables II-III); multiples of radiusEvery. */
  snapshotEpochs: number[];
  /** Test images of a label tried, in seeded order, for a start the victim classifies as that label. */
  startCandidates: number;
}

export const DEEPCORE_SETTINGS: Record<Budget, DeepCoreSettings> = {
  tiny: {
    maxEpochs: 160,
    stepSize: 0.5,
    stepDecay: 0.8,
    gamma: 1e-3,
    radiusEvery: 4,
    keep: null,
    deepFoolIterations: 30,
    snapshotEpochs: [4, 8],
    startCandidates: 20,
  },
  // The paper trains cores for up to 500 epochs (Table II) and names no step. Here the step starts at
  // 0.2 (L2, pixels in [0, 1]) and decays by 0.99 an epoch: a core travels at most 20, 95% of it in the
  // first 300 epochs, and from ~1,450 epochs a step hardly changes a float32 pixel, so the radius stops
  // moving and the gamma stop fires (DeepFool's radius jitters by a few percent under the tiniest moves
  // of a core, which a fixed step never lets settle). Measured on the mini victim: all 10 cores stopped
  // by gamma, the last at epoch 1,900 of the 3,000 cap. How often the cap binds: Table II's last row.
  mini: {
    maxEpochs: 3000,
    stepSize: 0.2,
    stepDecay: 0.99,
    gamma: 1e-4,
    radiusEvery: 10,
    keep: null,
    deepFoolIterations: 100,
    snapshotEpochs: [100, 200, 300, 400, 500, 1000],
    startCandidates: 100,
  },
  paper: {
    maxEpochs: 3000,
    stepSize: 0.2,
    stepDecay: 0.99,
    gamma: 1e-4,
    radiusEvery: 1,
    keep: null,
    deepFoolIterations: 100,
    snapshotEpochs: [100, 200, 300, 400, 500, 1000],
    startCandidates: 100,
  },
};

/** One gradient descent step of the moving cores on -log softmax(f_v(phi_i))_i (Algorithm 1's loss), kept inside [0, 1]. */
function descend(
  model: tf.LayersModel,
  cores: Float32Array,
  labels: number[],
  stepSize: number,
  frozen: boolean[],
): Float32Array {
  const numClasses = model.outputs[0].shape[1] as number;
  const active = labels.map((_, i) => i).filter((i) => !frozen[i]);
  const moved = tf.tidy(() => {
    const x = tf.tensor4d(selectImages(cores, active, IMAGE_SIZE), [active.length, ...IMAGE_SHAPE]);
    const target = tf.oneHot(
      tf.tensor1d(
        active.map((i) => labels[i]),
        'int32',
      ),
      numClasses,
    );
    const loss = (input: tf.Tensor) => tf.sum(tf.mul(tf.neg(tf.logSoftmax(model.apply(input) as tf.Tensor)), target));
    const g = tf.reshape(tf.grad(loss)(x), [active.length, IMAGE_SIZE]);
    const direction = tf.div(g, tf.add(tf.norm(g, 'euclidean', 1, true), 1e-12));
    return tf
      .clipByValue(tf.sub(tf.reshape(x, [active.length, IMAGE_SIZE]), tf.mul(direction, stepSize)), 0, 1)
      .dataSync() as Float32Array;
  });
  const out = Float32Array.from(cores);
  active.forEach((i, k) => out.set(moved.subarray(k * IMAGE_SIZE, (k + 1) * IMAGE_SIZE), i * IMAGE_SIZE));
  return out;
}

/** How the core points were built: the radius history, snapshots, and where each core stopped. */
export interface CoreBuild {
  cores: Float32Array;
  history: CoreCheckpoint[];
  snapshots: Array<{ epoch: number; cores: Float32Array }>;
  /** The epoch at which each core stopped moving. */
  stoppedAt: number[];
  /** True where the cap, not the gamma stop, ended the core. */
  capped: boolean[];
}

/**
 * Algorithm 1: one core point per label, started from a test image of that label, moved by gradient
 * descent on -log softmax(f_v(phi_i))_i (towards higher victim confidence); every radiusEvery updates
 * the core radius (norm of the accumulated DeepFool steps) is measured, and a core stops once its
 * radius moves by less than gamma.
 */
export function buildCores(
  victim: tf.LayersModel,
  start: Float32Array,
  labels: number[],
  s: DeepCoreSettings,
  log: (l: string) => void = () => undefined,
): CoreBuild {
  let cores: Float32Array = Float32Array.from(start);
  const n = labels.length;
  const converged = new Array<boolean>(n).fill(false);
  // A stopped core no longer moves: its radius and score are carried over, not measured again.
  const measure = (epoch: number, previous?: CoreCheckpoint): CoreCheckpoint => {
    const active = labels.map((_, i) => i).filter((i) => !converged[i]);
    const images = selectImages(cores, active, IMAGE_SIZE);
    const { radii } = deepFool(victim, images, active.length, { maxIterations: s.deepFoolIterations });
    const logits = logitsOf(victim, images, active.length);
    const now = { epoch, radii: [...(previous?.radii ?? radii)], scores: [...(previous?.scores ?? [])] };
    active.forEach((i, k) => {
      now.radii[i] = radii[k];
      now.scores[i] = logits[k][labels[i]];
    });
    return now;
  };
  const history: CoreCheckpoint[] = [measure(0)];
  const snapshots: Array<{ epoch: number; cores: Float32Array }> = [];
  const stoppedAt = new Array<number>(n).fill(s.maxEpochs);
  for (let epoch = 1; epoch <= s.maxEpochs && converged.includes(false); epoch++) {
    const step = s.stepSize * s.stepDecay ** (epoch - 1);
    cores = descend(victim, cores, labels, step, converged);
    if (s.snapshotEpochs.includes(epoch)) snapshots.push({ epoch, cores: Float32Array.from(cores) });
    if (epoch % s.radiusEvery !== 0 && epoch !== s.maxEpochs) continue;
    const previous = history[history.length - 1];
    const now = measure(epoch, previous);
    history.push(now);
    now.radii.forEach((r, i) => {
      if (!converged[i] && Math.abs(r - previous.radii[i]) < s.gamma) {
        converged[i] = true;
        stoppedAt[i] = epoch;
      }
    });
    if (epoch % (s.radiusEvery * 50) === 0 || !converged.includes(false))
      log(
        `deepcore epoch ${epoch}: mean radius ${(now.radii.reduce((a, b) => a + b, 0) / n).toFixed(3)}, mean score ${(now.scores.reduce((a, b) => a + b, 0) / n).toFixed(2)}, ${converged.filter(Boolean).length} of ${n} cores stopped by gamma`,
      );
  }
  return { cores, history, snapshots, stoppedAt, capped: converged.map((c) => !c) };
}

/**
 * A start for each label: the first of `candidates` seeded test images of that label that the victim
 * classifies as that label (Algorithm 1 assumes the core starts inside its label's region). Where the
 * victim gets none of them right (a tiny victim can miss a whole class), the candidate with the
 * largest margin for the label stands in, and the label is listed in `misclassified`.
 */
export function correctlyClassifiedStarts(
  victim: tf.LayersModel,
  test: ImageDataset,
  labels: number[],
  candidates: number,
  seed: number,
): { indices: number[]; misclassified: number[] } {
  const misclassified: number[] = [];
  const indices = labels.map((l) => {
    const pool = pickIndices(indicesOfLabel(test, l), candidates, deriveSeed(seed, 'deepcore-start', l));
    if (pool.length === 0) throw new Error(`DeepCore needs a test image of label ${l} to start its core point`);
    const logits = logitsOf(victim, imagesOf(test, pool), pool.length);
    const first = logits.findIndex((row) => argmax(row) === l);
    if (first >= 0) return pool[first];
    misclassified.push(l);
    const margins = logits.map((row) => row[l] - Math.max(...row.filter((_, k) => k !== l)));
    return pool[margins.indexOf(Math.max(...margins))];
  });
  return { indices, misclassified };
}

/** What a DeepCore fingerprint keeps beside its cores. */
export interface DeepCoreInfo {
  /** The label of each kept core, in query order. */
  labels: number[];
  history: CoreCheckpoint[];
  /** Test-set index of each label's random starting point (one the victim classifies correctly). */
  startIndices: number[];
  /** Labels whose start the victim misclassifies (none of its candidates was right). */
  misclassifiedStarts: number[];
  snapshotEpochs: number[];
  /** Per label: the epoch its core stopped, and whether the cap stopped it rather than gamma. */
  stoppedAt: number[];
  capped: boolean[];
}

export const deepCore: FingerprintMethod<DeepCoreInfo> = {
  id: 'deepcore',
  name: 'DeepCore (L1_dist)',
  alternativeScores: { 'DeepCore (Cos_dist)': 'negCosDist' },
  description:
    'core points of high victim confidence, far from its decision boundary (L1_dist; Cos_dist and clustering from the same outputs)',
  // Each core is scored on its own label: the label it stands for in the suspect's space.
  labelSpace: {
    kind: 'grouped',
    relabel: (fp, classMap) => ({ ...fp, info: { ...fp.info, labels: fp.info.labels.map((l) => classMap[l]) } }),
  },
  needsHelpers: false,
  scoreIsMatchingRate: false,
  settings: DEEPCORE_SETTINGS,
  buildVersion: 2,
  clustering: { name: 'DeepCore' },
  paperTableFour: {
    cifar10: {
      'DeepCore (L1_dist)': { mir: 0.03, fir: 0.0 },
      'DeepCore (Cos_dist)': { mir: 0.0, fir: 0.0 },
      'DeepCore (Clustering, KMeans)': { mir: 0.0, fir: 0.0 },
    },
    cifar100: {
      'DeepCore (L1_dist)': { mir: 0.09, fir: 0.05 },
      'DeepCore (Cos_dist)': { mir: 0.03, fir: 0.04 },
      'DeepCore (Clustering, KMeans)': { mir: 0.0, fir: 0.09 },
    },
  },
  async build({ victim, data, budget, seed, log }: BuildInputs): Promise<Fingerprint<DeepCoreInfo>> {
    const s = DEEPCORE_SETTINGS[budget];
    const numClasses = data.test.numClasses;
    const labels = Array.from({ length: numClasses }, (_, i) => i);
    // The random starting point RP_i of each core: a test image of label i that the victim gets right.
    const { indices: starts, misclassified } = correctlyClassifiedStarts(
      victim,
      data.test,
      labels,
      s.startCandidates,
      seed,
    );
    if (misclassified.length > 0)
      log(
        `deepcore: the victim classifies none of ${s.startCandidates} test images of label(s) ${misclassified.join(', ')} correctly; the closest stands in as their start`,
      );
    const start = imagesOf(data.test, starts);
    const { cores, history, snapshots, stoppedAt, capped } = buildCores(victim, start, labels, s, log);
    log(
      `deepcore: ${labels.length} cores, ${capped.filter(Boolean).length} stopped by the cap (${s.maxEpochs} epochs), the rest by gamma = ${s.gamma} (last at epoch ${Math.max(...stoppedAt)})`,
    );
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
      arrays: {
        randomPoints: start,
        finalCores: cores,
        ...Object.fromEntries(snapshots.map((x) => [`cores@${x.epoch}`, x.cores])),
      },
      info: {
        labels: kept,
        history,
        startIndices: starts,
        misclassifiedStarts: misclassified,
        snapshotEpochs: snapshots.map((x) => x.epoch),
        stoppedAt,
        capped,
      },
    };
  },
  score(fp, suspect): Verdict {
    const labels = fp.info.labels;
    const victim = rows(fp.victimOutputs, fp.numClasses);
    const outputs = answersOf(fp, suspect);
    const l1 = l1Distance(victim, outputs, labels);
    const cos = cosineDistance(victim, outputs);
    return { score: -l1, details: { l1Dist: l1, cosDist: cos, negCosDist: -cos }, outputs: outputs.flat() };
  },
  coreGrowth: (fp) => ({
    history: fp.info.history,
    randomPoints: fp.arrays.randomPoints,
    snapshots: fp.info.snapshotEpochs.map((epoch) => ({ epoch, cores: fp.arrays[`cores@${epoch}`] })),
    finalCores: fp.arrays.finalCores,
    stoppedAt: fp.info.stoppedAt,
    capped: fp.info.capped,
  }),
};
