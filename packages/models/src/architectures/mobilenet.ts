import { tf } from '@fpb/tensor';
import type { Architecture } from './architecture';
import { imageInput, LayerFactory } from './layer_factory';

/** MobileNet-v1-like: a conv stem, then depthwise-separable blocks (3x3 depthwise + 1x1 pointwise). */
const BLOCKS: Array<[number, number]> = [
  [1, 1], // [channel multiplier of w, stride]
  [2, 2],
  [2, 1],
  [4, 2],
  [4, 1],
];

export const mobilenet: Architecture = {
  name: 'mobilenet',
  family: 'mobilenet',
  description: 'MobileNet-like (stem + 5 depthwise-separable blocks, widths up to 4w, default w=16)',
  defaultWidth: 16,
  build(options) {
    const width = options.width ?? 16;
    const f = new LayerFactory(options.seed, options.padding, options.quantized);
    const input = imageInput();
    let x = f.convBnRelu(input, 'stem', width);
    BLOCKS.forEach(([mult, stride], i) => {
      const name = `b${i + 1}`;
      x = f.depthwise(`${name}_dw`, 3, stride).apply(x) as tf.SymbolicTensor;
      x = f.bn(`${name}_dw_bn`).apply(x) as tf.SymbolicTensor;
      x = f.relu(`${name}_dw_relu`).apply(x) as tf.SymbolicTensor;
      x = f.convBnRelu(x, `${name}_pw`, width * mult, 1);
    });
    return tf.model({ name: 'mobilenet', inputs: input, outputs: f.head(x, options.numClasses) });
  },
};
