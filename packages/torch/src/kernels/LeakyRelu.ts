import { LeakyRelu, type LeakyReluAttrs } from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

export const leakyReluConfig = torchKernel<LeakyReluAttrs>(LeakyRelu, ({ inputs, backend, attrs }) =>
  backend.run1('leaky_relu', [inputs.x], [], [attrs.alpha]),
);
