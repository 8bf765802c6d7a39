import { IMAGE_SIZE } from '@fpb/fingerprints';
import { createRng, tf } from '@fpb/tensor';
import type { ExternalClassifier } from './external_classifier';

/** How many random images a model is compared with its own runtime on. */
export const CHECK_IMAGES = 64;

/**
 * The largest difference between our model's logits and another runtime's on the same random
 * images in [0, 1], and the largest of its logits (the scale to judge it by): an exported or
 * imported model is only as good as this number.
 */
export async function maxLogitDifference(
  model: tf.LayersModel,
  runtime: ExternalClassifier,
): Promise<{ maxDifference: number; largestLogit: number }> {
  const rng = createRng(7);
  const images = Float32Array.from({ length: CHECK_IMAGES * IMAGE_SIZE }, rng);
  const ours = tf.tidy(
    () => (model.predict(tf.tensor4d(images, [CHECK_IMAGES, 32, 32, 3])) as tf.Tensor).dataSync() as Float32Array,
  );
  const theirs = await runtime.run(images, CHECK_IMAGES);
  return {
    maxDifference: Math.max(...ours.map((v, i) => Math.abs(v - theirs[i]))),
    largestLogit: Math.max(...theirs.map(Math.abs)),
  };
}
