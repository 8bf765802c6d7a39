import type { tf } from '@fpb/tensor';

/**
 * The engine variables behind layer weights: what optimisers and `assign` work on. tfjs-layers keeps
 * them behind `LayerVariable.read()`, which its public types do not declare.
 */
export function engineVariables(weights: readonly tf.LayerVariable[]): tf.Variable[] {
  return weights.map((w) => (w as unknown as { read(): tf.Variable }).read());
}
