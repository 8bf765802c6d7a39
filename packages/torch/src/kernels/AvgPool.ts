import { AvgPool, backend_util, type AvgPoolAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { symmetricPoolInts } from './symmetric_pool';
import { torchKernel } from './torch_kernel';

export const avgPoolConfig = torchKernel<AvgPoolAttrs>(AvgPool, ({ inputs, backend, attrs }) => {
  const x = inputs.x as TensorInfo;
  const info = backend_util.computePool2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  return backend.run1('avg_pool', [x], symmetricPoolInts(info));
});
