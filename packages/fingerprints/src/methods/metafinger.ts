import { createRng, deriveSeed, permutation, tf, type Rng } from '@fpb/tensor';
import {
  averageBlur,
  gaussianNoise,
  horizontalFlip,
  identity,
  randomTransform,
  translate,
  uniformNoise,
} from '../helpers/input_transforms';
import { klFromLogits } from '../helpers/kl';
import { logitsOf, selectImages } from '../helpers/model_outputs';
import { victimVariants } from '../helpers/victim_variants';
import type { Budget, FingerprintMethod } from '../method';
import { IMAGE_SHAPE, IMAGE_SIZE } from '../oracle';
import { argmax, majorityVotes, rows } from '../output_math';
import { imagesOf, pickIndices } from '../sampling';

/**
 * The authors' settings (meta_learning.py, CIFAR-10): batches of 70 of the defender's training
 * images, Adam at 0.01, 10 epochs, 3 models sampled per side and step, alpha 1, up to 10 batches
 * until 100 queries pass screening. Smaller budgets shrink the batch and the epochs only.
 */
const METAFINGER_SETTINGS: Record<
  Budget,
  {
    batch: number;
    epochs: number;
    rounds: number;
    queries: number;
    sample: number;
    alpha: number;
    learningRate: number;
    variants: number;
  }
> = {
  tiny: { batch: 16, epochs: 3, rounds: 1, queries: 16, sample: 3, alpha: 1, learningRate: 0.01, variants: 2 },
  mini: { batch: 70, epochs: 10, rounds: 3, queries: 100, sample: 3, alpha: 1, learningRate: 0.01, variants: 2 },
  paper: { batch: 70, epochs: 10, rounds: 10, queries: 100, sample: 3, alpha: 1, learningRate: 0.01, variants: 8 },
};

/** The authors' input_trans list for CIFAR-10, as far as tfjs allows (no shear, median/Gaussian blur, resize-pad). */
const TRANSFORMS = [identity, horizontalFlip, averageBlur, gaussianNoise(0.05), uniformNoise(0.05), translate(5)];

/** Epochs after which the best batch so far is kept (the authors' `i > 4`), unless training is shorter. */
const SETTLE_EPOCHS = 5;

/** `n` distinct items of `models` at random (all of them when there are fewer). */
function sample<T>(models: readonly T[], n: number, rng: Rng): T[] {
  return Array.from(permutation(models.length, rng).slice(0, Math.min(n, models.length)), (i) => models[i]);
}

/** The label most of `answers` (one row per model) give each query. */
const majority = (answers: number[][]): number[] => majorityVotes(answers).map((v) => v.label);

const answersOf = (models: tf.LayersModel[], images: Float32Array, count: number) =>
  models.map((m) => logitsOf(m, images, count).map(argmax));

/** Validation negatives' mean agreement with the validation positives' majority label (lower is better). */
function negativeAgreement(images: Float32Array, count: number, pos: tf.LayersModel[], neg: tf.LayersModel[]): number {
  const y = majority(answersOf(pos, images, count));
  const n = answersOf(neg, images, count);
  return n.reduce((sum, a) => sum + a.filter((v, i) => v === y[i]).length / count, 0) / n.length;
}

/**
 * One half of a helper list for training and the other for validation (the authors keep their helper
 * models in train_data and val_data folders). With a single model it serves both.
 */
function halves<T>(models: readonly T[]): [T[], T[]] {
  if (models.length < 2) return [[...models], [...models]];
  const cut = Math.ceil(models.length / 2);
  return [models.slice(0, cut), models.slice(cut)];
}

export const metaFinger: FingerprintMethod<{ candidates: number; kept: number; rounds: number }> = {
  id: 'metafinger',
  name: 'MetaFinger',
  description:
    "training images optimised so that piracy models answer alike and independent ones do not, under random input transformations; score = matching rate with the positives' majority label",
  needsHelpers: true,
  scoreIsMatchingRate: true,
  settings: METAFINGER_SETTINGS,
  buildVersion: 1,
  async build({ victim, data, split, helpers, budget, seed, log }) {
    const s = METAFINGER_SETTINGS[budget];
    if (helpers.negative.length === 0)
      throw new Error('MetaFinger needs at least one negative (independent) helper model');
    const variants = await victimVariants(victim, s.variants, deriveSeed(seed, 'metafinger'));
    const [trainPositiveHelpers, valPositives] = halves(helpers.positive.length > 0 ? helpers.positive : variants);
    const trainPositives = [victim, ...variants, ...trainPositiveHelpers];
    const [trainNegatives, valNegatives] = halves(helpers.negative);
    const rng = createRng(deriveSeed(seed, 'metafinger-steps'));
    const kept: Float32Array[] = [];
    const labels: number[] = [];
    let candidates = 0;
    let rounds = 0;
    while (labels.length < s.queries && rounds < s.rounds) {
      rounds++;
      const picked = pickIndices(split.victim, s.batch, deriveSeed(seed, 'metafinger-batch', rounds));
      candidates += picked.length;
      const x = tf.variable(tf.tensor4d(imagesOf(data.train, picked), [picked.length, ...IMAGE_SHAPE]));
      const optimizer = tf.train.adam(s.learningRate);
      let best: { images: Float32Array; agreement: number } | undefined;
      for (let epoch = 0; epoch < s.epochs; epoch++) {
        // Every training positive is the anchor once per epoch, in random order.
        for (const a of permutation(trainPositives.length, rng)) {
          const transform = randomTransform(TRANSFORMS, rng);
          const positives = sample(trainPositives, s.sample, rng);
          const negatives = sample(trainNegatives, s.sample, rng);
          optimizer.minimize(
            () => {
              const input = transform.apply(x as tf.Tensor4D, rng);
              const anchor = trainPositives[a].apply(input) as tf.Tensor2D;
              // KL(other || anchor), the authors' KLDivLoss(anchor.log_softmax, other.softmax).
              const kl = (m: tf.LayersModel) => klFromLogits(m.apply(input) as tf.Tensor2D, anchor);
              const pull = tf.div(tf.addN(positives.map(kl)), positives.length);
              const push = tf.div(tf.addN(negatives.map(kl)), negatives.length);
              return tf.sub(pull, tf.mul(push, s.alpha)) as tf.Scalar;
            },
            false,
            [x],
          );
          tf.tidy(() => x.assign(tf.clipByValue(x, 0, 1)));
        }
        // Keep the batch whose validation negatives agree least, once training has settled.
        if (epoch + 1 >= Math.min(SETTLE_EPOCHS, s.epochs)) {
          const images = Float32Array.from(x.dataSync());
          const agreement = negativeAgreement(images, picked.length, valPositives, valNegatives);
          if (!best || agreement <= best.agreement) best = { images, agreement };
        }
      }
      x.dispose();
      optimizer.dispose();
      // Screening on the validation helpers: every positive gives the majority label, no negative does;
      // and the victim itself gives it too (an owner keeps no query their own model answers otherwise).
      const count = picked.length;
      const pos = answersOf([victim, ...valPositives], best!.images, count);
      const y = majority(pos.slice(1));
      const neg = answersOf(valNegatives, best!.images, count);
      const pass = y.map((_, i) => i).filter((i) => pos.every((p) => p[i] === y[i]) && neg.every((n) => n[i] !== y[i]));
      kept.push(selectImages(best!.images, pass, IMAGE_SIZE));
      labels.push(...pass.map((i) => y[i]));
    }
    variants.forEach((m) => m.dispose());
    const count = Math.min(labels.length, s.queries);
    log(`metafinger: ${labels.length} of ${candidates} optimised images passed screening; ${count} kept`);
    if (count === 0)
      throw new Error(
        'MetaFinger: no optimised image passed screening on the validation helpers; build more helpers or a larger budget',
      );
    const all = new Float32Array(kept.reduce((n, k) => n + k.length, 0));
    kept.reduce((offset, k) => (all.set(k, offset), offset + k.length), 0);
    const inputs = all.subarray(0, count * IMAGE_SIZE).slice();
    return {
      method: 'metafinger',
      count,
      inputs,
      victimOutputs: Float32Array.from(logitsOf(victim, inputs, count).flat()),
      numClasses: data.test.numClasses,
      // The query labels are the positives' majority, as the authors store them; the victim's are kept beside.
      arrays: { labels: Float32Array.from(labels.slice(0, count)) },
      info: { candidates, kept: count, rounds },
    };
  },
  score(fp, suspect) {
    const answers = rows(suspect.query(fp.inputs, fp.count), fp.numClasses).map(argmax);
    const matchRate = answers.filter((a, i) => a === fp.arrays.labels[i]).length / fp.count;
    return { score: matchRate, matchRate };
  },
};
