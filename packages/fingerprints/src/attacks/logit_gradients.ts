import { tf } from '@fpb/tensor';
import { IMAGE_SHAPE, IMAGE_SIZE } from '../oracle';

/**
 * Gradients of chosen logits with respect to each of `count` images, in one batched forward/backward
 * pass: row r of `classes` lists which logits of image r to differentiate. The model runs in inference
 * mode (batch-norm statistics fixed), so images do not interact.
 */
export function logitGradients(
  model: tf.LayersModel,
  images: Float32Array,
  count: number,
  classes: number[][],
): Float32Array[][] {
  const numClasses = model.outputs[0].shape[1] as number;
  const perImage = classes[0]?.length ?? 0;
  if (classes.length !== count || classes.some((c) => c.length !== perImage))
    throw new Error('logitGradients: one equally long class list per image');
  const rows = count * perImage;
  // Each image repeated once per class of interest; a one-hot mask picks that class's logit.
  const repeated = new Float32Array(rows * IMAGE_SIZE);
  const mask = new Float32Array(rows * numClasses);
  for (let b = 0; b < count; b++)
    for (let k = 0; k < perImage; k++) {
      repeated.set(images.subarray(b * IMAGE_SIZE, (b + 1) * IMAGE_SIZE), (b * perImage + k) * IMAGE_SIZE);
      mask[(b * perImage + k) * numClasses + classes[b][k]] = 1;
    }
  const g = tf.tidy(() => {
    const x = tf.tensor4d(repeated, [rows, ...IMAGE_SHAPE]);
    const m = tf.tensor2d(mask, [rows, numClasses]);
    const f = (input: tf.Tensor) => tf.sum(tf.mul(model.apply(input) as tf.Tensor, m));
    return tf.grad(f)(x).dataSync() as Float32Array;
  });
  return Array.from({ length: count }, (_, b) =>
    Array.from({ length: perImage }, (_, k) =>
      g.slice((b * perImage + k) * IMAGE_SIZE, (b * perImage + k + 1) * IMAGE_SIZE),
    ),
  );
}
