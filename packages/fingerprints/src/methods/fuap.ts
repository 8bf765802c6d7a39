import { createRng, deriveSeed, randomNormal, tf } from '@fpb/tensor';
import { answersOf } from '../label_space';
import { modelVariants } from '../helpers/model_variants';
import { deepFool } from '../attacks/deepfool';
import { logitsOf } from '../helpers/model_outputs';
import type { Budget, Fingerprint, FingerprintMethod } from '../method';
import { IMAGE_SIZE } from '../oracle';
import { argmax, rows, softmax, topOneAgreement } from '../output_math';
import { imagesOf, pickIndices } from '../sampling';

interface FuapSettings {
  /** Images the universal perturbation is fitted on. */
  pool: number;
  /** Fingerprint images (those images plus the perturbation). */
  samples: number;
  /** L2 bound of the perturbation (images in [0, 1]). */
  radius: number;
  /** UAP's stop: passes over the pool end once this share of it is fooled (1 - delta, delta = 0.2 in the UAP paper) ... */
  targetFoolingRate: number;
  /** ... or after this many passes. */
  maxPasses: number;
}

const FUAP_SETTINGS: Record<Budget, FuapSettings> = {
  tiny: { pool: 12, samples: 16, radius: 4, targetFoolingRate: 0.8, maxPasses: 1 },
  mini: { pool: 60, samples: 100, radius: 4, targetFoolingRate: 0.8, maxPasses: 5 },
  paper: { pool: 500, samples: 100, radius: 4, targetFoolingRate: 0.8, maxPasses: 10 },
};

const addClipped = (x: Float32Array, v: Float32Array) =>
  x.map((value, i) => Math.min(1, Math.max(0, value + v[i % IMAGE_SIZE])));

/** Share of images whose victim label the perturbation changes. */
function foolingRateOf(victim: tf.LayersModel, images: Float32Array, count: number, v: Float32Array): number {
  const clean = logitsOf(victim, images, count).map(argmax);
  return logitsOf(victim, addClipped(images, v), count).filter((row, i) => argmax(row) !== clean[i]).length / count;
}

/**
 * A universal adversarial perturbation (Moosavi-Dezfooli et al. 2017): visit the pool; whenever x + v
 * keeps its label, add DeepFool's perturbation of x + v to v and project v back onto the L2 ball; stop
 * once the perturbation fools the target share of the pool (or after maxPasses).
 */
export function universalPerturbation(
  victim: tf.LayersModel,
  pool: Float32Array,
  count: number,
  s: FuapSettings,
): { v: Float32Array; foolingRate: number; passes: number } {
  let v = new Float32Array(IMAGE_SIZE);
  const clean = logitsOf(victim, pool, count).map(argmax);
  let passes = 0;
  while (passes < s.maxPasses && foolingRateOf(victim, pool, count, v) < s.targetFoolingRate) {
    passes++;
    for (let i = 0; i < count; i++) {
      const x = addClipped(pool.subarray(i * IMAGE_SIZE, (i + 1) * IMAGE_SIZE), v);
      if (argmax(logitsOf(victim, x, 1)[0]) !== clean[i]) continue;
      const { perturbations, flipped } = deepFool(victim, x, 1, { maxIterations: 20 });
      if (!flipped[0]) continue;
      v = v.map((value, p) => value + perturbations[p]);
      const norm = Math.hypot(...v);
      if (norm > s.radius) v = v.map((value) => (value * s.radius) / norm);
    }
  }
  return { v, foolingRate: foolingRateOf(victim, pool, count, v), passes };
}

/**
 * The encoder FUAP compares fingerprints through (Peng et al., CVPR 2022): a model's fingerprint vector
 * is its softmax outputs on k fingerprint points, clean and with the UAP, concatenated; a two-layer
 * MLP maps it to a unit vector, trained contrastively so that the victim's vector lies near those of
 * its derived models and far from independent ones; a suspect's score is the mean cosine of its
 * encoded vectors and the victim's over fixed subsets of k points. Choices the paper leaves open here
 * (documented in the package README): k, widths, temperature, steps; the derived and independent
 * models are the helper models and augmented copies of the victim (as MetaV's positives).
 */
interface EncoderSettings {
  /** Points per fingerprint vector. */
  k: number;
  hidden: number;
  embedding: number;
  steps: number;
  learningRate: number;
  temperature: number;
  /** Subsets of k points the score averages over. */
  subsets: number;
  variants: number;
}

const ENCODER_SETTINGS: Record<Budget, EncoderSettings> = {
  tiny: { k: 4, hidden: 16, embedding: 8, steps: 40, learningRate: 0.01, temperature: 0.1, subsets: 8, variants: 2 },
  mini: {
    k: 10,
    hidden: 64,
    embedding: 32,
    steps: 200,
    learningRate: 0.005,
    temperature: 0.1,
    subsets: 20,
    variants: 2,
  },
  paper: {
    k: 10,
    hidden: 128,
    embedding: 64,
    steps: 500,
    learningRate: 0.001,
    temperature: 0.1,
    subsets: 50,
    variants: 8,
  },
};

const ENCODER = ['w1', 'b1', 'w2', 'b2'] as const;
type EncoderWeights<T> = Record<(typeof ENCODER)[number], T>;

const encoderShapes = (inputs: number, hidden: number, embedding: number) => ({
  w1: [inputs, hidden],
  b1: [hidden],
  w2: [hidden, embedding],
  b2: [embedding],
});

/** Rows of fingerprint vectors -> unit embeddings. */
function encode(w: EncoderWeights<tf.Tensor>, vectors: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const hidden = tf.relu(tf.add(tf.matMul(vectors, w.w1 as tf.Tensor2D), w.b1));
    const z = tf.add(tf.matMul(hidden, w.w2 as tf.Tensor2D), w.b2) as tf.Tensor2D;
    return tf.div(z, tf.add(tf.norm(z, 'euclidean', 1, true), 1e-8)) as tf.Tensor2D;
  });
}

/** Per point, softmax on the clean image then on the perturbed one: [points][2C]. */
function pointFeatures(outputs: number[][], points: number): number[][] {
  return Array.from({ length: points }, (_, i) => [...softmax(outputs[i]), ...softmax(outputs[points + i])]);
}

/** The fingerprint vector of a model on one subset of points. */
const vectorOf = (features: number[][], subset: number[]) => subset.flatMap((i) => features[i]);

function randomSubsets(points: number, k: number, count: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => {
    const order = Array.from({ length: points }, (_, i) => i);
    for (let i = points - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    return order.slice(0, k);
  });
}

/**
 * Trains the encoder with a supervised contrastive loss: on each step's subset of points, the victim's
 * embedding is the anchor, derived models' embeddings the positives, independent ones the negatives
 * (InfoNCE over cosine / temperature, averaged over positives).
 */
function trainEncoder(
  victim: number[][],
  positives: number[][][],
  negatives: number[][][],
  s: EncoderSettings,
  seed: number,
): EncoderWeights<Float32Array> {
  const inputs = s.k * victim[0].length;
  const rng = createRng(deriveSeed(seed, 'fuap-encoder'));
  const normal = (n: number, std: number) => Float32Array.from({ length: n }, () => std * randomNormal(rng));
  const shape = encoderShapes(inputs, s.hidden, s.embedding);
  const w = {
    w1: tf.variable(tf.tensor(normal(inputs * s.hidden, Math.sqrt(2 / inputs)), shape.w1)),
    b1: tf.variable(tf.zeros(shape.b1)),
    w2: tf.variable(tf.tensor(normal(s.hidden * s.embedding, Math.sqrt(1 / s.hidden)), shape.w2)),
    b2: tf.variable(tf.zeros(shape.b2)),
  };
  const optimizer = tf.train.adam(s.learningRate);
  const subsets = randomSubsets(victim.length, s.k, s.steps, deriveSeed(seed, 'fuap-train-subsets'));
  for (const subset of subsets) {
    const rows = [victim, ...positives, ...negatives].map((f) => vectorOf(f, subset));
    const batch = tf.tensor2d(rows);
    optimizer.minimize(() => {
      const z = encode(w, batch);
      const similarity = tf.div(
        tf.squeeze(tf.matMul(z, tf.slice(z, [0, 0], [1, -1]), false, true), [1]),
        s.temperature,
      );
      const others = tf.slice(similarity, [1], [-1]);
      const logDenominator = tf.logSumExp(others);
      const positive = tf.slice(others, [0], [positives.length]);
      return tf.neg(tf.mean(tf.sub(positive, logDenominator))) as tf.Scalar;
    }, false);
    batch.dispose();
  }
  const weights = Object.fromEntries(ENCODER.map((key) => [key, Float32Array.from(w[key].dataSync())]));
  tf.dispose(Object.values(w));
  optimizer.dispose();
  return weights as EncoderWeights<Float32Array>;
}

/** The UAP, its fooling rates, and how many models trained the encoder. */
interface FuapInfo {
  /** On the pool it was fitted on, and on the held-out fingerprint points. */
  foolingRate: number;
  heldOutFoolingRate: number;
  passes: number;
  perturbationNorm: number;
  points: number;
  encoderModels: number;
}

export const fuap: FingerprintMethod<FuapInfo> = {
  id: 'fuap',
  name: 'FUAP',
  paperTableFour: { cifar10: { FUAP: { mir: 0.04, fir: 0.05 } }, cifar100: { FUAP: { mir: 0.06, fir: 0.05 } } },
  description:
    'images clean and with a universal adversarial perturbation of the victim; a contrastively trained encoder of the outputs; score = mean cosine of victim and suspect encodings',
  labelSpace: {
    kind: 'victim-only',
    reason: "its encoder reads 2 x the victim's class count of output features per point",
  },
  needsHelpers: true,
  scoreIsMatchingRate: false,
  buildVersion: 2,
  settings: {
    tiny: { ...FUAP_SETTINGS.tiny, encoder: ENCODER_SETTINGS.tiny },
    mini: { ...FUAP_SETTINGS.mini, encoder: ENCODER_SETTINGS.mini },
    paper: { ...FUAP_SETTINGS.paper, encoder: ENCODER_SETTINGS.paper },
  },
  async build({ victim, data, helpers, budget, seed, log }): Promise<Fingerprint<FuapInfo>> {
    const s = FUAP_SETTINGS[budget];
    const e = ENCODER_SETTINGS[budget];
    if (helpers.negative.length === 0 || helpers.positive.length === 0)
      throw new Error('FUAP trains its encoder on helper models: it needs at least one positive and one negative');
    const all = Array.from({ length: data.test.labels.length }, (_, i) => i);
    const poolIndices = pickIndices(all, s.pool, deriveSeed(seed, 'fuap-pool'));
    const { v, foolingRate, passes } = universalPerturbation(
      victim,
      imagesOf(data.test, poolIndices),
      poolIndices.length,
      s,
    );
    const sampleIndices = pickIndices(
      all.filter((i) => !poolIndices.includes(i)),
      s.samples,
      deriveSeed(seed, 'fuap-samples'),
    );
    const clean = imagesOf(data.test, sampleIndices);
    const points = sampleIndices.length;
    const heldOutFoolingRate = foolingRateOf(victim, clean, points, v);
    log(
      `fuap: the UAP (L2 ${Math.hypot(...v).toFixed(2)} of at most ${s.radius}) fools ${(100 * foolingRate).toFixed(0)}% of its pool after ${passes} pass(es) ` +
        `(target ${(100 * s.targetFoolingRate).toFixed(0)}%${foolingRate < s.targetFoolingRate ? ', not reached' : ''}), ${(100 * heldOutFoolingRate).toFixed(0)}% of the fingerprint points`,
    );
    // The suspect answers each point twice: clean, then with the perturbation.
    const inputs = new Float32Array(2 * clean.length);
    inputs.set(clean);
    inputs.set(addClipped(clean, v), clean.length);
    const count = 2 * points;
    const featuresOf = (m: tf.LayersModel) => pointFeatures(logitsOf(m, inputs, count), points);
    const variants = await modelVariants(victim, e.variants, deriveSeed(seed, 'fuap-variants'));
    const positives = [...variants, ...helpers.positive.map((h) => h.model)].map(featuresOf);
    const negatives = helpers.negative.map((h) => featuresOf(h.model));
    variants.forEach((m) => m.dispose());
    const victimLogits = logitsOf(victim, inputs, count);
    const encoder = trainEncoder(pointFeatures(victimLogits, points), positives, negatives, e, seed);
    const subsets = randomSubsets(points, e.k, e.subsets, deriveSeed(seed, 'fuap-score-subsets'));
    return {
      method: 'fuap',
      count,
      inputs,
      victimOutputs: Float32Array.from(victimLogits.flat()),
      numClasses: data.test.numClasses,
      arrays: { perturbation: v, ...encoder, subsets: Float32Array.from(subsets.flat()) },
      info: {
        foolingRate,
        heldOutFoolingRate,
        passes,
        perturbationNorm: Math.hypot(...v),
        points,
        encoderModels: 1 + positives.length + negatives.length,
      },
    };
  },
  score(fp, suspect) {
    const { points } = fp.info;
    const hidden = fp.arrays.b1.length;
    const featureWidth = 2 * fp.numClasses;
    const k = fp.arrays.w1.length / hidden / featureWidth;
    const subsets = rows(fp.arrays.subsets, k);
    const shape = encoderShapes(k * featureWidth, hidden, fp.arrays.b2.length);
    const victim = rows(fp.victimOutputs, fp.numClasses);
    const outputs = answersOf(fp, suspect);
    const similarity = tf.tidy(() => {
      const w = Object.fromEntries(
        ENCODER.map((key) => [key, tf.tensor(fp.arrays[key], shape[key])]),
      ) as EncoderWeights<tf.Tensor>;
      const [a, b] = [victim, outputs].map((o) => {
        const features = pointFeatures(o, points);
        return encode(w, tf.tensor2d(subsets.map((subset) => vectorOf(features, subset))));
      });
      return tf.mean(tf.sum(tf.mul(a, b), 1)).dataSync()[0];
    });
    return { score: similarity, matchRate: topOneAgreement(victim, outputs) };
  },
};
