import type { ImageDataset } from '@fpb/data';
import { engineVariables } from '@fpb/models';
import { createRng, deriveSeed, randomNormal, tf } from '@fpb/tensor';
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

/** A small DCGAN-style generator: latent -> 4x4 -> 8x8 -> 16x16 -> 32x32x3 in [0, 1]. */
function generator(s: GanSettings, seed: number): tf.LayersModel {
  const w = s.width;
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [s.latent], units: 4 * 4 * 4 * w, kernelInitializer: init(seed) }),
      tf.layers.reLU(),
      tf.layers.reshape({ targetShape: [4, 4, 4 * w] }),
      tf.layers.conv2dTranspose({
        filters: 2 * w,
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        kernelInitializer: init(seed + 1),
      }),
      tf.layers.reLU(),
      tf.layers.conv2dTranspose({
        filters: w,
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        kernelInitializer: init(seed + 2),
      }),
      tf.layers.reLU(),
      tf.layers.conv2dTranspose({
        filters: 3,
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        activation: 'sigmoid',
        kernelInitializer: init(seed + 3),
      }),
    ],
  });
}

/** Its discriminator, one raw score per image (hinge loss, as SAGAN). */
function discriminator(s: GanSettings, seed: number): tf.LayersModel {
  const w = s.width;
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [...IMAGE_SHAPE],
        filters: w,
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        kernelInitializer: init(seed + 10),
      }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.conv2d({
        filters: 2 * w,
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        kernelInitializer: init(seed + 11),
      }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.conv2d({
        filters: 4 * w,
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        kernelInitializer: init(seed + 12),
      }),
      tf.layers.leakyReLU({ alpha: 0.2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 1, kernelInitializer: init(seed + 13) }),
    ],
  });
}

export function latents(count: number, size: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: count * size }, () => randomNormal(rng));
}

/**
 * Trains the GAN on the defender's images with the hinge loss: D minimises E[relu(1 - D(x))] +
 * E[relu(1 + D(G(z)))], G minimises -E[D(G(z))]. Returns both networks and the last losses.
 */
export function trainGan(data: ImageDataset, indices: ArrayLike<number>, s: GanSettings, seed: number) {
  const g = generator(s, seed);
  const d = discriminator(s, seed);
  const gOpt = tf.train.adam(s.learningRate, 0.5, 0.999);
  const dOpt = tf.train.adam(s.learningRate, 0.5, 0.999);
  const gVars = engineVariables(g.trainableWeights);
  const dVars = engineVariables(d.trainableWeights);
  let losses = { discriminator: NaN, generator: NaN };
  for (let step = 0; step < s.steps; step++) {
    const real = tf.tensor4d(imagesOf(data, pickIndices(indices, s.batchSize, deriveSeed(seed, 'gan-batch', step))), [
      s.batchSize,
      ...IMAGE_SHAPE,
    ]);
    const z = tf.tensor2d(latents(s.batchSize, s.latent, deriveSeed(seed, 'gan-z', step)), [s.batchSize, s.latent]);
    const dLoss = dOpt.minimize(
      () => {
        const fake = g.apply(z) as tf.Tensor;
        return tf.add(
          tf.mean(tf.relu(tf.sub(1, d.apply(real) as tf.Tensor))),
          tf.mean(tf.relu(tf.add(1, d.apply(fake) as tf.Tensor))),
        ) as tf.Scalar;
      },
      true,
      dVars,
    );
    const gLoss = gOpt.minimize(
      () => tf.neg(tf.mean(d.apply(g.apply(z) as tf.Tensor) as tf.Tensor)) as tf.Scalar,
      true,
      gVars,
    );
    losses = { discriminator: dLoss!.dataSync()[0], generator: gLoss!.dataSync()[0] };
    tf.dispose([real, z, dLoss!, gLoss!]);
  }
  gOpt.dispose();
  dOpt.dispose();
  return { generator: g, discriminator: d, losses };
}
