import { createRng, deriveSeed, randomNormal, tf } from '@fpb/tensor';
import { answersOf } from '../label_space';
import { logitsOf } from '../helpers/model_outputs';
import { modelVariants } from '../helpers/model_variants';
import type { Budget, Fingerprint, FingerprintMethod } from '../method';
import { IMAGE_SHAPE, IMAGE_SIZE } from '../oracle';
import { softmax } from '../output_math';
import { classBalancedWeights } from '../helpers/class_balance';

interface MetaVSettings {
  /** Query images, each started from noise: a grey image (0.5) plus Gaussian noise of this std. */
  queries: number;
  noiseStd: number;
  hidden: number;
  steps: number;
  learningRate: number;
  variants: number;
}

/**
 * MetaV (Pan et al., KDD 2022) optimises 100 queries that start as noise ("empty images with slight
 * noises", as NaturalFinger describes them); its code is not available here, so the start is a grey
 * image plus Gaussian noise of std 0.1 and the optimiser is Adam. Mini keeps the paper's 100 queries and
 * hidden width but 150 joint steps instead of 1,000: a step forwards and back-propagates all 11 models
 * on the 100 queries (~0.5 s on the torch backend, 2 cores), so 1,000 would cost ~8 min.
 */
const METAV_SETTINGS: Record<Budget, MetaVSettings> = {
  tiny: { queries: 8, noiseStd: 0.1, hidden: 16, steps: 30, learningRate: 0.01, variants: 2 },
  mini: { queries: 100, noiseStd: 0.1, hidden: 128, steps: 150, learningRate: 0.01, variants: 2 },
  paper: { queries: 100, noiseStd: 0.1, hidden: 128, steps: 1000, learningRate: 0.001, variants: 8 },
};

/** Grey images plus Gaussian noise, clipped to [0, 1]: MetaV's starting queries. */
export function noiseImages(count: number, std: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: count * IMAGE_SIZE }, () =>
    Math.min(1, Math.max(0, 0.5 + std * randomNormal(rng))),
  );
}

const VERIFIER = ['w1', 'b1', 'w2', 'b2'] as const;

/** The verifier: a one-hidden-layer network reading the concatenated softmax outputs on the queries. */
function verify(weights: Record<(typeof VERIFIER)[number], tf.Tensor>, features: tf.Tensor2D): tf.Tensor {
  return tf.tidy(() =>
    tf.add(
      tf.matMul(tf.relu(tf.add(tf.matMul(features, weights.w1 as tf.Tensor2D), weights.b1)), weights.w2 as tf.Tensor2D),
      weights.b2,
    ),
  );
}

function initialVerifier(
  inputs: number,
  hidden: number,
  seed: number,
): Record<(typeof VERIFIER)[number], Float32Array> {
  const rng = createRng(seed);
  const normal = (n: number, std: number) => Float32Array.from({ length: n }, () => std * randomNormal(rng));
  return {
    w1: normal(inputs * hidden, Math.sqrt(2 / inputs)),
    b1: new Float32Array(hidden),
    w2: normal(hidden, Math.sqrt(1 / hidden)),
    b2: new Float32Array(1),
  };
}

const shapes = (inputs: number, hidden: number) => ({ w1: [inputs, hidden], b1: [hidden], w2: [hidden, 1], b2: [1] });

/**
 * MetaV: the query images and a small verifier are trained together so that the verifier, reading a
 * model's softmax outputs on the queries, tells victim-derived models (the victim, its augmented copies,
 * positive helpers) from independent ones (negative helpers). Score = the verifier's probability.
 */
/** The verifier's hidden width and how many helper models trained it. */
interface MetaVInfo {
  hidden: number;
  helperModels: number;
}

export const metaV: FingerprintMethod<MetaVInfo> = {
  id: 'metav',
  name: 'MetaV',
  description:
    'queries and a verifier network trained jointly on helper models; score = verifier probability of piracy',
  labelSpace: {
    kind: 'victim-only',
    reason: "its verifier reads the softmax of every one of the victim's classes on every query",
  },
  needsHelpers: true,
  scoreIsMatchingRate: false,
  settings: METAV_SETTINGS,
  buildVersion: 2,
  async build({ victim, data, helpers, budget, seed }): Promise<Fingerprint<MetaVInfo>> {
    const s = METAV_SETTINGS[budget];
    if (helpers.negative.length === 0) throw new Error('MetaV needs at least one negative (independent) helper model');
    const variants = await modelVariants(victim, s.variants, deriveSeed(seed, 'metav'));
    const models = [victim, ...variants, ...[...helpers.positive, ...helpers.negative].map((h) => h.model)];
    const targets = models.map((_, i) => (i < models.length - helpers.negative.length ? 1 : 0));
    const numClasses = data.test.numClasses;
    const count = s.queries;
    const start = noiseImages(count, s.noiseStd, deriveSeed(seed, 'metav-queries'));
    const x = tf.variable(tf.tensor4d(start, [count, ...IMAGE_SHAPE]));
    const inputsSize = count * numClasses;
    const init = initialVerifier(inputsSize, s.hidden, deriveSeed(seed, 'metav-verifier'));
    const shape = shapes(inputsSize, s.hidden);
    const weights = Object.fromEntries(VERIFIER.map((k) => [k, tf.variable(tf.tensor(init[k], shape[k]))])) as Record<
      (typeof VERIFIER)[number],
      tf.Variable
    >;
    const optimizer = tf.train.adam(s.learningRate);
    const y = tf.tensor2d(targets, [models.length, 1]);
    // Class-balanced: positives outnumber negatives (5:2 at mini), which would bias the verifier.
    const balance = tf.tensor2d(classBalancedWeights(targets), [models.length, 1]);
    for (let step = 0; step < s.steps; step++) {
      optimizer.minimize(
        () => {
          const features = tf.stack(
            models.map((m) => tf.reshape(tf.softmax(m.apply(x) as tf.Tensor), [inputsSize])),
          ) as tf.Tensor2D;
          return tf.losses.sigmoidCrossEntropy(y, verify(weights, features), balance) as tf.Scalar;
        },
        false,
        [x, ...Object.values(weights)],
      );
      tf.tidy(() => x.assign(tf.clipByValue(x, 0, 1)));
    }
    const inputs = Float32Array.from(x.dataSync());
    const arrays = Object.fromEntries(VERIFIER.map((k) => [k, Float32Array.from(weights[k].dataSync())]));
    tf.dispose([x, y, balance, ...Object.values(weights)]);
    optimizer.dispose();
    variants.forEach((m) => m.dispose());
    return {
      method: 'metav',
      count,
      inputs,
      victimOutputs: Float32Array.from(logitsOf(victim, inputs, count).flat()),
      numClasses,
      arrays,
      info: { hidden: s.hidden, helperModels: models.length },
    };
  },
  score(fp, suspect) {
    const outputs = answersOf(fp, suspect);
    const features = outputs.flatMap((row) => softmax(row));
    const { hidden } = fp.info;
    const shape = shapes(features.length, hidden);
    const probability = tf.tidy(() => {
      const weights = Object.fromEntries(VERIFIER.map((k) => [k, tf.tensor(fp.arrays[k], shape[k])])) as Record<
        (typeof VERIFIER)[number],
        tf.Tensor
      >;
      return tf.sigmoid(verify(weights, tf.tensor2d(features, [1, features.length]))).dataSync()[0];
    });
    return { score: probability };
  },
};
