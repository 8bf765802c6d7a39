import { Reshape, util, type ReshapeAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

export const reshapeConfig = torchKernel<ReshapeAttrs>(Reshape, ({ inputs, backend, attrs }) => {
  const x = inputs.x as TensorInfo;
  return backend.run1('reshape', [x], util.inferFromImplicitShape(attrs.shape, util.sizeFromShape(x.shape)));
});
