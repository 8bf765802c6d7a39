import { tf } from '@fpb/tensor';

/** A weight's values with its axes permuted (HWIO <-> OIHW, [in, out] <-> [out, in]), read back. */
export function permutedValues(t: tf.Tensor, perm: number[]): { values: Float32Array; shape: number[] } {
  const p = tf.tidy(() => tf.transpose(t, perm));
  const out = { values: p.dataSync() as Float32Array, shape: p.shape };
  p.dispose();
  return out;
}
