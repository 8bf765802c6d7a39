import { randomInt, tf, type Rng } from '@fpb/tensor';

/**
 * Random input transformations applied while a fingerprint's images are optimised and screened, so
 * that queries survive a suspect that preprocesses its input (MetaFinger's and NaturalFinger's lists,
 * as far as tfjs ops allow: their shear, median and Gaussian blur and resize-and-pad are not here).
 * Each is differentiable and keeps pixels in [0, 1].
 */
export interface InputTransform {
  name: string;
  apply: (x: tf.Tensor4D, rng: Rng) => tf.Tensor4D;
}

const seedOf = (rng: Rng) => randomInt(rng, 2 ** 30);

export const identity: InputTransform = { name: 'identity', apply: (x) => x };

export const horizontalFlip: InputTransform = { name: 'horizontal flip', apply: (x) => tf.reverse(x, 2) };

export const gaussianNoise = (std: number): InputTransform => ({
  name: `Gaussian noise ${std}`,
  apply: (x, rng) =>
    tf.clipByValue(tf.add(x, tf.randomNormal(x.shape, 0, std, 'float32', seedOf(rng))), 0, 1) as tf.Tensor4D,
});

export const uniformNoise = (range: number): InputTransform => ({
  name: `uniform noise ${range}`,
  apply: (x, rng) =>
    tf.clipByValue(tf.add(x, tf.randomUniform(x.shape, -range, range, 'float32', seedOf(rng))), 0, 1) as tf.Tensor4D,
});

/** A shift down and right by 0..`max` pixels each way, zeros coming in (the authors' RandTranslate). */
export const translate = (max: number): InputTransform => ({
  name: `translate 0-${max} pixels`,
  apply: (x, rng) => {
    const [dy, dx] = [randomInt(rng, max + 1), randomInt(rng, max + 1)];
    const padded = tf.pad(x, [
      [0, 0],
      [dy, 0],
      [dx, 0],
      [0, 0],
    ]);
    return tf.slice(padded, [0, 0, 0, 0], x.shape);
  },
});

export const averageBlur: InputTransform = { name: 'average blur 3x3', apply: (x) => tf.avgPool(x, 3, 1, 'same') };

/** One transformation of `list`, drawn at random. */
export function randomTransform(list: readonly InputTransform[], rng: Rng): InputTransform {
  return list[randomInt(rng, list.length)];
}
