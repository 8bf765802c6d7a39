import type { ConvPadding } from '../architectures/architecture';

/** One weight tensor of a model saved elsewhere, row-major as its framework keeps it. */
export interface WeightTensor {
  shape: number[];
  values: Float32Array;
}

/**
 * A layer of a model made by another framework, in the layout PyTorch and ONNX share: convolution
 * kernels OIHW (a depthwise one [channels, 1, kh, kw] with one group per channel), dense weights
 * [out, in]. Only the layers that hold weights are kept, in the order the model runs them.
 */
export type ForeignLayer =
  | { kind: 'conv'; name: string; weight: WeightTensor; bias?: WeightTensor }
  | {
      kind: 'batchnorm';
      name: string;
      scale: WeightTensor;
      bias: WeightTensor;
      mean: WeightTensor;
      variance: WeightTensor;
      epsilon: number;
    }
  | { kind: 'dense'; name: string; weight: WeightTensor; bias?: WeightTensor };

/** What another framework's file says of the model: its weight layers, and its padding when the file shows it. */
export interface ForeignWeights {
  layers: ForeignLayer[];
  /** 'symmetric' when its strided convolutions pad one pixel each side (PyTorch), 'same' when TensorFlow's way. */
  padding?: ConvPadding;
}

export const describeForeignLayer = (l: ForeignLayer): string =>
  `${l.name} (${l.kind} [${(l.kind === 'batchnorm' ? l.scale : l.weight).shape.join(', ')}])`;
