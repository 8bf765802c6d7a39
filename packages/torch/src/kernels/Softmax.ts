import { Softmax, type SoftmaxAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

export const softmaxConfig = torchKernel<SoftmaxAttrs>(Softmax, ({ inputs, backend, attrs }) => {
  const logits = inputs.logits as TensorInfo;
  return backend.run1('softmax', [logits], [attrs.dim < 0 ? logits.shape.length + attrs.dim : attrs.dim]);
});
