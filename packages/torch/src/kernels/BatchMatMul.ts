import { BatchMatMul, type BatchMatMulAttrs } from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

export const batchMatMulConfig = torchKernel<BatchMatMulAttrs>(BatchMatMul, ({ inputs, backend, attrs }) =>
  backend.run1('batch_matmul', [inputs.a, inputs.b], [attrs.transposeA ? 1 : 0, attrs.transposeB ? 1 : 0]),
);
