import { AvgPoolGrad, type AvgPoolGradAttrs } from '@tensorflow/tfjs-core';
import { poolGeometry } from './conv_geometry';
import { torchKernel } from './torch_kernel';

export const avgPoolGradConfig = torchKernel<AvgPoolGradAttrs>(
  AvgPoolGrad,
  ({ inputs: { dy, input }, backend, attrs }) =>
    backend.run1('avg_pool_grad', [dy, input], poolGeometry(input.shape, attrs, true)),
);
