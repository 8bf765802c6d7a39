import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import {
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convGeometry, filterGradientPadding } from './conv_geometry';
import { withWasmContext } from './kernel_context';

/**
 * dW[a,b,ci,co] = sum_{n,i,j} x[n, i*s+a-pt, j*s+b-pl, ci] * dy[n,i,j,co].
 * That is a forward Conv2D with the channels of x as its batch, the batch of x as its channels,
 * and dy as a filter dilated by the stride: one XNNPACK call instead of a missing kernel.
 */
function conv2DBackpropFilter({
  inputs: { x, dy },
  backend,
  attrs,
}: {
  inputs: { x: TensorInfo; dy: TensorInfo };
  backend: BackendWasm;
  attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
  const g = convGeometry(x.shape, attrs.filterShape, attrs, false);
  return withWasmContext(backend, (ctx) => {
    const xT = ctx.nhwcToChwn(x);
    const dyT = ctx.transpose(dy, [1, 2, 0, 3]);
    const out = ctx.paddedConv('Conv2D', xT, dyT, filterGradientPadding(g), [g.strideH, g.strideW]);
    return ctx.transpose(out, [1, 2, 0, 3]);
  });
}

export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilter as unknown as KernelFunc,
};
