import {
  backend_util,
  DepthwiseConv2dNative,
  type DepthwiseConv2dNativeAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { geometryInts } from './conv_geometry';
import { torchKernel } from './torch_kernel';

export const depthwiseConv2dNativeConfig = torchKernel<DepthwiseConv2dNativeAttrs>(
  DepthwiseConv2dNative,
  ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const filter = inputs.filter as TensorInfo;
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      attrs.strides,
      attrs.dilations ?? [1, 1],
      attrs.pad,
      attrs.dimRoundingMode,
      true,
    );
    return backend.run1('depthwise_conv2d', [x, filter], geometryInts(info));
  },
);
