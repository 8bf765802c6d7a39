import * as tfc from '@tensorflow/tfjs-core';
import { util, type TensorInfo } from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

type ReductionAttrs = {
  axis?: number | number[] | null;
  reductionIndices?: number | number[] | null;
  keepDims: boolean;
};

/** tfjs reductions over a list of axes, by addon op name (Max and Min name their axes reductionIndices). */
const REDUCTIONS: ReadonlyArray<[kernel: string, op: string]> = [
  [tfc.Sum, 'sum'],
  [tfc.Mean, 'mean'],
  [tfc.Max, 'max'],
  [tfc.Min, 'min'],
  [tfc.All, 'all'],
  [tfc.Any, 'any'],
];

export const reductionKernels = REDUCTIONS.map(([kernel, op]) =>
  torchKernel<ReductionAttrs>(kernel, ({ inputs, backend, attrs }) => {
    const x = inputs.x as TensorInfo;
    // A null axis reduces every axis, as in tfjs (parseAxisParam's types omit null; it handles it).
    const axis = ('axis' in attrs ? attrs.axis : attrs.reductionIndices) ?? null;
    const axes = util.parseAxisParam(axis as number[], x.shape);
    return backend.run1(op, [x], [attrs.keepDims ? 1 : 0, ...axes]);
  }),
);
