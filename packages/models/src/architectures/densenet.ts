import { tf } from '@fpb/tensor';
import type { Architecture } from './architecture';
import { imageInput, LayerFactory } from './layer_factory';

const LAYERS_PER_BLOCK = 3;
const BLOCKS = 3;

/**
 * A small DenseNet-BC-like net: 3 dense blocks of 3 layers (BN-ReLU-conv3x3 with growth rate k,
 * each layer seeing the concatenation of all earlier ones), transitions halve channels and size.
 * `width` is the growth rate (default 12).
 */
export const densenet: Architecture = {
  name: 'densenet',
  family: 'densenet',
  description: `small DenseNet (${BLOCKS} blocks x ${LAYERS_PER_BLOCK} layers, growth rate w, default w=12)`,
  defaultWidth: 12,
  build(options) {
    const growth = options.width ?? 12;
    const f = new LayerFactory(options.seed, options.padding, options.quantized);
    const input = imageInput();
    let x = f.conv('stem_conv', 2 * growth, 3).apply(input) as tf.SymbolicTensor;
    for (let b = 0; b < BLOCKS; b++) {
      for (let l = 0; l < LAYERS_PER_BLOCK; l++) {
        const name = `d${b + 1}_l${l}`;
        let y = f.bn(`${name}_bn`).apply(x) as tf.SymbolicTensor;
        y = f.relu(`${name}_relu`).apply(y) as tf.SymbolicTensor;
        y = f.conv(`${name}_conv`, growth, 3).apply(y) as tf.SymbolicTensor;
        x = tf.layers.concatenate({ name: `${name}_concat`, axis: -1 }).apply([x, y]) as tf.SymbolicTensor;
      }
      const channels = x.shape[3] as number;
      x = f.bn(`t${b + 1}_bn`).apply(x) as tf.SymbolicTensor;
      x = f.relu(`t${b + 1}_relu`).apply(x) as tf.SymbolicTensor;
      if (b < BLOCKS - 1) {
        x = f.conv(`t${b + 1}_conv`, Math.floor(channels / 2), 1).apply(x) as tf.SymbolicTensor;
        x = tf.layers
          .averagePooling2d({ name: `t${b + 1}_pool`, poolSize: 2, strides: 2 })
          .apply(x) as tf.SymbolicTensor;
      }
    }
    return tf.model({ name: 'densenet', inputs: input, outputs: f.head(x, options.numClasses) });
  },
};
