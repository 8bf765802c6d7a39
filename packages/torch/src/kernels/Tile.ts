import { Tile, type TileAttrs } from '@tensorflow/tfjs-core';
import { torchKernel } from './torch_kernel';

export const tileConfig = torchKernel<TileAttrs>(Tile, ({ inputs, backend, attrs }) =>
  backend.run1('tile', [inputs.x], attrs.reps),
);
