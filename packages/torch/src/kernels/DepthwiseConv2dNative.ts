import { DepthwiseConv2dNative, type DepthwiseConv2dNativeAttrs } from '@tensorflow/tfjs-core';
import { convGeometry } from './conv_geometry';
import { torchKernel } from './torch_kernel';

export const depthwiseConv2dNativeConfig = torchKernel<DepthwiseConv2dNativeAttrs>(
  DepthwiseConv2dNative,
  ({ inputs: { x, filter }, backend, attrs }) =>
    backend.run1('depthwise_conv2d', [x, filter], convGeometry(x.shape, filter.shape, attrs, true)),
);
