import {
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
} from '@tensorflow/tfjs-core';
import { convGeometry } from './conv_geometry';
import { torchKernel } from './torch_kernel';

export const depthwiseConv2dNativeBackpropInputConfig = torchKernel<DepthwiseConv2dNativeBackpropInputAttrs>(
  DepthwiseConv2dNativeBackpropInput,
  ({ inputs: { dy, filter }, backend, attrs }) =>
    backend.run1(
      'depthwise_backprop_input',
      [dy, filter],
      [...convGeometry(attrs.inputShape, filter.shape, attrs, true), ...attrs.inputShape],
    ),
);
