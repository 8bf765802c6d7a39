import {
  backend_util,
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { geometryInts } from './conv_geometry';
import { torchKernel } from './torch_kernel';

export const depthwiseConv2dNativeBackpropInputConfig = torchKernel<DepthwiseConv2dNativeBackpropInputAttrs>(
  DepthwiseConv2dNativeBackpropInput,
  ({ inputs, backend, attrs }) => {
    const filter = inputs.filter as TensorInfo;
    const info = backend_util.computeConv2DInfo(
      attrs.inputShape,
      filter.shape as [number, number, number, number],
      attrs.strides,
      attrs.dilations ?? [1, 1],
      attrs.pad,
      attrs.dimRoundingMode,
      true,
    );
    return backend.run1('depthwise_backprop_input', [inputs.dy, filter], [...geometryInts(info), ...attrs.inputShape]);
  },
);
