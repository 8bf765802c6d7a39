import { tf } from '@fpb/tensor';
import { IMAGE_SHAPE } from '../oracle';
import { rows } from '../output_math';

/** Logits of a white-box model on a batch of images (inference mode), as row arrays. */
export function logitsOf(model: tf.LayersModel, images: Float32Array, count: number): number[][] {
  const numClasses = model.outputs[0].shape[1] as number;
  const values = tf.tidy(
    () => (model.apply(tf.tensor4d(images, [count, ...IMAGE_SHAPE])) as tf.Tensor).dataSync() as Float32Array,
  );
  return rows(Float32Array.from(values), numClasses);
}

/** Copies chosen rows (images) of a batch into a new batch. */
export function selectImages(images: Float32Array, keep: number[], imageSize: number): Float32Array {
  const out = new Float32Array(keep.length * imageSize);
  keep.forEach((i, j) => out.set(images.subarray(i * imageSize, (i + 1) * imageSize), j * imageSize));
  return out;
}
