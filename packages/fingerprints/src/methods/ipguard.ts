import { deriveSeed, tf } from '@fpb/tensor';
import { answersOf } from '../label_space';
import { logitsOf } from '../helpers/model_outputs';
import type { Budget, FingerprintMethod } from '../method';
import { IMAGE_SHAPE, IMAGE_SIZE } from '../oracle';
import { argmax, rows, topOneAgreement } from '../output_math';
import { imagesOf, pickIndices } from '../sampling';

interface IpGuardSettings {
  /** Boundary points to keep (queries). */
  samples: number;
  /** Adam steps at most per candidate; a candidate that has not reached zero loss by then is dropped. */
  steps: number;
  /** k: the target class must lead the source class by this much. */
  margin: number;
  learningRate: number;
  /** Candidates optimised together (each with its own Adam state: Adam is elementwise). */
  batch: number;
  /** Give up after this many candidates, keeping the points found. */
  maxCandidates: number;
}

/**
 * The authors' settings (MetaFinger's ipguard.py: k = 10, Adam lr 0.001, up to 1,000 steps, 100
 * queries, starts that the victim classifies correctly, target = its least likely class, a point kept
 * only once its loss is exactly zero) at mini and paper. Tiny keeps the rule with fewer steps at a
 * larger learning rate and k = 1: the tiny models' logits seldom span 10 (measured: no point of 28
 * reached k = 10 in 100 steps), so that tests run in seconds.
 */
const IPGUARD_SETTINGS: Record<Budget, IpGuardSettings> = {
  tiny: { samples: 8, steps: 100, margin: 1, learningRate: 0.01, batch: 16, maxCandidates: 48 },
  mini: { samples: 100, steps: 1000, margin: 10, learningRate: 0.001, batch: 128, maxCandidates: 1024 },
  paper: { samples: 100, steps: 1000, margin: 10, learningRate: 0.001, batch: 128, maxCandidates: 1024 },
};

/**
 * IPGuard's objective per image: ReLU(z_i - z_j + k) + ReLU(max_{t != i,j} z_t - z_i), where i is the
 * image's label and j its target: it reaches zero when j leads i by at least k and i leads the rest,
 * i.e. in the strip beyond the victim's i/j decision boundary.
 */
export function ipGuardLoss(logits: tf.Tensor2D, source: number[], target: number[], margin: number): tf.Tensor1D {
  return tf.tidy(() => {
    const c = logits.shape[1];
    const si = tf.oneHot(tf.tensor1d(source, 'int32'), c);
    const tj = tf.oneHot(tf.tensor1d(target, 'int32'), c);
    const zi = tf.sum(tf.mul(logits, si), 1);
    const zj = tf.sum(tf.mul(logits, tj), 1);
    // Everything but i and j pushed down by a large constant before the max.
    const rest = tf.max(tf.sub(logits, tf.mul(tf.add(si, tj), 1e4)), 1);
    return tf.add(tf.relu(tf.add(tf.sub(zi, zj), margin)), tf.relu(tf.sub(rest, zi)));
  });
}

/**
 * One batch of candidates optimised with Adam; each is kept, as it is at the first step where its loss
 * is exactly zero, and dropped if that never happens within `steps`. Each step's forward pass serves
 * both the check (per-image losses at the current images) and the update.
 */
function boundaryPoints(
  victim: tf.LayersModel,
  start: Float32Array,
  source: number[],
  target: number[],
  s: IpGuardSettings,
): Array<{ image: Float32Array; source: number; target: number }> {
  const count = source.length;
  const kept = new Map<number, Float32Array>();
  const x = tf.variable(tf.tensor4d(start, [count, ...IMAGE_SHAPE]));
  const optimizer = tf.train.adam(s.learningRate);
  // Keeps the images whose loss is zero now, before x moves.
  const keepReached = (losses: tf.Tensor1D) => {
    const values = losses.dataSync();
    const reached = [...values.keys()].filter((i) => values[i] === 0 && !kept.has(i));
    if (reached.length === 0) return;
    const images = x.dataSync();
    for (const i of reached) kept.set(i, Float32Array.from(images.subarray(i * IMAGE_SIZE, (i + 1) * IMAGE_SIZE)));
  };
  const lossesAtX = () => ipGuardLoss(victim.apply(x) as tf.Tensor2D, source, target, s.margin);
  try {
    for (let step = 0; step < s.steps && kept.size < count; step++) {
      optimizer.minimize(
        () => {
          const losses = lossesAtX();
          keepReached(losses);
          return tf.sum(losses);
        },
        false,
        [x],
      );
      tf.tidy(() => x.assign(tf.clipByValue(x, 0, 1)));
    }
    // The images after the last update.
    if (kept.size < count) tf.tidy(() => keepReached(lossesAtX()));
  } finally {
    x.dispose();
    optimizer.dispose();
  }
  return [...kept.keys()]
    .sort((a, b) => a - b)
    .map((i) => ({ image: kept.get(i)!, source: source[i], target: target[i] }));
}

export const ipGuard: FingerprintMethod = {
  id: 'ipguard',
  name: 'IPGuard',
  budgetable: { perQueryArrays: [] },
  description: "data points near the victim's decision boundary; score = matching rate of the suspect's labels",
  labelSpace: { kind: 'grouped' },
  needsHelpers: false,
  scoreIsMatchingRate: true,
  settings: IPGUARD_SETTINGS,
  buildVersion: 2,
  async build({ victim, data, split, budget, seed, log }) {
    const s = IPGUARD_SETTINGS[budget];
    const numClasses = data.train.numClasses;
    // Starts: the defender's own training images (X_v) in seeded order, those the victim gets right.
    const order = pickIndices(split.victim, s.maxCandidates, deriveSeed(seed, 'ipguard'));
    const found: Array<{ image: Float32Array; source: number; target: number }> = [];
    let tried = 0;
    for (let at = 0; at < order.length && found.length < s.samples; at += s.batch) {
      const indices = order.slice(at, at + s.batch);
      const logits = logitsOf(victim, imagesOf(data.train, indices), indices.length);
      const right = indices.map((_, i) => i).filter((i) => argmax(logits[i]) === data.train.labels[indices[i]]);
      tried += right.length;
      if (right.length === 0) continue;
      const start = imagesOf(
        data.train,
        right.map((i) => indices[i]),
      );
      const source = right.map((i) => argmax(logits[i]));
      // The target: the victim's least likely class for that image, as the authors' code.
      const target = right.map((i) => logits[i].indexOf(Math.min(...logits[i])));
      found.push(...boundaryPoints(victim, start, source, target, s));
    }
    const points = found.slice(0, s.samples);
    log(
      `ipguard: ${points.length} boundary points kept of ${tried} correctly classified candidates (loss 0 within ${s.steps} steps)`,
    );
    if (points.length === 0)
      throw new Error(
        `IPGuard found no boundary point in ${tried} candidates within ${s.steps} steps: raise maxCandidates or steps`,
      );
    const count = points.length;
    const inputs = new Float32Array(count * IMAGE_SIZE);
    points.forEach((p, i) => inputs.set(p.image, i * IMAGE_SIZE));
    return {
      method: 'ipguard',
      count,
      inputs,
      victimOutputs: Float32Array.from(logitsOf(victim, inputs, count).flat()),
      numClasses,
      arrays: {},
      info: { source: points.map((p) => p.source), target: points.map((p) => p.target), candidates: tried },
    };
  },
  score(fp, suspect) {
    const matchRate = topOneAgreement(rows(fp.victimOutputs, fp.numClasses), answersOf(fp, suspect));
    return { score: matchRate, matchRate };
  },
};
