import { FusedConv2D, type FusedConv2DAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { convGeometry } from './conv_geometry';
import { fusedTail } from './fused_activation';
import { torchKernel } from './torch_kernel';

export const fusedConv2DConfig = torchKernel<FusedConv2DAttrs>(FusedConv2D, ({ inputs, backend, attrs }) => {
  const { x, filter } = inputs;
  const tail = fusedTail(
    inputs.bias as TensorInfo | undefined,
    inputs.preluActivationWeights as TensorInfo | undefined,
    attrs.activation,
    attrs.leakyreluAlpha,
  );
  const geometry = convGeometry(x.shape, filter.shape, attrs, false);
  return backend.run1('fused_conv2d', [x, filter, ...tail.tensors], [...geometry, ...tail.ints], tail.floats);
});
