import * as tfc from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

/** tfjs kernels that are one ATen function of their input `x`, by addon op name. */
const UNARY: ReadonlyArray<[kernel: string, op: string]> = [
  [tfc.Abs, 'abs'],
  [tfc.Neg, 'neg'],
  [tfc.Exp, 'exp'],
  [tfc.Log, 'log'],
  [tfc.Log1p, 'log1p'],
  [tfc.Sqrt, 'sqrt'],
  [tfc.Rsqrt, 'rsqrt'],
  [tfc.Square, 'square'],
  [tfc.Sign, 'sign'],
  [tfc.Sigmoid, 'sigmoid'],
  [tfc.Relu, 'relu'],
  [tfc.Floor, 'floor'],
  [tfc.Round, 'round'],
  [tfc.Tanh, 'tanh'],
  [tfc.LogicalNot, 'logical_not'],
  [tfc.ZerosLike, 'zeros_like'],
  [tfc.OnesLike, 'ones_like'],
  [tfc.Identity, 'identity'],
];

export const elementwiseUnaryKernels = UNARY.map(([kernel, op]) =>
  torchKernel(kernel, ({ inputs, backend }) => backend.run1(op, [inputs.x])),
);
