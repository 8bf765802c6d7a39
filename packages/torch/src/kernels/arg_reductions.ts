import * as tfc from '@tensorflow/tfjs-core';
import { util, type ArgMaxAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

/** ArgMax and ArgMin: the index along one axis, as int32. */
export const argReductionKernels = (
  [
    [tfc.ArgMax, 'argmax'],
    [tfc.ArgMin, 'argmin'],
  ] as const
).map(([kernel, op]) =>
  torchKernel<ArgMaxAttrs>(kernel, ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    return backend.run1(op, [x], [util.parseAxisParam(attrs.axis, x.shape)[0]]);
  }),
);
