import { AvgPool, type AvgPoolAttrs } from '@tensorflow/tfjs-core';
import { poolGeometry } from './conv_geometry';
import { torchKernel } from './torch_kernel';

export const avgPoolConfig = torchKernel<AvgPoolAttrs>(AvgPool, ({ inputs: { x }, backend, attrs }) =>
  backend.run1('avg_pool', [x], poolGeometry(x.shape, attrs, true)),
);
