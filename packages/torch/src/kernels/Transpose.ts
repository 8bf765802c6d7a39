import { Transpose, type TransposeAttrs } from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

/** A permuted view: no copy until an op needs contiguous memory. */
export const transposeConfig = torchKernel<TransposeAttrs>(Transpose, ({ inputs, backend, attrs }) =>
  backend.run1('transpose', [inputs.x], attrs.perm),
);
