import { ClipByValue, type ClipByValueAttrs } from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

export const clipByValueConfig = torchKernel<ClipByValueAttrs>(ClipByValue, ({ inputs, backend, attrs }) =>
  backend.run1('clip', [inputs.x], [], [attrs.clipValueMin, attrs.clipValueMax]),
);
