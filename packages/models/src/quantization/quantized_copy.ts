import { tf } from '@fpb/tensor';
import { roundToHalf } from './half_precision';
import { QuantizedReLU, type QuantFormat } from './quantized_relu';

/** Signed 8-bit weights on a symmetric per-channel scale. */
const INT8_MAX = 127;

/** The axis that holds a kernel's output channels: the last, but a depthwise kernel's third. */
const channelAxis = (layer: tf.layers.Layer, rank: number) =>
  layer.getClassName() === 'DepthwiseConv2D' ? 2 : rank - 1;

/** A kernel on a symmetric int8 grid, one scale per output channel (max |w| of the channel / 127). */
function int8PerChannel(kernel: tf.Tensor, axis: number): tf.Tensor {
  return tf.tidy(() => {
    const others = kernel.shape.map((_, i) => i).filter((i) => i !== axis);
    const scale = tf.maximum(tf.div(tf.max(tf.abs(kernel), others, true), INT8_MAX), 1e-30);
    return tf.mul(tf.clipByValue(tf.round(tf.div(kernel, scale)), -INT8_MAX, INT8_MAX), scale);
  });
}

const halfValues = (w: tf.Tensor) => tf.tensor(Float32Array.from(w.dataSync(), roundToHalf), w.shape);

/**
 * A post-training quantised copy of `source`, simulated in float32 (fake quantisation). `target` is
 * the same architecture built with QuantizedReLU activations; source weights go in by layer name.
 * int8: convolution and dense kernels per output channel; biases and BatchNorm stay float (as an
 * int8 runtime folds BatchNorm into the kernel and keeps biases in int32); each activation's scale
 * is its largest value on `calibration` (min/max calibration) / 255. fp16: every weight and every
 * activation rounded to half precision.
 */
export function quantizedCopy(
  source: tf.LayersModel,
  target: tf.LayersModel,
  format: QuantFormat,
  calibration: tf.Tensor4D,
): tf.LayersModel {
  const quantized = target.layers.filter((l): l is QuantizedReLU => l instanceof QuantizedReLU);
  for (const layer of target.layers) {
    if (layer instanceof QuantizedReLU || layer.getWeights().length === 0) continue;
    const weights = source.getLayer(layer.name).getWeights();
    const isKernelLayer = ['Conv2D', 'DepthwiseConv2D', 'Dense'].includes(layer.getClassName());
    tf.tidy(() =>
      layer.setWeights(
        weights.map((w, k) =>
          format === 'fp16'
            ? halfValues(w)
            : isKernelLayer && k === 0
              ? int8PerChannel(w, channelAxis(layer, w.rank))
              : w,
        ),
      ),
    );
  }
  if (format === 'int8') {
    // Each activation's range from the float model: its ReLU outputs, all at once.
    const probe = tf.model({
      inputs: source.inputs,
      outputs: quantized.map((q) => source.getLayer(q.name).output as tf.SymbolicTensor),
    });
    const outputs = [probe.predict(calibration)].flat() as tf.Tensor[];
    quantized.forEach((q, i) => tf.tidy(() => q.setWeights([tf.reshape(tf.div(tf.max(outputs[i]), 255), [1])])));
    tf.dispose(outputs);
  }
  return target;
}
