import { FusedBatchNorm, type FusedBatchNormAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

/** Normalisation by given statistics (the training statistics are computed by other kernels). */
export const fusedBatchNormConfig = torchKernel<FusedBatchNormAttrs>(FusedBatchNorm, ({ inputs, backend, attrs }) => {
  const offset = inputs.offset as TensorInfo | undefined;
  const scale = inputs.scale as TensorInfo | undefined;
  return backend.run1(
    'batch_norm',
    [inputs.x, inputs.mean, inputs.variance, ...(offset ? [offset] : []), ...(scale ? [scale] : [])],
    [offset ? 1 : 0, scale ? 1 : 0],
    [attrs.varianceEpsilon],
  );
});
