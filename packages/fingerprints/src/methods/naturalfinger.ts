import { createRng, deriveSeed, permutation, tf } from '@fpb/tensor';
import { answersOf } from '../label_space';
import { logitsOf, selectImages } from '../helpers/model_outputs';
import {
  gaussianNoise,
  horizontalFlip,
  identity,
  randomTransform,
  shear,
  sometimes,
  translate,
  type InputTransform,
} from '../helpers/input_transforms';
import type { Budget, Fingerprint, FingerprintMethod } from '../method';
import { IMAGE_SHAPE, IMAGE_SIZE } from '../oracle';
import { argmax, majorityVotes, rows, topOneAgreement } from '../output_math';
import {
  labelInput,
  latents,
  randomLabels,
  trainGan,
  type ConditionalGan,
  type GanSettings,
} from './naturalfinger_gan';

interface NaturalFingerSettings {
  gan: GanSettings;
  /** Fingerprints wanted (the authors' num_finger); fewer when fewer survive screening. */
  fingers: number;
  /** Latents optimised together (the authors' batch). */
  batch: number;
  /** Latents whose images every positive labels alike, gathered before optimising (the authors: 10 x num_finger). */
  candidates: number;
  /** Latents drawn at most while gathering them (in rounds of 200, as the authors). */
  maxDraws: number;
  /** Batches of candidates optimised at most, until `fingers` survive screening. */
  maxBatches: number;
  /** Epochs per batch; each steps once per group of `modelBatch` positives (and as many negatives). */
  epochs: number;
  modelBatch: number;
  /** SGD with Nesterov momentum 0.9 on the latents, as natural_finger.py. */
  learningRate: number;
  /** Weight beta of the discriminator term beta x mean(relu(1 + D(G(z)))). */
  beta: number;
  /** CW confidence kappa (natural_finger.py: 50). */
  kappa: number;
  /** FGSM step for the negative models' adversarial labels. */
  fgsmEpsilon: number;
}

/**
 * The authors' settings (natural_finger.py: batches of 80, 1,001 epochs of ceil(positives / 4) latent
 * updates, i.e. ~2,000 with 5 positives; SGD 0.1 with Nesterov momentum; beta 0.5; CW confidence 50;
 * 10 x num_finger agreed candidates; a class-conditional SAGAN) at paper scale, with our GAN in place of
 * their pretrained SAGAN. Mini runs the same ~2,000 updates per batch, on at most 2 batches (the
 * authors go on until num_finger survive): measured on the mini zoo, 4,261 s to build on 2 busy cores,
 * and no image survives: after the updates the positives keep their label on 98.9% / 99.9% of their
 * (model, transformation, image) answers, the negatives give the assigned label on only 7.1% / 7.2%.
 */
const NATURALFINGER_SETTINGS: Record<Budget, NaturalFingerSettings> = {
  tiny: {
    gan: { latent: 16, width: 8, steps: 40, batchSize: 16, learningRate: 2e-4 },
    fingers: 16,
    batch: 32,
    candidates: 32,
    maxDraws: 2000,
    maxBatches: 1,
    epochs: 60,
    modelBatch: 4,
    learningRate: 0.1,
    beta: 0.5,
    kappa: 50,
    fgsmEpsilon: 8 / 255,
  },
  mini: {
    gan: { latent: 32, width: 16, steps: 400, batchSize: 32, learningRate: 2e-4 },
    fingers: 100,
    batch: 80,
    candidates: 1000,
    maxDraws: 20000,
    maxBatches: 2,
    epochs: 1001,
    modelBatch: 4,
    learningRate: 0.1,
    beta: 0.5,
    kappa: 50,
    fgsmEpsilon: 8 / 255,
  },
  paper: {
    gan: { latent: 128, width: 64, steps: 20000, batchSize: 64, learningRate: 2e-4 },
    fingers: 100,
    batch: 80,
    candidates: 1000,
    maxDraws: 100000,
    maxBatches: 13,
    epochs: 1001,
    modelBatch: 4,
    learningRate: 0.1,
    beta: 0.5,
    kappa: 50,
    fgsmEpsilon: 8 / 255,
  },
};

/** natural_finger.py's transformations, in the loss (one at random per step) and all of them in screening. */
const TRANSFORMS: readonly InputTransform[] = [
  identity,
  horizontalFlip,
  gaussianNoise(0.02),
  sometimes(translate(4), 0.5),
  shear(0.1),
];

/** Carlini-Wagner loss per row: max(max_{t != y} z_t - z_y, -kappa), averaged over the batch. */
function cwLoss(logits: tf.Tensor2D, labels: number[], kappa: number): tf.Scalar {
  return tf.tidy(() => {
    const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), logits.shape[1]);
    const own = tf.sum(tf.mul(logits, onehot), 1);
    const other = tf.max(tf.sub(logits, tf.mul(onehot, 1e4)), 1);
    return tf.mean(tf.maximum(tf.sub(other, own), -kappa));
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

/** Latents, their generator classes, and the label every positive model gives their images. */
interface Candidates {
  z: Float32Array;
  classes: number[];
  labels: number[];
  drawn: number;
}

/** Images of latents (rows of `z`) with their generator classes. */
const generate = (generator: tf.LayersModel, z: Float32Array, classes: number[], numClasses: number) =>
  tf.tidy(
    () =>
      generator.apply([
        tf.tensor2d(z, [classes.length, z.length / classes.length]),
        labelInput(classes, numClasses),
      ]) as tf.Tensor4D,
  );

/**
 * The authors' select_init_samples: latents and random classes drawn 200 at a time; a latent is kept
 * when every positive model labels its image alike, with that label, until `candidates` are kept (or
 * `maxDraws` latents have been tried).
 */
function agreedCandidates(
  generator: tf.LayersModel,
  positives: tf.LayersModel[],
  numClasses: number,
  s: NaturalFingerSettings,
  seed: number,
): Candidates {
  const zs: Float32Array[] = [];
  const classes: number[] = [];
  const labels: number[] = [];
  let drawn = 0;
  for (let round = 0; labels.length < s.candidates && drawn < s.maxDraws; round++) {
    const n = 200;
    const z = latents(n, s.gan.latent, deriveSeed(seed, 'z', round));
    const drawnClasses = randomLabels(n, numClasses, deriveSeed(seed, 'y', round));
    const images = tf.tidy(() => Float32Array.from(generate(generator, z, drawnClasses, numClasses).dataSync()));
    drawn += n;
    majorityVotes(positives.map((m) => logitsOf(m, images, n).map(argmax))).forEach((v, i) => {
      if (v.count < positives.length || labels.length >= s.candidates) return;
      zs.push(z.slice(i * s.gan.latent, (i + 1) * s.gan.latent));
      classes.push(drawnClasses[i]);
      labels.push(v.label);
    });
  }
  const z = new Float32Array(zs.length * s.gan.latent);
  zs.forEach((row, i) => z.set(row, i * s.gan.latent));
  return { z, classes, labels, drawn };
}

/** Screening of one optimised batch: per image, the answers that broke its assignment; per side, the share kept. */
interface Screening {
  broken: number[];
  /** Share of (positive, transformation, image) answers equal to the positives' label. */
  positivesHeld: number;
  /** Share of (negative, transformation, image) answers equal to the adversarial label. */
  negativesMoved: number;
}

/**
 * Per image, how many (helper, transformation) answers break the assignment: all positives give
 * `labels`, all negatives `advLabels`, under every transformation; an image whose two labels are equal
 * cannot pass at all.
 */
function screen(
  images: Float32Array,
  count: number,
  positives: tf.LayersModel[],
  negatives: tf.LayersModel[],
  labels: number[],
  advLabels: number[],
  seed: number,
): Screening {
  const broken = labels.map((y, i) => (y === advLabels[i] ? Infinity : 0));
  const held = { positives: 0, negatives: 0 };
  const rng = createRng(seed);
  for (const t of TRANSFORMS) {
    const seen = tf.tidy(() =>
      Float32Array.from(t.apply(tf.tensor4d(images, [count, ...IMAGE_SHAPE]), rng).dataSync()),
    );
    for (const [side, models, wanted] of [
      ['positives', positives, labels],
      ['negatives', negatives, advLabels],
    ] as const)
      for (const m of models)
        logitsOf(m, seen, count).forEach((row, i) => {
          const ok = argmax(row) === wanted[i];
          held[side] += ok ? 1 : 0;
          broken[i] += ok ? 0 : 1;
        });
  }
  const answers = (models: number) => models * TRANSFORMS.length * count;
  return {
    broken,
    positivesHeld: held.positives / answers(positives.length),
    negativesMoved: held.negatives / answers(negatives.length),
  };
}

/**
 * The authors' generate_batch_finger: the latents of one batch are optimised (SGD, Nesterov momentum)
 * so the positives keep their label and the negatives give the adversarial one (CW losses, each
 * averaged over the batch and over the models of the step), plus beta x mean(relu(1 + D(G(z), y'))) with
 * random classes y', through one random transformation per step. Each epoch steps once per group of
 * `modelBatch` positives, with as many negatives. Returns the final images.
 */
function optimiseBatch(
  gan: ConditionalGan,
  batch: { z: Float32Array; classes: number[]; labels: number[]; advLabels: number[] },
  positives: tf.LayersModel[],
  negatives: tf.LayersModel[],
  s: NaturalFingerSettings,
  seed: number,
): Float32Array {
  const count = batch.labels.length;
  const numClasses = positives[0].outputs[0].shape[1] as number;
  const z = tf.variable(tf.tensor2d(batch.z, [count, s.gan.latent]));
  const classes = labelInput(batch.classes, numClasses);
  const optimizer = tf.train.momentum(s.learningRate, 0.9, true);
  const rng = createRng(seed);
  let step = 0;
  for (let epoch = 0; epoch < s.epochs; epoch++) {
    const posOrder = permutation(positives.length, rng);
    const negOrder = permutation(negatives.length, rng);
    for (let start = 0; start < positives.length; start += s.modelBatch) {
      const pos = Array.from(posOrder.slice(start, start + s.modelBatch), (i) => positives[i]);
      const neg = pos.map((_, k) => negatives[negOrder[(start + k) % negatives.length]]);
      const transform = randomTransform(TRANSFORMS, rng);
      const critic = labelInput(randomLabels(count, numClasses, deriveSeed(seed, 'critic', step++)), numClasses);
      optimizer.minimize(
        () => {
          const generated = gan.generator.apply([z, classes]) as tf.Tensor4D;
          const seen = transform.apply(generated, rng);
          const loss = (models: tf.LayersModel[], labels: number[]) =>
            tf.div(tf.addN(models.map((m) => cwLoss(m.apply(seen) as tf.Tensor2D, labels, s.kappa))), models.length);
          const d = gan.discriminator.apply([generated, critic]) as tf.Tensor;
          return tf.addN([
            loss(pos, batch.labels),
            loss(neg, batch.advLabels),
            tf.mul(tf.mean(tf.relu(tf.add(1, d))), s.beta),
          ]) as tf.Scalar;
        },
        false,
        [z],
      );
      critic.dispose();
    }
  }
  const images = tf.tidy(() => Float32Array.from((gan.generator.apply([z, classes]) as tf.Tensor).dataSync()));
  tf.dispose([z, classes]);
  optimizer.dispose();
  return images;
}

const percent = (share: number) => `${(100 * share).toFixed(1)}%`;

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
 * NaturalFinger, as its paper and the authors' natural_finger.py: a class-conditional GAN trained on
 * the defender's data; latents whose images all positive models label alike are gathered; negatives get
 * FGSM-derived adversarial labels (the paper; the code attacks the positives); batches of latents are
 * optimised (optimiseBatch) and an image is kept only if every helper answers as assigned under every
 * transformation and the two labels differ. Nothing unscreened fills up the queries: where nothing
 * survives (measured at tiny: 0 of 64 after 150 epochs; at mini: 0 of 160 after ~2,000 updates a batch),
 * the fingerprint is empty and scores every suspect 0, so the method identifies nothing rather than
 * something it did not screen.
 */
export const naturalFinger: FingerprintMethod<NaturalFingerInfo> = {
  id: 'naturalfinger',
  name: 'NaturalFinger',
  budgetable: { perQueryArrays: [] },
  tinyLimits: {
    // Measured: 0 of 64 after 150 epochs; nothing unscreened stands in (naturalfinger.spec.ts).
    cannotSeparate: 'no image survives screening with the tiny GAN and models',
    mayBeEmpty: 'no image survives screening with the tiny GAN and models: an empty fingerprint',
  },
  description:
    'class-conditional GAN samples in the decision-difference area of positive and negative helper models; score = matching rate',
  labelSpace: { kind: 'grouped' },
  needsHelpers: true,
  scoreIsMatchingRate: true,
  settings: NATURALFINGER_SETTINGS,
  buildVersion: 3,
  async build({ victim, data, split, helpers, budget, seed, log }): Promise<Fingerprint<NaturalFingerInfo>> {
    const s = NATURALFINGER_SETTINGS[budget];
    if (helpers.negative.length === 0)
      throw new Error('NaturalFinger needs at least one negative (independent) helper model');
    const numClasses = data.train.numClasses;
    const gan = trainGan(data.train, split.victim, s.gan, deriveSeed(seed, 'naturalfinger-gan'));
    const positives = [victim, ...helpers.positive.map((h) => h.model)];
    const negatives = helpers.negative.map((h) => h.model);
    const candidates = agreedCandidates(gan.generator, positives, numClasses, s, deriveSeed(seed, 'naturalfinger-z'));
    const kept: Float32Array[] = [];
    let [optimised, survived] = [0, 0];
    for (let b = 0; b < s.maxBatches && survived < s.fingers && b * s.batch < candidates.labels.length; b++) {
      const range = [b * s.batch, Math.min((b + 1) * s.batch, candidates.labels.length)];
      const batch = {
        z: candidates.z.slice(range[0] * s.gan.latent, range[1] * s.gan.latent),
        classes: candidates.classes.slice(range[0], range[1]),
        labels: candidates.labels.slice(range[0], range[1]),
        advLabels: [] as number[],
      };
      const count = batch.labels.length;
      const first = generate(gan.generator, batch.z, batch.classes, numClasses);
      batch.advLabels = adversarialLabels(negatives, first, s.fgsmEpsilon, batch.labels);
      first.dispose();
      const images = optimiseBatch(gan, batch, positives, negatives, s, deriveSeed(seed, 'naturalfinger-batch', b));
      optimised += count;
      const screening = screen(
        images,
        count,
        positives,
        negatives,
        batch.labels,
        batch.advLabels,
        deriveSeed(seed, 'naturalfinger-screen', b),
      );
      const pass = screening.broken.map((v, i) => (v === 0 ? i : -1)).filter((i) => i >= 0);
      survived += pass.length;
      log(
        `naturalfinger: batch ${b + 1}: ${pass.length} of ${count} passed screening; answers as assigned: positives ${percent(screening.positivesHeld)}, negatives ${percent(screening.negativesMoved)}`,
      );
      kept.push(selectImages(images, pass, IMAGE_SIZE));
    }
    gan.generator.dispose();
    gan.discriminator.dispose();
    const count = Math.min(survived, s.fingers);
    log(
      `naturalfinger: ${candidates.drawn} latents drawn, ${candidates.labels.length} labelled alike by every positive model, ${optimised} optimised, ${survived} passed screening, ${count} kept`,
    );
    // Nothing unscreened stands in: with no survivor the fingerprint is empty, and says so.
    if (count === 0)
      log(
        `naturalfinger: none of ${optimised} optimised images passed screening; the fingerprint is empty and scores every suspect 0 (raise its epochs or batches, or train a larger GAN)`,
      );
    const all = new Float32Array(survived * IMAGE_SIZE);
    kept.reduce((offset, part) => (all.set(part, offset), offset + part.length), 0);
    const inputs = all.slice(0, count * IMAGE_SIZE);
    return {
      method: 'naturalfinger',
      count,
      inputs,
      victimOutputs: count === 0 ? new Float32Array(0) : Float32Array.from(logitsOf(victim, inputs, count).flat()),
      numClasses,
      arrays: {},
      info: {
        drawn: candidates.drawn,
        agreed: candidates.labels.length,
        optimised,
        survived,
        kept: count,
        ganLosses: gan.losses,
      },
    };
  },
  score(fp, suspect) {
    if (fp.count === 0) return { score: 0 };
    const matchRate = topOneAgreement(rows(fp.victimOutputs, fp.numClasses), answersOf(fp, suspect));
    return { score: matchRate, matchRate };
  },
};
