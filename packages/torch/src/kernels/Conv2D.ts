import { backend_util, Conv2D, type Conv2DAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { geometryInts } from './conv_geometry';
import { torchKernel } from './torch_kernel';

export const conv2DConfig = torchKernel<Conv2DAttrs>(Conv2D, ({ inputs, backend, attrs }) => {
  const x = inputs.x as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    attrs.strides,
    attrs.dilations ?? [1, 1],
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    backend_util.convertConv2DDataFormat(attrs.dataFormat),
  );
  return backend.run1('conv2d', [x, filter], geometryInts(info));
});
