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

type Shape4 = [number, number, number, number];

/** Input gradient of a depthwise conv: a depthwise conv of the dilated, padded dy with the flipped filter. */
function depthwiseBackpropInput(args: {
  inputs: { dy: TensorInfo; filter: TensorInfo };
  backend: BackendWasm;
  attrs: DepthwiseConv2dNativeBackpropInputAttrs;
}): TensorInfo {
  const {
    inputs: { dy, filter },
    backend,
    attrs,
  } = args;
  assertMultiplierOne(filter.shape, DepthwiseConv2dNativeBackpropInput);
  const g = convGeometry(
    attrs.inputShape as Shape4,
    filter.shape as Shape4,
    attrs.strides,
    attrs.pad,
    attrs.dimRoundingMode,
    true,
  );
  return spatialGradientInput(backend, dy, filter, g, 'DepthwiseConv2dNative');
}

export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropInput as unknown as KernelFunc,
};
