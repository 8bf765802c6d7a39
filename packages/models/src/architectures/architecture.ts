import type { tf } from '@fpb/tensor';

export interface BuildOptions {
  numClasses: number;
  seed: number;
  /** Base channel count; each architecture documents its default. */
  width?: number;
}

/** One architecture of the registry: a name, a family and a builder of a logits-output model. */
export interface Architecture {
  name: string;
  /** resnet | densenet | vgg | mobilenet: "same architecture" in the zoo means same name. */
  family: string;
  description: string;
  defaultWidth: number;
  build(options: BuildOptions): tf.LayersModel;
}
