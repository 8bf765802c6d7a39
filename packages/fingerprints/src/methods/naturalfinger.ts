import { deriveSeed, tf } from '@fpb/tensor';
import { logitsOf, selectImages } from '../helpers/model_outputs';
import { screenCandidates } from '../helpers/screen';
import type { Budget, FingerprintMethod } from '../method';
import { IMAGE_SIZE } from '../oracle';
import { argmax, rows, topOneAgreement } from '../output_math';
import { latents, trainGan, type GanSettings } from './naturalfinger_gan';

interface NaturalFingerSettings {
  gan: GanSettings;
  candidates: number;
  steps: number;
  learningRate: number;
  /** Weight beta of the discriminator term. */
  beta: number;
  /** CW confidence kappa. */
  kappa: number;
  /** FGSM step for the negative models' adversarial labels. */
  fgsmEpsilon: number;
}

const NATURALFINGER_SETTINGS: Record<Budget, NaturalFingerSettings> = {
  tiny: {
    gan: { latent: 16, width: 8, steps: 20, batchSize: 16, learningRate: 2e-4 },
    candidates: 16,
    steps: 8,
    learningRate: 0.05,
    beta: 0.5,
    kappa: 1,
    fgsmEpsilon: 8 / 255,
  },
  mini: {
    gan: { latent: 32, width: 16, steps: 400, batchSize: 32, learningRate: 2e-4 },
    candidates: 50,
    steps: 40,
    learningRate: 0.05,
    beta: 0.5,
    kappa: 2,
    fgsmEpsilon: 8 / 255,
  },
  paper: {
    gan: { latent: 128, width: 64, steps: 20000, batchSize: 64, learningRate: 2e-4 },
    candidates: 200,
    steps: 1000,
    learningRate: 0.5,
    beta: 0.5,
    kappa: 5,
    fgsmEpsilon: 8 / 255,
  },
};

/** Carlini-Wagner loss per row: max(max_{t != y} z_t - z_y, -kappa), summed over the batch. */
function cwLoss(logits: tf.Tensor2D, labels: number[], kappa: number): tf.Scalar {
  return tf.tidy(() => {
    const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), logits.shape[1]);
    const own = tf.sum(tf.mul(logits, onehot), 1);
    const other = tf.max(tf.sub(logits, tf.mul(onehot, 1e4)), 1);
    return tf.sum(tf.maximum(tf.sub(other, own), -kappa));
  });
}

/** NaturalFinger's input transformation: a random horizontal flip of the whole batch and a small brightness change. */
function transform(x: tf.Tensor4D, step: number): tf.Tensor4D {
  return tf.tidy(() => {
    const flipped = step % 2 === 1 ? tf.reverse(x, 2) : x;
    return tf.clipByValue(tf.mul(flipped, 1 + 0.1 * Math.sin(step)), 0, 1) as tf.Tensor4D;
  });
}

/** Labels most negative models give to FGSM versions of the images (untargeted, on each negative). */
function adversarialLabels(
  negatives: tf.LayersModel[],
  images: tf.Tensor4D,
  epsilon: number,
  avoid: number[],
): number[] {
  const numClasses = negatives[0].outputs[0].shape[1] as number;
  const votes = avoid.map(() => new Array<number>(numClasses).fill(0));
  for (const m of negatives) {
    const own = logitsOf(m, images.dataSync() as Float32Array, avoid.length).map(argmax);
    const adv = tf.tidy(() => {
      const loss = (x: tf.Tensor) =>
        tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(own, 'int32'), numClasses), m.apply(x) as tf.Tensor);
      return tf.clipByValue(tf.add(images, tf.mul(tf.sign(tf.grad(loss)(images)), epsilon)), 0, 1);
    });
    logitsOf(m, adv.dataSync() as Float32Array, avoid.length).forEach((row, i) => {
      // Never the positives' label: then the runner-up of this negative.
      const order = row
        .map((v, k) => ({ v, k }))
        .sort((a, b) => b.v - a.v)
        .map((o) => o.k);
      votes[i][order[0] === avoid[i] ? order[1] : order[0]]++;
    });
    adv.dispose();
  }
  return votes.map(argmax);
}

/**
 * NaturalFinger: a GAN trained on the defender's data; latent codes are optimised so that positive
 * models (the victim and piracy helpers) keep the original label and negative models (independent
 * helpers) give an adversarial label (CW losses), plus beta x the hinge generator loss to stay natural,
 * through random input transformations. Samples every helper classifies as assigned are kept.
 */
export const naturalFinger: FingerprintMethod = {
  id: 'naturalfinger',
  name: 'NaturalFinger',
  description:
    'GAN samples in the decision-difference area of positive and negative helper models; score = matching rate',
  needsHelpers: true,
  scoreIsMatchingRate: true,
  settings: NATURALFINGER_SETTINGS,
  async build({ victim, data, split, helpers, budget, seed, log }) {
    const s = NATURALFINGER_SETTINGS[budget];
    if (helpers.negative.length === 0)
      throw new Error('NaturalFinger needs at least one negative (independent) helper model');
    const gan = trainGan(data.train, split.victim, s.gan, deriveSeed(seed, 'naturalfinger-gan'));
    log(
      `naturalfinger: GAN trained, losses D ${gan.losses.discriminator.toFixed(3)} G ${gan.losses.generator.toFixed(3)}`,
    );
    const positives = [victim, ...helpers.positive];
    const count = s.candidates;
    const z = tf.variable(
      tf.tensor2d(latents(count, s.gan.latent, deriveSeed(seed, 'naturalfinger-z')), [count, s.gan.latent]),
    );
    const first = tf.tidy(() => gan.generator.apply(z) as tf.Tensor4D);
    const labels = logitsOf(victim, first.dataSync() as Float32Array, count).map(argmax);
    const advLabels = adversarialLabels(helpers.negative, first, s.fgsmEpsilon, labels);
    first.dispose();
    const optimizer = tf.train.adam(s.learningRate);
    for (let step = 0; step < s.steps; step++) {
      optimizer.minimize(
        () => {
          const images = gan.generator.apply(z) as tf.Tensor4D;
          const seen = transform(images, step);
          const pos = tf.addN(positives.map((m) => cwLoss(m.apply(seen) as tf.Tensor2D, labels, s.kappa)));
          const neg = tf.addN(helpers.negative.map((m) => cwLoss(m.apply(seen) as tf.Tensor2D, advLabels, s.kappa)));
          const natural = tf.neg(tf.sum(gan.discriminator.apply(images) as tf.Tensor));
          return tf.addN([
            tf.div(pos, positives.length),
            tf.div(neg, helpers.negative.length),
            tf.mul(natural, s.beta),
          ]) as tf.Scalar;
        },
        false,
        [z],
      );
    }
    const candidates = tf.tidy(() => Float32Array.from((gan.generator.apply(z) as tf.Tensor).dataSync()));
    tf.dispose([z]);
    optimizer.dispose();
    gan.generator.dispose();
    gan.discriminator.dispose();
    const answers = (models: tf.LayersModel[]) => models.map((m) => logitsOf(m, candidates, count).map(argmax));
    const pos = answers(positives);
    const neg = answers(helpers.negative);
    const violations = labels.map(
      (y, i) => pos.filter((a) => a[i] !== y).length + neg.filter((a) => a[i] !== advLabels[i]).length,
    );
    const { keep, clean } = screenCandidates(violations, Math.ceil(count / 4));
    const inputs = selectImages(candidates, keep, IMAGE_SIZE);
    return {
      method: 'naturalfinger',
      count: keep.length,
      inputs,
      victimOutputs: Float32Array.from(logitsOf(victim, inputs, keep.length).flat()),
      numClasses: data.test.numClasses,
      arrays: {},
      info: { candidates: count, clean, ganLosses: gan.losses },
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
