import { AddN, type TensorInfo } from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

export const addNConfig = torchKernel(AddN, ({ inputs, backend }) =>
  backend.run1('add_n', inputs as unknown as TensorInfo[]),
);
