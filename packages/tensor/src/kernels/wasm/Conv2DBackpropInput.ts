import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convGeometry } from './conv_geometry';
import { spatialGradientInput } from './spatial_gradient_input';

/**
 * dx = conv(dy dilated by the stride and padded by k-1-pad, filter flipped in space with in/out
 * channels swapped). Replaces the shipped wasm kernel, a plain C++ loop, with one XNNPACK Conv2D.
 */
function conv2DBackpropInput({
  inputs: { dy, filter },
  backend,
  attrs,
}: {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  backend: BackendWasm;
  attrs: Conv2DBackpropInputAttrs;
}): TensorInfo {
  const g = convGeometry(attrs.inputShape, filter.shape, attrs, false);
  return spatialGradientInput(backend, dy, filter, g, 'Conv2D');
}

export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInput as unknown as KernelFunc,
};
