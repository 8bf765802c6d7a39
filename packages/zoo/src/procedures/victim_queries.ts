import type { ImageDataset } from '@fpb/data';
import { argmaxRows, matchRate, predictLogits, topOne } from '@fpb/models';
import type { tf } from '@fpb/tensor';

/** Softmax of each row of `logits` at a temperature. */
export function softmaxRows(logits: Float32Array, numClasses: number, temperature = 1): Float32Array {
  const out = new Float32Array(logits.length);
  for (let r = 0; r < logits.length / numClasses; r++) {
    let max = -Infinity;
    for (let c = 0; c < numClasses; c++) max = Math.max(max, logits[r * numClasses + c] / temperature);
    let sum = 0;
    for (let c = 0; c < numClasses; c++) sum += out[r * numClasses + c] = Math.exp(logits[r * numClasses + c] / temperature - max);
    for (let c = 0; c < numClasses; c++) out[r * numClasses + c] /= sum;
  }
  return out;
}

/**
 * What an extraction adversary gets back from the victim's API for the images at `indices`: per
 * training image i, a row of `numClasses` targets (one-hot of the victim's top-1 answer, or its
 * softmax at `temperature`). Rows of images outside `indices` stay zero and are never used.
 */
export function victimTargets(victim: tf.LayersModel, data: ImageDataset, indices: ArrayLike<number>, kind: 'labels' | 'probabilities', temperature = 1): Float32Array {
  const c = data.numClasses;
  const logits = predictLogits(victim, data, indices);
  const rows = kind === 'labels' ? oneHotRows(argmaxRows(logits, c), c) : softmaxRows(logits, c, temperature);
  const out = new Float32Array(data.labels.length * c);
  for (let k = 0; k < indices.length; k++) out.set(rows.subarray(k * c, (k + 1) * c), indices[k] * c);
  return out;
}

function oneHotRows(labels: Int32Array, numClasses: number): Float32Array {
  const out = new Float32Array(labels.length * numClasses);
  labels.forEach((l, i) => (out[i * numClasses + l] = 1));
  return out;
}

/** Share of images on which two models give the same top-1 answer (fidelity, when one is the victim). */
export function agreement(a: tf.LayersModel, b: tf.LayersModel, data: ImageDataset, indices?: ArrayLike<number>): number {
  return matchRate(topOne(a, data, indices), topOne(b, data, indices));
}
