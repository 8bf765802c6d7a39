import { _FusedMatMul, type _FusedMatMulAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { fusedTail } from './fused_activation';
import { torchKernel } from './torch_kernel';

export const fusedMatMulConfig = torchKernel<_FusedMatMulAttrs>(_FusedMatMul, ({ inputs, backend, attrs }) => {
  const tail = fusedTail(
    inputs.bias as TensorInfo | undefined,
    inputs.preluActivationWeights as TensorInfo | undefined,
    attrs.activation,
    attrs.leakyreluAlpha,
  );
  return backend.run1(
    'fused_matmul',
    [inputs.a, inputs.b, ...tail.tensors],
    [attrs.transposeA ? 1 : 0, attrs.transposeB ? 1 : 0, ...tail.ints],
    tail.floats,
  );
});
