import type { tf } from '@fpb/tensor';
import type { QuantFormat } from '../quantization/quantized_relu';

export interface BuildOptions {
  numClasses: number;
  seed: number;
  /** Base channel count; each architecture documents its default. */
  width?: number;
  /**
   * How strided 3x3 convolutions pad: TensorFlow's 'same' (the odd pixel at the end, the default,
   * how every model here trains) or PyTorch's 'symmetric' (one pixel each side), so that a ResNet
   * trained by PyTorch computes here what it computes there.
   */
  padding?: ConvPadding;
  /** Activations stored as an int8 or float16 deployment stores them (a quantised copy's build). */
  quantized?: QuantFormat;
}

export type ConvPadding = 'same' | 'symmetric';

/** One architecture of the registry: a name, a family and a builder of a logits-output model. */
export interface Architecture {
  name: string;
  /** resnet | densenet | vgg | mobilenet: "same architecture" in the zoo means same name. */
  family: string;
  description: string;
  defaultWidth: number;
  build(options: BuildOptions): tf.LayersModel;
}
