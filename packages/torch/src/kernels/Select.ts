import { Select } from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

export const selectConfig = torchKernel(Select, ({ inputs, backend }) =>
  backend.run1('select', [inputs.condition, inputs.t, inputs.e]),
);
