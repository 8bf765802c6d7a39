import { tf } from '@fpb/tensor';
import type { Architecture, BuildOptions } from './architecture';
import { imageInput, LayerFactory } from './layer_factory';

/** A basic residual block: two 3x3 convs, a 1x1 projection shortcut when the shape changes. */
function basicBlock(
  f: LayerFactory,
  x: tf.SymbolicTensor,
  name: string,
  filters: number,
  strides: number,
): tf.SymbolicTensor {
  const inChannels = x.shape[3] as number;
  let y = f.convBnRelu(x, `${name}_a`, filters, 3, strides);
  y = f.conv(`${name}_b_conv`, filters, 3).apply(y) as tf.SymbolicTensor;
  y = f.bn(`${name}_b_bn`).apply(y) as tf.SymbolicTensor;
  let shortcut = x;
  if (strides !== 1 || inChannels !== filters) {
    shortcut = f.conv(`${name}_proj_conv`, filters, 1, strides).apply(x) as tf.SymbolicTensor;
    shortcut = f.bn(`${name}_proj_bn`).apply(shortcut) as tf.SymbolicTensor;
  }
  const sum = tf.layers.add({ name: `${name}_add` }).apply([y, shortcut]) as tf.SymbolicTensor;
  return f.relu(`${name}_out`).apply(sum) as tf.SymbolicTensor;
}

/** Stages of (blocks, channel multiplier, first stride). */
function buildResNet(
  name: string,
  stages: Array<[number, number, number]>,
  options: BuildOptions,
  defaultWidth: number,
): tf.LayersModel {
  const width = options.width ?? defaultWidth;
  const f = new LayerFactory(options.seed, options.padding, options.quantized);
  const input = imageInput();
  let x = f.convBnRelu(input, 'stem', width);
  stages.forEach(([blocks, mult, stride], s) => {
    for (let b = 0; b < blocks; b++) x = basicBlock(f, x, `s${s + 1}_b${b}`, width * mult, b === 0 ? stride : 1);
  });
  return tf.model({ name, inputs: input, outputs: f.head(x, options.numClasses) });
}

/** CIFAR ResNet of He et al.: depth 6n+2, three stages of n blocks at width w, 2w, 4w. */
function cifarResNet(depth: number): Architecture {
  const n = (depth - 2) / 6;
  return {
    name: `resnet${depth}`,
    family: 'resnet',
    description: `CIFAR ResNet-${depth} (3 stages x ${n} basic blocks, widths w/2w/4w, default w=16)`,
    defaultWidth: 16,
    build: (o) =>
      buildResNet(
        `resnet${depth}`,
        [
          [n, 1, 1],
          [n, 2, 2],
          [n, 4, 2],
        ],
        o,
        16,
      ),
  };
}

export const resnet8 = cifarResNet(8);
export const resnet20 = cifarResNet(20);

/** ResNet-18 for 32x32 inputs: 4 stages of 2 basic blocks at w..8w (the paper's victim at w=64). */
export const resnet18: Architecture = {
  name: 'resnet18',
  family: 'resnet',
  description: 'ResNet-18 for CIFAR (4 stages x 2 basic blocks, widths w/2w/4w/8w, default w=64)',
  defaultWidth: 64,
  build: (o) =>
    buildResNet(
      'resnet18',
      [
        [2, 1, 1],
        [2, 2, 2],
        [2, 4, 2],
        [2, 8, 2],
      ],
      o,
      64,
    ),
};
