import { Step, type StepAttrs } from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

export const stepConfig = torchKernel<StepAttrs>(Step, ({ inputs, backend, attrs }) =>
  backend.run1('step', [inputs.x], [], [attrs.alpha]),
);
