import { Conv2DBackpropInput, type Conv2DBackpropInputAttrs } from '@tensorflow/tfjs-core';
import { convGeometry } from './conv_geometry';
import { torchKernel } from './torch_kernel';

export const conv2DBackpropInputConfig = torchKernel<Conv2DBackpropInputAttrs>(
  Conv2DBackpropInput,
  ({ inputs: { dy, filter }, backend, attrs }) =>
    backend.run1(
      'conv2d_backprop_input',
      [dy, filter],
      [...convGeometry(attrs.inputShape, filter.shape, attrs, false), ...attrs.inputShape],
    ),
);
