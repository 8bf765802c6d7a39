import { MaxPool, type MaxPoolAttrs } from '@tensorflow/tfjs-core';
import { poolGeometry } from './conv_geometry';
import { torchKernel } from './torch_kernel';

export const maxPoolConfig = torchKernel<MaxPoolAttrs>(MaxPool, ({ inputs: { x }, backend, attrs }) =>
  backend.run1('max_pool', [x], poolGeometry(x.shape, attrs)),
);
