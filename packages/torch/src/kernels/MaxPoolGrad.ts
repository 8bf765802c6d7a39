import { backend_util, MaxPoolGrad, type MaxPoolGradAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { poolInts } from './conv_geometry';
import { torchKernel } from './torch_kernel';

/** The gradient goes to the first maximum of each window, found again from the input (as tfjs's cpu does). */
export const maxPoolGradConfig = torchKernel<MaxPoolGradAttrs>(MaxPoolGrad, ({ inputs, backend, attrs }) => {
  const input = inputs.input as TensorInfo;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  return backend.run1('max_pool_grad', [inputs.dy, input], poolInts(info));
});
