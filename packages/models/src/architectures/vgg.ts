import { tf } from '@fpb/tensor';
import type { Architecture } from './architecture';
import { imageInput, LayerFactory } from './layer_factory';

/** A small VGG: three stages of two conv-BN-ReLU at w, 2w, 4w channels, each followed by 2x2 max-pooling. */
export const vgg: Architecture = {
  name: 'vgg',
  family: 'vgg',
  description: 'small VGG (3 stages x 2 conv-BN-ReLU + max-pool, widths w/2w/4w, default w=16)',
  defaultWidth: 16,
  build(options) {
    const width = options.width ?? 16;
    const f = new LayerFactory(options.seed, options.padding, options.quantized);
    const input = imageInput();
    let x: tf.SymbolicTensor = input;
    [1, 2, 4].forEach((mult, s) => {
      x = f.convBnRelu(x, `s${s + 1}_c1`, width * mult);
      x = f.convBnRelu(x, `s${s + 1}_c2`, width * mult);
      x = tf.layers.maxPooling2d({ name: `s${s + 1}_pool`, poolSize: 2, strides: 2 }).apply(x) as tf.SymbolicTensor;
    });
    return tf.model({ name: 'vgg', inputs: input, outputs: f.head(x, options.numClasses) });
  },
};
