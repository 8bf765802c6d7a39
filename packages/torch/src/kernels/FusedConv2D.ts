import { backend_util, FusedConv2D, type FusedConv2DAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { geometryInts } from './conv_geometry';
import { fusedTail } from './fused_activation';
import { torchKernel } from './torch_kernel';

export const fusedConv2DConfig = torchKernel<FusedConv2DAttrs>(FusedConv2D, ({ inputs, backend, attrs }) => {
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
  const tail = fusedTail(
    inputs.bias as TensorInfo | undefined,
    inputs.preluActivationWeights as TensorInfo | undefined,
    attrs.activation,
    attrs.leakyreluAlpha,
  );
  return backend.run1('fused_conv2d', [x, filter, ...tail.tensors], [...geometryInts(info), ...tail.ints], tail.floats);
});
