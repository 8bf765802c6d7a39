import { OneHot, type OneHotAttrs } from '@tensorflow/tfjs-core';
import { dtypeCode } from '../native_addon';
import { torchKernel } from './torch_kernel';

export const oneHotConfig = torchKernel<OneHotAttrs>(OneHot, ({ inputs, backend, attrs }) =>
  backend.run1('one_hot', [inputs.indices], [attrs.depth, dtypeCode(attrs.dtype)], [attrs.onValue, attrs.offValue]),
);
