import { tf } from '@fpb/tensor';
import { halfPrecision } from './half_precision';

/** How a quantised copy runs: int8 (weights per channel, activations per tensor) or float16. */
export type QuantFormat = 'int8' | 'fp16';

/** The most an unsigned 8-bit activation holds (a ReLU's output is never negative). */
const UINT8_MAX = 255;

interface QuantizedReLUArgs {
  name: string;
  format: QuantFormat;
  trainable?: boolean;
}

/**
 * A ReLU whose output is stored as an int8 deployment or a float16 one would store it (simulated:
 * fake quantisation in float32). int8: unsigned 8 bits on a per-tensor scale calibrated beforehand
 * (its one weight; 0 until calibrated, when it passes the ReLU through); fp16: rounded to half precision.
 */
export class QuantizedReLU extends tf.layers.Layer {
  static className = 'QuantizedReLU';
  readonly format: QuantFormat;
  private scale?: tf.LayerVariable;

  constructor(args: QuantizedReLUArgs) {
    super(args);
    this.format = args.format;
  }

  override build(): void {
    if (this.format === 'int8')
      this.scale = this.addWeight('scale', [1], 'float32', tf.initializers.zeros(), undefined, false);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = tf.relu(Array.isArray(inputs) ? inputs[0] : inputs);
      if (this.format === 'fp16') return halfPrecision(x);
      const scale = this.scale!.read().dataSync()[0];
      if (scale === 0) return x; // not calibrated yet
      return tf.mul(tf.minimum(tf.round(tf.div(x, scale)), UINT8_MAX), scale);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), format: this.format };
  }
}
tf.serialization.registerClass(QuantizedReLU);
