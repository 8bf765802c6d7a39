import { Pack, type PackAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

export const packConfig = torchKernel<PackAttrs>(Pack, ({ inputs, backend, attrs }) => {
  const tensors = inputs as unknown as TensorInfo[];
  const rank = tensors[0].shape.length + 1;
  return backend.run1('pack', tensors, [attrs.axis < 0 ? attrs.axis + rank : attrs.axis]);
});
