import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { backend_util } from '@tensorflow/tfjs-core';

/** Activation codes of the addon's fused ops (native/ops.cc, enum Activation). */
const ACTIVATION_CODES: Record<backend_util.Activation, number> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  elu: 3,
  leakyrelu: 4,
  sigmoid: 5,
  prelu: 6,
};

/** The extra tensors, ints and floats a fused op takes for its bias and activation. */
export function fusedTail(
  bias: TensorInfo | undefined,
  prelu: TensorInfo | undefined,
  activation: backend_util.Activation | undefined,
  leakyreluAlpha: number | undefined,
): { tensors: TensorInfo[]; ints: number[]; floats: number[] } {
  const act = activation ?? 'linear';
  return {
    tensors: [...(bias ? [bias] : []), ...(act === 'prelu' && prelu ? [prelu] : [])],
    ints: [bias ? 1 : 0, ACTIVATION_CODES[act]],
    floats: [leakyreluAlpha ?? 0.2],
  };
}
