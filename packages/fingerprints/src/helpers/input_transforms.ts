import { randomInt, tf, type Rng } from '@fpb/tensor';

/**
 * Random input transformations applied while a fingerprint's images are optimised (MetaFinger's
 * `input_trans.py` list, as far as tfjs ops allow), so the queries survive a suspect that
 * preprocesses its input. Each is differentiable and keeps pixels in [0, 1]. Shear, median and
 * Gaussian blur and random resize-and-pad of the authors' list are not available here.
 */
export const INPUT_TRANSFORMS: ReadonlyArray<{ name: string; apply: (x: tf.Tensor4D, rng: Rng) => tf.Tensor4D }> = [
  { name: 'identity', apply: (x) => x },
  { name: 'horizontal flip', apply: (x) => tf.reverse(x, 2) },
  {
    name: 'Gaussian noise 0.05',
    apply: (x, rng) =>
      tf.clipByValue(
        tf.add(x, tf.randomNormal(x.shape, 0, 0.05, 'float32', randomInt(rng, 2 ** 30))),
        0,
        1,
      ) as tf.Tensor4D,
  },
  {
    name: 'uniform noise 0.05',
    apply: (x, rng) =>
      tf.clipByValue(
        tf.add(x, tf.randomUniform(x.shape, -0.05, 0.05, 'float32', randomInt(rng, 2 ** 30))),
        0,
        1,
      ) as tf.Tensor4D,
  },
  {
    name: 'translate 0-5 pixels',
    apply: (x, rng) => {
      const [dy, dx] = [randomInt(rng, 6), randomInt(rng, 6)];
      const padded = tf.pad(x, [
        [0, 0],
        [dy, 0],
        [dx, 0],
        [0, 0],
      ]);
      return tf.slice(padded, [0, 0, 0, 0], x.shape);
    },
  },
  { name: 'average blur 3x3', apply: (x) => tf.avgPool(x, 3, 1, 'same') },
];

/** One transformation drawn at random. */
export function randomTransform(rng: Rng): (typeof INPUT_TRANSFORMS)[number] {
  return INPUT_TRANSFORMS[randomInt(rng, INPUT_TRANSFORMS.length)];
}
