import {
  backend_util,
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { geometryInts } from './conv_geometry';
import { torchKernel } from './torch_kernel';

export const depthwiseConv2dNativeBackpropFilterConfig = torchKernel<DepthwiseConv2dNativeBackpropFilterAttrs>(
  DepthwiseConv2dNativeBackpropFilter,
  ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterShape,
      attrs.strides,
      attrs.dilations ?? [1, 1],
      attrs.pad,
      attrs.dimRoundingMode,
      true,
    );
    return backend.run1('depthwise_backprop_filter', [x, inputs.dy], [...geometryInts(info), ...attrs.filterShape]);
  },
);
