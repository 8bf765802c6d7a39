import { engineVariables } from './layer_variables';
import { createRng, randomNormal, tf } from '@fpb/tensor';

/** The conv, depthwise and dense kernels of a model: what weight pruning and noising touch (not biases, not batch-norm). */
export function kernelVariables(model: tf.LayersModel): tf.Variable[] {
  return engineVariables(model.trainableWeights.filter((w) => /kernel$/.test(w.originalName)));
}

/**
 * Global magnitude pruning: one threshold across all kernels so that a share `ratio` of their weights,
 * the smallest in magnitude, become zero. Returns a function that re-applies the mask.
 */
export function pruneWeights(model: tf.LayersModel, ratio: number): { reapply: () => void; threshold: number } {
  const kernels = kernelVariables(model);
  const magnitudes = Float32Array.from(kernels.flatMap((k) => Array.from(k.dataSync(), Math.abs))).sort();
  const cut = Math.min(magnitudes.length - 1, Math.max(0, Math.floor(ratio * magnitudes.length) - 1));
  const threshold = ratio <= 0 ? -1 : magnitudes[cut];
  const masks = kernels.map((k) => tf.tidy(() => tf.cast(tf.greater(tf.abs(k), threshold), 'float32')));
  const reapply = () => tf.tidy(() => kernels.forEach((k, i) => k.assign(tf.mul(k, masks[i]))));
  reapply();
  return { reapply, threshold };
}

/** Adds seeded Gaussian noise of standard deviation `scale` x (the kernel's own std) to every kernel. */
export function addWeightNoise(model: tf.LayersModel, scale: number, seed: number): void {
  const rng = createRng(seed);
  for (const k of kernelVariables(model)) {
    const values = k.dataSync() as Float32Array;
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    const noisy = Float32Array.from(values, (v) => v + scale * std * randomNormal(rng));
    tf.tidy(() => k.assign(tf.tensor(noisy, k.shape)));
  }
}
