import {
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
} from '@tensorflow/tfjs-core';
import { convGeometry } from './conv_geometry';
import { torchKernel } from './torch_kernel';

export const depthwiseConv2dNativeBackpropFilterConfig = torchKernel<DepthwiseConv2dNativeBackpropFilterAttrs>(
  DepthwiseConv2dNativeBackpropFilter,
  ({ inputs: { x, dy }, backend, attrs }) =>
    backend.run1(
      'depthwise_backprop_filter',
      [x, dy],
      [...convGeometry(x.shape, attrs.filterShape, attrs, true), ...attrs.filterShape],
    ),
);
