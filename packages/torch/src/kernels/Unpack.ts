import { Unpack, type TensorInfo, type UnpackAttrs } from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

export const unpackConfig = torchKernel<UnpackAttrs>(Unpack, ({ inputs, backend, attrs }) => {
  const value = inputs.value as TensorInfo;
  return backend.run('unpack', [value], [attrs.axis < 0 ? attrs.axis + value.shape.length : attrs.axis]);
});
