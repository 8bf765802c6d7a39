import {
  backend_util,
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { geometryInts } from './conv_geometry';
import { torchKernel } from './torch_kernel';

export const conv2DBackpropInputConfig = torchKernel<Conv2DBackpropInputAttrs>(
  Conv2DBackpropInput,
  ({ inputs, backend, attrs }) => {
    const filter = inputs.filter as TensorInfo;
    const info = backend_util.computeConv2DInfo(
      attrs.inputShape,
      filter.shape as [number, number, number, number],
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      backend_util.convertConv2DDataFormat(attrs.dataFormat),
    );
    return backend.run1('conv2d_backprop_input', [inputs.dy, filter], [...geometryInts(info), ...attrs.inputShape]);
  },
);
