import { slice_util, Slice, type SliceAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

export const sliceConfig = torchKernel<SliceAttrs>(Slice, ({ inputs, backend, attrs }) => {
  const x = inputs.x as TensorInfo;
  const [begin, size] = slice_util.parseSliceParams(x, attrs.begin, attrs.size);
  return backend.run1('slice', [x], [...begin, ...size]);
});
