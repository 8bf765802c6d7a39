import { Conv2D, type Conv2DAttrs } from '@tensorflow/tfjs-core';
import { convGeometry } from './conv_geometry';
import { torchKernel } from './torch_kernel';

export const conv2DConfig = torchKernel<Conv2DAttrs>(Conv2D, ({ inputs: { x, filter }, backend, attrs }) =>
  backend.run1('conv2d', [x, filter], convGeometry(x.shape, filter.shape, attrs, false)),
);
