import { Conv2DBackpropFilter, type Conv2DBackpropFilterAttrs } from '@tensorflow/tfjs-core';
import { convGeometry } from './conv_geometry';
import { torchKernel } from './torch_kernel';

export const conv2DBackpropFilterConfig = torchKernel<Conv2DBackpropFilterAttrs>(
  Conv2DBackpropFilter,
  ({ inputs: { x, dy }, backend, attrs }) =>
    backend.run1(
      'conv2d_backprop_filter',
      [x, dy],
      [...convGeometry(x.shape, attrs.filterShape, attrs, false), ...attrs.filterShape],
    ),
);
