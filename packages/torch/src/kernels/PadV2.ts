import { PadV2, type PadV2Attrs } from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

export const padV2Config = torchKernel<PadV2Attrs>(PadV2, ({ inputs, backend, attrs }) =>
  backend.run1('pad', [inputs.x], attrs.paddings.flat(), [attrs.constantValue]),
);
