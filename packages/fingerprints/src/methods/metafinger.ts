import { createRng, deriveSeed, permutation, tf, type Rng } from '@fpb/tensor';
import { answersOf } from '../label_space';
import {
  averageBlur,
  gaussianBlur,
  gaussianNoise,
  horizontalFlip,
  identity,
  medianBlur,
  randomTransform,
  resizePad,
  shear,
  sometimes,
  translate,
  uniformNoise,
} from '../helpers/input_transforms';
import { klFromLogits } from '../helpers/kl';
import { logitsOf, selectImages } from '../helpers/model_outputs';
import { modelVariants } from '../helpers/model_variants';
import type { Budget, FingerprintMethod, HelperModel } from '../method';
import { IMAGE_SHAPE, IMAGE_SIZE } from '../oracle';
import { argmax, majorityVotes } from '../output_math';
import { imagesOf, pickIndices } from '../sampling';

interface MetaFingerSettings {
  batch: number;
  epochs: number;
  /** Batches at most, until `queries` images pass screening. */
  rounds: number;
  queries: number;
  /** Models drawn per side for each step. */
  sample: number;
  alpha: number;
  learningRate: number;
  /** Augmented copies (pruned or noised) of the victim and of every training helper, on its side. */
  variants: number;
}

/**
 * The authors' settings (meta_learning.py, CIFAR-10): batches of 70 of the defender's training
 * images, Adam at 0.01, 10 epochs, 3 models sampled per side and step, alpha 1, up to 10 batches until
 * 100 queries pass screening; their ablation augments each base model 7 times. Paper scale allows 100
 * batches (the code stops at 10). Mini keeps all of it but 1 copy per model: measured on the mini zoo,
 * 3 batches kept 24 of 210 images in 109 s, so the 10 batches cost ~6 min on 2 cores.
 */
const METAFINGER_SETTINGS: Record<Budget, MetaFingerSettings> = {
  tiny: { batch: 16, epochs: 3, rounds: 1, queries: 16, sample: 3, alpha: 1, learningRate: 0.01, variants: 1 },
  mini: { batch: 70, epochs: 10, rounds: 10, queries: 100, sample: 3, alpha: 1, learningRate: 0.01, variants: 1 },
  paper: { batch: 70, epochs: 10, rounds: 100, queries: 100, sample: 3, alpha: 1, learningRate: 0.01, variants: 7 },
};

/** The authors' input_trans list for CIFAR-10 (meta_learning.py), every one of the ten. */
const TRANSFORMS = [
  identity,
  horizontalFlip,
  shear(0.1),
  sometimes(gaussianBlur, 0.7),
  medianBlur,
  averageBlur,
  gaussianNoise(0.05),
  uniformNoise(0.05),
  resizePad(24, 40),
  translate(4),
];

/** The best batch is kept among epochs after this one (0-based), as the authors' `i > 4`; the last epoch when training is shorter. */
const SETTLED_AFTER = 4;

/** `n` distinct items of `models` at random (all of them when there are fewer). */
function sample<T>(models: readonly T[], n: number, rng: Rng): T[] {
  return Array.from(permutation(models.length, rng).slice(0, Math.min(n, models.length)), (i) => models[i]);
}

/** The label most of `answers` (one row per model) give each query. */
const majority = (answers: number[][]): number[] => majorityVotes(answers).map((v) => v.label);

const topLabelsOf = (models: tf.LayersModel[], images: Float32Array, count: number) =>
  models.map((m) => logitsOf(m, images, count).map(argmax));

/** Validation negatives' mean agreement with the validation positives' majority label (lower is better). */
function negativeAgreement(images: Float32Array, count: number, pos: tf.LayersModel[], neg: tf.LayersModel[]): number {
  const y = majority(topLabelsOf(pos, images, count));
  const n = topLabelsOf(neg, images, count);
  return n.reduce((sum, a) => sum + a.filter((v, i) => v === y[i]).length / count, 0) / n.length;
}

/**
 * Helpers for training and for validation (the authors keep theirs in train_data and val_data): each
 * family's models alternate between the two, so both halves hold every kind (fine-tuned and extracted
 * positives; independent negatives of each architecture). A family of one model serves both.
 */
export function splitAcrossFamilies(helpers: readonly HelperModel[]): {
  train: HelperModel[];
  validation: HelperModel[];
} {
  const train: HelperModel[] = [];
  const validation: HelperModel[] = [];
  for (const family of new Set(helpers.map((h) => h.family))) {
    const members = helpers.filter((h) => h.family === family);
    if (members.length === 1) {
      train.push(members[0]);
      validation.push(members[0]);
    } else members.forEach((h, i) => (i % 2 === 0 ? train : validation).push(h));
  }
  return { train, validation };
}

/** Models with their augmented copies. */
async function withVariants(models: tf.LayersModel[], count: number, seed: number) {
  const copies = await Promise.all(models.map((m, i) => modelVariants(m, count, deriveSeed(seed, 'variants', i))));
  return { all: [...models, ...copies.flat()], copies: copies.flat() };
}

export const metaFinger: FingerprintMethod<{ candidates: number; kept: number; rounds: number }> = {
  id: 'metafinger',
  name: 'MetaFinger',
  budgetable: { perQueryArrays: ['labels'] },
  paperTableFour: {
    cifar10: { MetaFinger: { mir: 0.07, fir: 0.65 } },
    cifar100: { MetaFinger: { mir: 0.14, fir: 0.94 } },
  },
  description:
    "training images optimised so that piracy models answer alike and independent ones do not, under random input transformations; score = matching rate with the positives' majority label",
  // The labels its helpers agreed on are the victim's: matched in the suspect's labels.
  labelSpace: {
    kind: 'grouped',
    relabel: (fp, classMap) => ({
      ...fp,
      arrays: { ...fp.arrays, labels: Float32Array.from(fp.arrays.labels, (l) => classMap[l]) },
    }),
  },
  needsHelpers: true,
  scoreIsMatchingRate: true,
  settings: METAFINGER_SETTINGS,
  buildVersion: 2,
  async build({ victim, data, split, helpers, budget, seed, log }) {
    const s = METAFINGER_SETTINGS[budget];
    if (helpers.negative.length === 0 || helpers.positive.length === 0)
      throw new Error('MetaFinger needs positive and negative helper models');
    const positiveSplit = splitAcrossFamilies(helpers.positive);
    const negativeSplit = splitAcrossFamilies(helpers.negative);
    const models = (list: HelperModel[]) => list.map((h) => h.model);
    const positivesWithCopies = await withVariants(
      [victim, ...models(positiveSplit.train)],
      s.variants,
      deriveSeed(seed, 'metafinger'),
    );
    const negativesWithCopies = await withVariants(
      models(negativeSplit.train),
      s.variants,
      deriveSeed(seed, 'metafinger-negative'),
    );
    const trainPositives = positivesWithCopies.all;
    const trainNegatives = negativesWithCopies.all;
    const valPositives = models(positiveSplit.validation);
    const valNegatives = models(negativeSplit.validation);
    log(
      `metafinger: training on ${trainPositives.length} positives (${[...new Set(positiveSplit.train.map((h) => h.family))].join(', ')} and the victim, with copies) ` +
        `and ${trainNegatives.length} negatives (${[...new Set(negativeSplit.train.map((h) => h.family))].join(', ')}, with copies)`,
    );
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
        if (epoch > Math.min(SETTLED_AFTER, s.epochs - 2)) {
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
      const pos = topLabelsOf([victim, ...valPositives], best!.images, count);
      const y = majority(pos.slice(1));
      const neg = topLabelsOf(valNegatives, best!.images, count);
      const pass = y.map((_, i) => i).filter((i) => pos.every((p) => p[i] === y[i]) && neg.every((n) => n[i] !== y[i]));
      kept.push(selectImages(best!.images, pass, IMAGE_SIZE));
      labels.push(...pass.map((i) => y[i]));
    }
    [...positivesWithCopies.copies, ...negativesWithCopies.copies].forEach((m) => m.dispose());
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
    const answers = answersOf(fp, suspect).map(argmax);
    const matchRate = answers.filter((a, i) => a === fp.arrays.labels[i]).length / fp.count;
    return { score: matchRate, matchRate };
  },
};
