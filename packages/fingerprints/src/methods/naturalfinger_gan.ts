import type { ImageDataset } from '@fpb/data';
import { engineVariables } from '@fpb/models';
import { createRng, deriveSeed, randomInt, randomNormal, tf } from '@fpb/tensor';
import { IMAGE_SHAPE } from '../oracle';
import { imagesOf, pickIndices } from '../sampling';

export interface GanSettings {
  latent: number;
  width: number;
  steps: number;
  batchSize: number;
  learningRate: number;
}

const init = (seed: number) => tf.initializers.glorotUniform({ seed });

/**
 * A class embedding as a bias-free dense layer on the one-hot label (a matmul: every backend, the
 * torch one included, differentiates it; a gather-based embedding layer would need more kernels).
 */
const embedding = (units: number, seed: number) =>
  tf.layers.dense({ units, useBias: false, kernelInitializer: tf.initializers.randomNormal({ stddev: 1, seed }) });

/**
 * A small class-conditional DCGAN generator: [latent, one-hot label] -> 4x4 -> 8x8 -> 16x16 -> 32x32x3
 * in [0, 1]; the label enters as a learned embedding concatenated to the latent (as conditional GANs
 * of the SAGAN/BigGAN family condition their generators on a class).
 */
function generator(s: GanSettings, numClasses: number, seed: number): tf.LayersModel {
  const w = s.width;
  const z = tf.input({ shape: [s.latent] });
  const label = tf.input({ shape: [numClasses] });
  const embedded = embedding(s.latent, seed + 4).apply(label) as tf.SymbolicTensor;
  let h = tf.layers.concatenate().apply([z, embedded]) as tf.SymbolicTensor;
  h = tf.layers.dense({ units: 4 * 4 * 4 * w, kernelInitializer: init(seed) }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.reLU().apply(h) as tf.SymbolicTensor;
  h = tf.layers.reshape({ targetShape: [4, 4, 4 * w] }).apply(h) as tf.SymbolicTensor;
  [2 * w, w].forEach((filters, k) => {
    h = tf.layers
      .conv2dTranspose({ filters, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: init(seed + 1 + k) })
      .apply(h) as tf.SymbolicTensor;
    h = tf.layers.reLU().apply(h) as tf.SymbolicTensor;
  });
  const image = tf.layers
    .conv2dTranspose({
      filters: 3,
      kernelSize: 4,
      strides: 2,
      padding: 'same',
      activation: 'sigmoid',
      kernelInitializer: init(seed + 3),
    })
    .apply(h) as tf.SymbolicTensor;
  return tf.model({ inputs: [z, label], outputs: image });
}

/**
 * Its projection discriminator (Miyato & Koyama, as in SAGAN/BigGAN): features phi(x) of a conv stack,
 * score = w . phi(x) + embed(y) . phi(x), one raw score per image (hinge loss).
 */
function discriminator(s: GanSettings, numClasses: number, seed: number): tf.LayersModel {
  const w = s.width;
  const image = tf.input({ shape: [...IMAGE_SHAPE] });
  const label = tf.input({ shape: [numClasses] });
  let h: tf.SymbolicTensor = image;
  [w, 2 * w, 4 * w].forEach((filters, k) => {
    h = tf.layers
      .conv2d({ filters, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: init(seed + 10 + k) })
      .apply(h) as tf.SymbolicTensor;
    h = tf.layers.leakyReLU({ alpha: 0.2 }).apply(h) as tf.SymbolicTensor;
  });
  const features = tf.layers.globalAveragePooling2d({}).apply(h) as tf.SymbolicTensor;
  const unconditional = tf.layers.dense({ units: 1, kernelInitializer: init(seed + 13) }).apply(features);
  const embedded = embedding(4 * w, seed + 14).apply(label) as tf.SymbolicTensor;
  // embed(y) . phi(x): the elementwise product summed by a fixed all-ones projection.
  const product = tf.layers.multiply().apply([embedded, features]) as tf.SymbolicTensor;
  const projection = tf.layers
    .dense({ units: 1, useBias: false, kernelInitializer: 'ones', trainable: false })
    .apply(product);
  const score = tf.layers.add().apply([unconditional as tf.SymbolicTensor, projection as tf.SymbolicTensor]);
  return tf.model({ inputs: [image, label], outputs: score as tf.SymbolicTensor });
}

export function latents(count: number, size: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: count * size }, () => randomNormal(rng));
}

/** Class labels drawn uniformly (the authors' generate_fake_labels). */
export function randomLabels(count: number, numClasses: number, seed: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => randomInt(rng, numClasses));
}

/** Labels as the one-hot rows the networks take. */
export const labelInput = (labels: readonly number[], numClasses: number) =>
  tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(labels as number[], 'int32'), numClasses), 'float32') as tf.Tensor2D);

export interface ConditionalGan {
  generator: tf.LayersModel;
  discriminator: tf.LayersModel;
  losses: { discriminator: number; generator: number };
}

/**
 * Trains the class-conditional GAN on the defender's labelled images with the hinge loss: D minimises
 * E[relu(1 - D(x, y))] + E[relu(1 + D(G(z, y'), y'))], G minimises -E[D(G(z, y'), y')], y' uniform.
 */
export function trainGan(data: ImageDataset, indices: ArrayLike<number>, s: GanSettings, seed: number): ConditionalGan {
  const numClasses = data.numClasses;
  const g = generator(s, numClasses, seed);
  const d = discriminator(s, numClasses, seed);
  const gOpt = tf.train.adam(s.learningRate, 0.5, 0.999);
  const dOpt = tf.train.adam(s.learningRate, 0.5, 0.999);
  const gVars = engineVariables(g.trainableWeights);
  const dVars = engineVariables(d.trainableWeights);
  let losses = { discriminator: NaN, generator: NaN };
  for (let step = 0; step < s.steps; step++) {
    const picked = pickIndices(indices, s.batchSize, deriveSeed(seed, 'gan-batch', step));
    const real = tf.tensor4d(imagesOf(data, picked), [picked.length, ...IMAGE_SHAPE]);
    const realLabels = labelInput(
      picked.map((i) => data.labels[i]),
      numClasses,
    );
    const fakeLabels = labelInput(randomLabels(s.batchSize, numClasses, deriveSeed(seed, 'gan-y', step)), numClasses);
    const z = tf.tensor2d(latents(s.batchSize, s.latent, deriveSeed(seed, 'gan-z', step)), [s.batchSize, s.latent]);
    const dLoss = dOpt.minimize(
      () => {
        const fake = g.apply([z, fakeLabels]) as tf.Tensor;
        return tf.add(
          tf.mean(tf.relu(tf.sub(1, d.apply([real, realLabels]) as tf.Tensor))),
          tf.mean(tf.relu(tf.add(1, d.apply([fake, fakeLabels]) as tf.Tensor))),
        ) as tf.Scalar;
      },
      true,
      dVars,
    );
    const gLoss = gOpt.minimize(
      () => tf.neg(tf.mean(d.apply([g.apply([z, fakeLabels]) as tf.Tensor, fakeLabels]) as tf.Tensor)) as tf.Scalar,
      true,
      gVars,
    );
    losses = { discriminator: dLoss!.dataSync()[0], generator: gLoss!.dataSync()[0] };
    tf.dispose([real, realLabels, fakeLabels, z, dLoss!, gLoss!]);
  }
  gOpt.dispose();
  dOpt.dispose();
  return { generator: g, discriminator: d, losses };
}
