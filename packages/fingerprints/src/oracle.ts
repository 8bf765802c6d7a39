import { tf } from '@fpb/tensor';

/**
 * Black-box access to a suspect: images in (NHWC, values in [0, 1]), logits out, nothing else. Every
 * image sent counts as one query, so each method's query budget per suspect is measured, not claimed.
 */
export interface Oracle {
  query(images: Float32Array, count: number): Float32Array;
  readonly queries: number;
  readonly numClasses: number;
}

export const IMAGE_SHAPE = [32, 32, 3] as const;
export const IMAGE_SIZE = 32 * 32 * 3;

/** Wraps a model as an oracle; the model's weights and gradients stay out of the method's reach. */
export function modelOracle(model: tf.LayersModel, batchSize = 256): Oracle {
  let queries = 0;
  const numClasses = model.outputs[0].shape[1] as number;
  return {
    numClasses,
    get queries() {
      return queries;
    },
    query(images, count) {
      if (images.length !== count * IMAGE_SIZE)
        throw new Error(`oracle: ${images.length} values are not ${count} images of 32x32x3`);
      queries += count;
      const out = new Float32Array(count * numClasses);
      for (let start = 0; start < count; start += batchSize) {
        const n = Math.min(batchSize, count - start);
        const logits = tf.tidy(
          () =>
            model.predict(
              tf.tensor4d(images.subarray(start * IMAGE_SIZE, (start + n) * IMAGE_SIZE), [n, ...IMAGE_SHAPE]),
            ) as tf.Tensor,
        );
        out.set(logits.dataSync(), start * numClasses);
        logits.dispose();
      }
      return out;
    },
  };
}
