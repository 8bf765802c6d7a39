import { MaxPoolGrad, type MaxPoolGradAttrs } from '@tensorflow/tfjs-core';
import { poolGeometry } from './conv_geometry';
import { torchKernel } from './torch_kernel';

/** The gradient goes to the first maximum of each window, found again from the input (as tfjs's cpu does). */
export const maxPoolGradConfig = torchKernel<MaxPoolGradAttrs>(
  MaxPoolGrad,
  ({ inputs: { dy, input }, backend, attrs }) =>
    backend.run1('max_pool_grad', [dy, input], poolGeometry(input.shape, attrs)),
);
