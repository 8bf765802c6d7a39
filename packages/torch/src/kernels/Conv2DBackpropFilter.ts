import {
  backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { geometryInts } from './conv_geometry';
import { torchKernel } from './torch_kernel';

export const conv2DBackpropFilterConfig = torchKernel<Conv2DBackpropFilterAttrs>(
  Conv2DBackpropFilter,
  ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      backend_util.convertConv2DDataFormat(attrs.dataFormat),
    );
    return backend.run1('conv2d_backprop_filter', [x, inputs.dy], [...geometryInts(info), ...attrs.filterShape]);
  },
);
