import { createRng, deriveSeed, tf } from '@fpb/tensor';
import { logitsOf, selectImages } from '../helpers/model_outputs';
import { screenCandidates } from '../helpers/screen';
import {
  gaussianNoise,
  horizontalFlip,
  identity,
  randomTransform,
  translate,
  type InputTransform,
} from '../helpers/input_transforms';
import type { Budget, Fingerprint, FingerprintMethod } from '../method';
import { IMAGE_SHAPE, IMAGE_SIZE } from '../oracle';
import { argmax, majorityVotes, rows, topOneAgreement } from '../output_math';
import { latents, trainGan, type GanSettings } from './naturalfinger_gan';

interface NaturalFingerSettings {
  gan: GanSettings;
  /** Fingerprints wanted (the authors' num_finger); fewer when fewer survive screening. */
  fingers: number;
  /** Latents optimised together in a round (the authors' batch). */
  batch: number;
  /** Rounds at most: each draws a batch of latents all positives agree on, optimises and screens it. */
  rounds: number;
  /** Latents drawn per round to find the batch (the authors' initial screening). */
  draws: number;
  steps: number;
  /** SGD with Nesterov momentum 0.9 on the latents, as natural_finger.py. */
  learningRate: number;
  /** Weight beta of the discriminator term. */
  beta: number;
  /** CW confidence kappa (natural_finger.py: 50). */
  kappa: number;
  /** FGSM step for the negative models' adversarial labels. */
  fgsmEpsilon: number;
}

const NATURALFINGER_SETTINGS: Record<Budget, NaturalFingerSettings> = {
  tiny: {
    gan: { latent: 16, width: 8, steps: 20, batchSize: 16, learningRate: 2e-4 },
    fingers: 16,
    batch: 32,
    rounds: 2,
    draws: 128,
    steps: 10,
    learningRate: 0.1,
    beta: 0.5,
    kappa: 50,
    fgsmEpsilon: 8 / 255,
  },
  mini: {
    gan: { latent: 32, width: 16, steps: 400, batchSize: 32, learningRate: 2e-4 },
    fingers: 100,
    batch: 80,
    rounds: 4,
    draws: 800,
    steps: 40,
    learningRate: 0.1,
    beta: 0.5,
    kappa: 50,
    fgsmEpsilon: 8 / 255,
  },
  paper: {
    gan: { latent: 128, width: 64, steps: 20000, batchSize: 64, learningRate: 2e-4 },
    fingers: 100,
    batch: 80,
    rounds: 20,
    draws: 2000,
    steps: 1000,
    learningRate: 0.1,
    beta: 0.5,
    kappa: 50,
    fgsmEpsilon: 8 / 255,
  },
};

/** natural_finger.py's transformations, in the loss (one at random per step) and all of them in screening. */
const TRANSFORMS: readonly InputTransform[] = [identity, horizontalFlip, gaussianNoise(0.02), translate(5)];

/** Carlini-Wagner loss per row: max(max_{t != y} z_t - z_y, -kappa), summed over the batch. */
function cwLoss(logits: tf.Tensor2D, labels: number[], kappa: number): tf.Scalar {
  return tf.tidy(() => {
    const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), logits.shape[1]);
    const own = tf.sum(tf.mul(logits, onehot), 1);
    const other = tf.max(tf.sub(logits, tf.mul(onehot, 1e4)), 1);
    return tf.sum(tf.maximum(tf.sub(other, own), -kappa));
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
 * Latents whose images every positive model labels alike, with that label (the authors' initial
 * screening). Where no drawn image is labelled alike by all of them (tiny GANs), the images most of
 * them agree on stand in, labelled by the majority, and `unanimous` says so.
 */
function agreedLatents(
  generator: tf.LayersModel,
  positives: tf.LayersModel[],
  s: NaturalFingerSettings,
  seed: number,
): { z: Float32Array; labels: number[]; unanimous: number } {
  const z = latents(s.draws, s.gan.latent, seed);
  const images = tf.tidy(() =>
    Float32Array.from((generator.apply(tf.tensor2d(z, [s.draws, s.gan.latent])) as tf.Tensor).dataSync()),
  );
  const answers = positives.map((m) => logitsOf(m, images, s.draws).map(argmax));
  const votes = majorityVotes(answers).map((v, i) => ({ i, ...v }));
  const unanimous = votes.filter((v) => v.count === positives.length);
  const picked = (unanimous.length > 0 ? unanimous : [...votes].sort((x, y) => y.count - x.count || x.i - y.i)).slice(
    0,
    s.batch,
  );
  return {
    z: Float32Array.from(picked.flatMap(({ i }) => Array.from(z.subarray(i * s.gan.latent, (i + 1) * s.gan.latent)))),
    labels: picked.map((v) => v.label),
    unanimous: Math.min(unanimous.length, s.batch),
  };
}

/**
 * Per image, how many (helper, transformation) answers break the assignment: all positives give
 * `labels`, all negatives `advLabels`, under every transformation; an image whose two labels are equal
 * cannot pass at all.
 */
function violations(
  images: Float32Array,
  count: number,
  positives: tf.LayersModel[],
  negatives: tf.LayersModel[],
  labels: number[],
  advLabels: number[],
  seed: number,
): number[] {
  const out = labels.map((y, i) => (y === advLabels[i] ? Infinity : 0));
  const rng = createRng(seed);
  for (const t of TRANSFORMS) {
    const seen = tf.tidy(() =>
      Float32Array.from(t.apply(tf.tensor4d(images, [count, ...IMAGE_SHAPE]), rng).dataSync()),
    );
    for (const [models, wanted] of [
      [positives, labels],
      [negatives, advLabels],
    ] as const)
      for (const m of models)
        logitsOf(m, seen, count).forEach((row, i) => (out[i] += argmax(row) === wanted[i] ? 0 : 1));
  }
  return out;
}

/** How the query set came about: latents drawn, agreed on and optimised; images that passed screening; queries kept. */
interface NaturalFingerInfo {
  drawn: number;
  /** Latents whose image every positive model labelled alike. */
  agreed: number;
  optimised: number;
  survived: number;
  kept: number;
  ganLosses: { discriminator: number; generator: number };
}

/**
 * NaturalFinger, as its paper and the authors' natural_finger.py: a GAN trained on the defender's data;
 * latents whose images all positive models label alike are kept; negatives get FGSM-derived adversarial
 * labels; the latents are optimised (SGD with Nesterov momentum) so positives keep the label and
 * negatives give the adversarial one (CW losses, confidence 50), plus beta x the generator's hinge
 * loss, through a random input transformation per step; an image is kept only if every helper answers
 * as assigned under every transformation. One deviation, measured: the authors keep only survivors;
 * with the small GANs this machine can train, none survive at tiny (0 of 64) and too few at mini, so the
 * least-violating images fill up to a quarter of the optimised ones, and `survived` reports the count.
 */
export const naturalFinger: FingerprintMethod<NaturalFingerInfo> = {
  id: 'naturalfinger',
  name: 'NaturalFinger',
  description:
    'GAN samples in the decision-difference area of positive and negative helper models; score = matching rate',
  needsHelpers: true,
  scoreIsMatchingRate: true,
  settings: NATURALFINGER_SETTINGS,
  buildVersion: 1,
  async build({ victim, data, split, helpers, budget, seed, log }): Promise<Fingerprint<NaturalFingerInfo>> {
    const s = NATURALFINGER_SETTINGS[budget];
    if (helpers.negative.length === 0)
      throw new Error('NaturalFinger needs at least one negative (independent) helper model');
    const gan = trainGan(data.train, split.victim, s.gan, deriveSeed(seed, 'naturalfinger-gan'));
    const positives = [victim, ...helpers.positive.map((h) => h.model)];
    const negatives = helpers.negative.map((h) => h.model);
    const images: Float32Array[] = [];
    const broken: number[] = [];
    let [drawn, agreed, optimised] = [0, 0, 0];
    for (let round = 0; round < s.rounds && broken.filter((v) => v === 0).length < s.fingers; round++) {
      const start = agreedLatents(gan.generator, positives, s, deriveSeed(seed, 'naturalfinger-z', round));
      drawn += s.draws;
      const count = start.labels.length;
      agreed += start.unanimous;
      optimised += count;
      const z = tf.variable(tf.tensor2d(start.z, [count, s.gan.latent]));
      const first = tf.tidy(() => gan.generator.apply(z) as tf.Tensor4D);
      const advLabels = adversarialLabels(negatives, first, s.fgsmEpsilon, start.labels);
      first.dispose();
      const optimizer = tf.train.momentum(s.learningRate, 0.9, true);
      const rng = createRng(deriveSeed(seed, 'naturalfinger-transforms', round));
      for (let step = 0; step < s.steps; step++) {
        const transform = randomTransform(TRANSFORMS, rng);
        optimizer.minimize(
          () => {
            const generated = gan.generator.apply(z) as tf.Tensor4D;
            const seen = transform.apply(generated, rng);
            const pos = tf.addN(positives.map((m) => cwLoss(m.apply(seen) as tf.Tensor2D, start.labels, s.kappa)));
            const neg = tf.addN(negatives.map((m) => cwLoss(m.apply(seen) as tf.Tensor2D, advLabels, s.kappa)));
            const natural = tf.neg(tf.sum(gan.discriminator.apply(generated) as tf.Tensor));
            return tf.addN([
              tf.div(pos, positives.length),
              tf.div(neg, negatives.length),
              tf.mul(natural, s.beta),
            ]) as tf.Scalar;
          },
          false,
          [z],
        );
      }
      const result = tf.tidy(() => Float32Array.from((gan.generator.apply(z) as tf.Tensor).dataSync()));
      tf.dispose(z);
      optimizer.dispose();
      images.push(result);
      broken.push(
        ...violations(
          result,
          count,
          positives,
          negatives,
          start.labels,
          advLabels,
          deriveSeed(seed, 'naturalfinger-screen', round),
        ),
      );
    }
    gan.generator.dispose();
    gan.discriminator.dispose();
    const all = new Float32Array(optimised * IMAGE_SIZE);
    images.reduce((offset, part) => (all.set(part, offset), offset + part.length), 0);
    const { keep, clean: survived } = screenCandidates(broken, Math.min(Math.ceil(optimised / 4), s.fingers));
    const chosen = keep.slice(0, s.fingers);
    const inputs = selectImages(all, chosen, IMAGE_SIZE);
    log(
      `naturalfinger: ${drawn} latents drawn, ${agreed} labelled alike by every positive model, ${optimised} optimised, ${survived} passed screening, ${chosen.length} kept`,
    );
    return {
      method: 'naturalfinger',
      count: chosen.length,
      inputs,
      victimOutputs: Float32Array.from(logitsOf(victim, inputs, chosen.length).flat()),
      numClasses: data.test.numClasses,
      arrays: {},
      info: { drawn, agreed, optimised, survived, kept: chosen.length, ganLosses: gan.losses },
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
