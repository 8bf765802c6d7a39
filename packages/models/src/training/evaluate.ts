import { tf } from '@fpb/tensor';
import { batchIndices, makeBatch, type ImageDataset } from '@fpb/data';

/** Logits of the model on the images at `indices` (default: all), in inference mode, batch by batch. */
export function predictLogits(
  model: tf.LayersModel,
  data: ImageDataset,
  indices?: ArrayLike<number>,
  batchSize = 256,
): Float32Array {
  const idx = indices ?? Array.from({ length: data.labels.length }, (_, i) => i);
  const numClasses = (model.outputs[0].shape[1] as number) ?? data.numClasses;
  const out = new Float32Array(idx.length * numClasses);
  let offset = 0;
  for (const b of batchIndices(idx, batchSize)) {
    const batch = makeBatch(data, b);
    const logits = tf.tidy(() => model.predict(tf.tensor4d(batch.x, [batch.size, 32, 32, 3])) as tf.Tensor);
    out.set(logits.dataSync(), offset);
    offset += batch.size * numClasses;
    logits.dispose();
  }
  return out;
}

/** Index of the largest logit of each row. */
export function argmaxRows(logits: Float32Array, numClasses: number): Int32Array {
  const n = logits.length / numClasses;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < numClasses; c++) if (logits[i * numClasses + c] > logits[i * numClasses + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** Top-1 answers of a model on the images at `indices` (default: all). */
export function topOne(model: tf.LayersModel, data: ImageDataset, indices?: ArrayLike<number>): Int32Array {
  return argmaxRows(predictLogits(model, data, indices), data.numClasses);
}

/** Share of positions where two answer lists agree (accuracy against labels, fidelity against a victim). */
export function matchRate(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`matchRate: ${a.length} answers against ${b.length}`);
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return a.length === 0 ? 0 : same / a.length;
}

/** Share of images whose top-1 prediction equals the label. */
export function accuracy(model: tf.LayersModel, data: ImageDataset, indices?: ArrayLike<number>): number {
  const idx = indices ?? Array.from({ length: data.labels.length }, (_, i) => i);
  return matchRate(
    topOne(model, data, idx),
    Array.from(idx, (i) => data.labels[i]),
  );
}
