import { createRng, deriveSeed, tf } from '@fpb/tensor';
import { logitsOf } from '../helpers/model_outputs';
import type { Budget, FingerprintMethod } from '../method';
import { IMAGE_SHAPE } from '../oracle';
import { rows, topOneAgreement } from '../output_math';
import { imagesOf, pickIndices } from '../sampling';

const IPGUARD_SETTINGS: Record<Budget, { samples: number; steps: number; margin: number; learningRate: number }> = {
  tiny: { samples: 16, steps: 20, margin: 1, learningRate: 0.01 },
  mini: { samples: 100, steps: 100, margin: 1, learningRate: 0.01 },
  paper: { samples: 100, steps: 1000, margin: 1, learningRate: 0.01 },
};

/**
 * IPGuard's objective on a batch: ReLU(z_i - z_j + k) + ReLU(max_{t != i,j} z_t - z_i), where i is the
 * image's label and j a random target: it reaches zero when j leads i by at least k and i leads the
 * rest, i.e. next to the victim's i/j decision boundary.
 */
export function ipGuardLoss(logits: tf.Tensor2D, source: number[], target: number[], margin: number): tf.Scalar {
  return tf.tidy(() => {
    const c = logits.shape[1];
    const si = tf.oneHot(tf.tensor1d(source, 'int32'), c);
    const tj = tf.oneHot(tf.tensor1d(target, 'int32'), c);
    const zi = tf.sum(tf.mul(logits, si), 1);
    const zj = tf.sum(tf.mul(logits, tj), 1);
    // Everything but i and j pushed down by a large constant before the max.
    const rest = tf.max(tf.sub(logits, tf.mul(tf.add(si, tj), 1e4)), 1);
    return tf.sum(tf.add(tf.relu(tf.add(tf.sub(zi, zj), margin)), tf.relu(tf.sub(rest, zi))));
  });
}

export const ipGuard: FingerprintMethod = {
  id: 'ipguard',
  name: 'IPGuard',
  description: "data points near the victim's decision boundary; score = matching rate of the suspect's labels",
  needsHelpers: false,
  scoreIsMatchingRate: true,
  settings: IPGUARD_SETTINGS,
  buildVersion: 1,
  async build({ victim, data, budget, seed }) {
    const s = IPGUARD_SETTINGS[budget];
    const numClasses = data.test.numClasses;
    const picked = pickIndices(
      Array.from({ length: data.test.labels.length }, (_, i) => i),
      s.samples,
      deriveSeed(seed, 'ipguard'),
    );
    const start = imagesOf(data.test, picked);
    const count = picked.length;
    const rng = createRng(deriveSeed(seed, 'ipguard-targets'));
    const source = logitsOf(victim, start, count).map((row) => row.indexOf(Math.max(...row)));
    const target = source.map((i) => (i + 1 + Math.floor(rng() * (numClasses - 1))) % numClasses);
    const x = tf.variable(tf.tensor4d(start, [count, ...IMAGE_SHAPE]));
    const optimizer = tf.train.adam(s.learningRate);
    for (let step = 0; step < s.steps; step++) {
      optimizer.minimize(() => ipGuardLoss(victim.apply(x) as tf.Tensor2D, source, target, s.margin), false, [x]);
      tf.tidy(() => x.assign(tf.clipByValue(x, 0, 1)));
    }
    const inputs = Float32Array.from(x.dataSync());
    x.dispose();
    optimizer.dispose();
    return {
      method: 'ipguard',
      count,
      inputs,
      victimOutputs: Float32Array.from(logitsOf(victim, inputs, count).flat()),
      numClasses,
      arrays: {},
      info: { source, target },
    };
  },
  score(fp, suspect) {
    const matchRate = topOneAgreement(
      rows(fp.victimOutputs, fp.numClasses),
      rows(suspect.query(fp.inputs, fp.count), fp.numClasses),
    );
    return { score: matchRate, matchRate };
  },
};
