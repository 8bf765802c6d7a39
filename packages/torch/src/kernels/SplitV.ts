import { backend_util, SplitV, util, type SplitVAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

/** Views of the input along one axis (concat's gradient: DenseNet trains through it). */
export const splitVConfig = torchKernel<SplitVAttrs>(SplitV, ({ inputs, backend, attrs }) => {
  const x = inputs.x as TensorInfo;
  const axis = util.parseAxisParam(attrs.axis, x.shape)[0];
  const sizes = backend_util.prepareSplitSize(x, attrs.numOrSizeSplits, axis);
  return backend.run('split', [x], [axis, ...sizes]);
});
