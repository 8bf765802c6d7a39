import { Concat, util, type ConcatAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

export const concatConfig = torchKernel<ConcatAttrs>(Concat, ({ inputs, backend, attrs }) => {
  const tensors = inputs as unknown as TensorInfo[];
  return backend.run1('concat', tensors, [util.parseAxisParam(attrs.axis, tensors[0].shape)[0]]);
});
