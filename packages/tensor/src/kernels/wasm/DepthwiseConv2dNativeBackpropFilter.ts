import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convGeometry, filterGradientPadding } from './conv_geometry';
import { assertMultiplierOne } from './depthwise_multiplier';
import { withWasmContext } from './kernel_context';

/**
 * dW[a,b,c] = sum_n sum_{i,j} x[n, i*s+a-pt, j*s+b-pl, c] * dy[n,i,j,c]: a depthwise conv over the
 * N*C channels of a batch-1 image (x laid out as [1,H,W,N*C], dy as a stride-dilated filter),
 * followed by a sum over N. Missing from the shipped wasm backend.
 */
function depthwiseBackpropFilter({
  inputs: { x, dy },
  backend,
  attrs,
}: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: BackendWasm;
  attrs: DepthwiseConv2dNativeBackpropFilterAttrs;
}): TensorInfo {
  assertMultiplierOne(attrs.filterShape, DepthwiseConv2dNativeBackpropFilter);
  const g = convGeometry(x.shape, attrs.filterShape, attrs, true);
  const [n, , , c] = x.shape;
  return withWasmContext(backend, (ctx) => {
    const xFlat = ctx.reshape(ctx.transpose(x, [1, 2, 0, 3]), [1, g.inH, g.inW, n * c]);
    const dyFilter = ctx.reshape(ctx.transpose(dy, [1, 2, 0, 3]), [g.outH, g.outW, n * c, 1]);
    const perSample = ctx.paddedConv('DepthwiseConv2dNative', xFlat, dyFilter, filterGradientPadding(g), [
      g.strideH,
      g.strideW,
    ]);
    const summed = ctx.run('Sum', { x: ctx.reshape(perSample, [g.kH, g.kW, n, c]) }, { axis: [2], keepDims: false });
    return ctx.reshape(summed, [g.kH, g.kW, c, 1]);
  });
}

export const depthwiseConv2dNativeBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: depthwiseBackpropFilter as unknown as KernelFunc,
};
