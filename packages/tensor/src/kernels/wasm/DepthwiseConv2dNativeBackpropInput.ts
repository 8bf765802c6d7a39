import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convGeometry } from './conv_geometry';
import { assertMultiplierOne } from './depthwise_multiplier';
import { spatialGradientInput } from './spatial_gradient_input';

/** Input gradient of a depthwise conv: a depthwise conv of the dilated, padded dy with the flipped filter. */
function depthwiseBackpropInput({
  inputs: { dy, filter },
  backend,
  attrs,
}: {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  backend: BackendWasm;
  attrs: DepthwiseConv2dNativeBackpropInputAttrs;
}): TensorInfo {
  assertMultiplierOne(filter.shape, DepthwiseConv2dNativeBackpropInput);
  const g = convGeometry(attrs.inputShape, filter.shape, attrs, true);
  return spatialGradientInput(backend, dy, filter, g, 'DepthwiseConv2dNative');
}

export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropInput as unknown as KernelFunc,
};
