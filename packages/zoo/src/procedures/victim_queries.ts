import type { ImageDataset } from '@fpb/data';
import { matchRate, topOne, type Teacher } from '@fpb/models';
import { tf } from '@fpb/tensor';

/**
 * What an extraction adversary gets back from the victim's API for a batch of query images: one-hot
 * rows of the victim's top-1 answers, or its softmax at `temperature`. Nothing else of the victim
 * (weights, gradients, the true labels) reaches the student.
 */
export function victimAnswers(victim: tf.LayersModel, kind: 'labels' | 'probabilities', temperature = 1): Teacher {
  const answer = (images: tf.Tensor4D): tf.Tensor2D =>
    tf.tidy(() => {
      const logits = victim.apply(images, { training: false }) as tf.Tensor2D;
      if (kind === 'labels') return tf.oneHot(tf.argMax(logits, 1), logits.shape[1]) as tf.Tensor2D;
      return tf.softmax(tf.div(logits, temperature)) as tf.Tensor2D;
    });
  return { answer, temperature: kind === 'labels' ? 1 : temperature, answers: kind };
}

/** Share of images on which two models give the same top-1 answer (fidelity, when one is the victim). */
export function agreement(
  a: tf.LayersModel,
  b: tf.LayersModel,
  data: ImageDataset,
  indices?: ArrayLike<number>,
): number {
  return matchRate(topOne(a, data, indices), topOne(b, data, indices));
}
