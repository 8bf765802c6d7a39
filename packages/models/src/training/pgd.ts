import { tf } from '@fpb/tensor';

export interface PgdOptions {
  /** L-infinity radius in [0,1] pixel units (8/255 is the usual CIFAR value). */
  eps: number;
  /** Step size (default eps/4). */
  alpha?: number;
  steps: number;
  seed?: number;
}

/**
 * Madry et al.'s PGD: from a random start in the eps-ball, `steps` signed-gradient ascent steps on
 * the cross-entropy, each projected back into the eps-ball around x and into [0,1].
 */
export function pgdAttack(
  model: tf.LayersModel,
  x: tf.Tensor4D,
  labels: tf.Tensor1D,
  options: PgdOptions,
): tf.Tensor4D {
  const { eps, steps, seed } = options;
  const alpha = options.alpha ?? eps / 4;
  return tf.tidy(() => {
    const targets = tf.oneHot(labels, (model.outputs[0].shape[1] as number) ?? 10);
    const lower = tf.maximum(tf.sub(x, eps), 0);
    const upper = tf.minimum(tf.add(x, eps), 1);
    let adv = tf.clipByValue(tf.add(x, tf.randomUniform(x.shape, -eps, eps, 'float32', seed)), 0, 1) as tf.Tensor4D;
    const lossGrad = tf.grad((input: tf.Tensor) =>
      tf.losses.softmaxCrossEntropy(targets, model.apply(input, { training: false }) as tf.Tensor),
    );
    for (let s = 0; s < steps; s++) {
      const next = tf.minimum(
        tf.maximum(tf.add(adv, tf.mul(tf.sign(lossGrad(adv)), alpha)), lower),
        upper,
      ) as tf.Tensor4D;
      adv.dispose();
      adv = next;
    }
    return adv;
  });
}
