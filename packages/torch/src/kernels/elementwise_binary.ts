import * as tfc from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

/** tfjs kernels that are one broadcasting ATen function of inputs `a` and `b`, by addon op name. */
const BINARY: ReadonlyArray<[kernel: string, op: string]> = [
  [tfc.Add, 'add'],
  [tfc.Sub, 'sub'],
  [tfc.Multiply, 'mul'],
  [tfc.RealDiv, 'div'],
  [tfc.FloorDiv, 'floor_div'],
  [tfc.Pow, 'pow'],
  [tfc.Maximum, 'maximum'],
  [tfc.Minimum, 'minimum'],
  [tfc.SquaredDifference, 'squared_difference'],
  [tfc.Mod, 'mod'],
  [tfc.Equal, 'equal'],
  [tfc.NotEqual, 'not_equal'],
  [tfc.Less, 'less'],
  [tfc.LessEqual, 'less_equal'],
  [tfc.Greater, 'greater'],
  [tfc.GreaterEqual, 'greater_equal'],
  [tfc.LogicalAnd, 'logical_and'],
  [tfc.LogicalOr, 'logical_or'],
];

export const elementwiseBinaryKernels = BINARY.map(([kernel, op]) =>
  torchKernel(kernel, ({ inputs, backend }) => backend.run1(op, [inputs.a, inputs.b])),
);
