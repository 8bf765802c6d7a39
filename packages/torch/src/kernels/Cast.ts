import { Cast, type CastAttrs } from '@tensorflow/tfjs-core';
import { dtypeCode } from '../native_addon';
import { torchKernel } from './torch_kernel';

export const castConfig = torchKernel<CastAttrs>(Cast, ({ inputs, backend, attrs }) =>
  backend.run1('cast', [inputs.x], [dtypeCode(attrs.dtype)]),
);
