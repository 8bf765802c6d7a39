import { tf } from '@fpb/tensor';

/** Mean over the batch of KL(softmax(anchor) || softmax(other)), from logits. */
export function klFromLogits(anchor: tf.Tensor2D, other: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const p = tf.logSoftmax(anchor);
    const q = tf.logSoftmax(other);
    return tf.mean(tf.sum(tf.mul(tf.exp(p), tf.sub(p, q)), 1));
  });
}
