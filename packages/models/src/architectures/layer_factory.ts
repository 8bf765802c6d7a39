import { deriveSeed, tf } from '@fpb/tensor';
import { QuantizedReLU, type QuantFormat } from '../quantization/quantized_relu';
import type { ConvPadding } from './architecture';

/**
 * Builds layers with deterministic names and seeded initialisers: the same (seed, architecture)
 * always gives the same initial weights, and names like `s2_b0_conv1` are stable across runs so
 * that saved models and "the last layer" mean the same thing everywhere.
 */
export class LayerFactory {
  private counter = 0;

  constructor(
    private readonly seed: number,
    private readonly padding: ConvPadding = 'same',
    private readonly quantized?: QuantFormat,
  ) {}

  private init(kind: 'he' | 'glorot'): tf.serialization.Serializable {
    const seed = deriveSeed(this.seed, 'init', this.counter++);
    return kind === 'he' ? tf.initializers.heNormal({ seed }) : tf.initializers.glorotUniform({ seed });
  }

  conv(
    name: string,
    filters: number,
    kernelSize: number,
    strides = 1,
    padding: 'same' | 'valid' = 'same',
  ): tf.layers.Layer {
    return tf.layers.conv2d({
      name,
      filters,
      kernelSize,
      strides,
      padding,
      useBias: false,
      kernelInitializer: this.init('he') as never,
    });
  }

  depthwise(name: string, kernelSize: number, strides = 1): tf.layers.Layer {
    return tf.layers.depthwiseConv2d({
      name,
      kernelSize,
      strides,
      padding: 'same',
      depthMultiplier: 1,
      useBias: false,
      depthwiseInitializer: this.init('he') as never,
    });
  }

  bn(name: string): tf.layers.Layer {
    return tf.layers.batchNormalization({ name, momentum: 0.9, epsilon: 1e-5 });
  }

  relu(name: string): tf.layers.Layer {
    if (this.quantized) return new QuantizedReLU({ name, format: this.quantized });
    return tf.layers.reLU({ name });
  }

  /** The classifier head; always named `logits` (fine-tuning "the last layer" means this one). */
  logits(numClasses: number): tf.layers.Layer {
    return tf.layers.dense({ name: 'logits', units: numClasses, kernelInitializer: this.init('glorot') as never });
  }

  /** conv -> BN -> ReLU, the unit most architectures here are made of. */
  convBnRelu(x: tf.SymbolicTensor, name: string, filters: number, kernelSize = 3, strides = 1): tf.SymbolicTensor {
    let y: tf.SymbolicTensor;
    if (this.padding === 'symmetric' && strides > 1 && kernelSize > 1) {
      // PyTorch's padding=k//2: as many zeros before as after, then a 'valid' convolution.
      const padded = tf.layers.zeroPadding2d({ name: `${name}_pad`, padding: (kernelSize - 1) / 2 }).apply(x);
      y = this.conv(`${name}_conv`, filters, kernelSize, strides, 'valid').apply(padded) as tf.SymbolicTensor;
    } else y = this.conv(`${name}_conv`, filters, kernelSize, strides).apply(x) as tf.SymbolicTensor;
    y = this.bn(`${name}_bn`).apply(y) as tf.SymbolicTensor;
    return this.relu(`${name}_relu`).apply(y) as tf.SymbolicTensor;
  }

  /** Global average pooling then the `logits` dense layer. */
  head(x: tf.SymbolicTensor, numClasses: number): tf.SymbolicTensor {
    const pooled = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as tf.SymbolicTensor;
    return this.logits(numClasses).apply(pooled) as tf.SymbolicTensor;
  }
}

export function imageInput(): tf.SymbolicTensor {
  return tf.input({ shape: [32, 32, 3], name: 'image' });
}
