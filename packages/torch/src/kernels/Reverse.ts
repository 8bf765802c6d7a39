import { Reverse, util, type ReverseAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

export const reverseConfig = torchKernel<ReverseAttrs>(Reverse, ({ inputs, backend, attrs }) => {
  const x = inputs.x as TensorInfo;
  return backend.run1('reverse', [x], util.parseAxisParam(attrs.dims, x.shape));
});
