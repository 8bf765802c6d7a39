import { Fill, type FillAttrs } from '@tensorflow/tfjs-core';
import { dtypeCode } from '../native_addon';
import { torchKernel } from './torch_kernel';

export const fillConfig = torchKernel<FillAttrs>(Fill, ({ backend, attrs }) =>
  backend.run1('fill', [], [dtypeCode(attrs.dtype), ...attrs.shape], [Number(attrs.value)]),
);
