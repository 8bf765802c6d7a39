import { AvgPoolGrad, backend_util, type AvgPoolGradAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { symmetricPoolInts } from './symmetric_pool';
import { torchKernel } from './torch_kernel';

export const avgPoolGradConfig = torchKernel<AvgPoolGradAttrs>(AvgPoolGrad, ({ inputs, backend, attrs }) => {
  const input = inputs.input as TensorInfo;
  const info = backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
  );
  return backend.run1('avg_pool_grad', [inputs.dy, input], symmetricPoolInts(info));
});
