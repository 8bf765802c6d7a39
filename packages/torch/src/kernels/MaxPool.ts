import { backend_util, MaxPool, type MaxPoolAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { poolInts } from './conv_geometry';
import { torchKernel } from './torch_kernel';

export const maxPoolConfig = torchKernel<MaxPoolAttrs>(MaxPool, ({ inputs, backend, attrs }) => {
  const x = inputs.x as TensorInfo;
  const info = backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  return backend.run1('max_pool', [x], poolInts(info));
});
