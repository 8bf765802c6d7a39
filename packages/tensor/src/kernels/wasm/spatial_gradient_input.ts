import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { ConvGeometry } from './conv_geometry';
import { withWasmContext } from './kernel_context';

/**
 * Input gradient of a (depthwise) convolution as a forward (depthwise) convolution:
 * dx[y] = sum_a D[y + pt - a] W[a], where D is dy with stride-1 zeros between rows/columns.
 * Flipping W in space turns that into a correlation over D padded by k-1-pt before.
 */
export function spatialGradientInput(
  backend: BackendWasm,
  dy: TensorInfo,
  filter: TensorInfo,
  g: ConvGeometry,
  forwardKernel: 'Conv2D' | 'DepthwiseConv2dNative',
): TensorInfo {
  return withWasmContext(backend, (ctx) => {
    const dilated = ctx.dilateSpatially(dy, g.strideH, g.strideW);
    const top = g.kH - 1 - g.padTop;
    const left = g.kW - 1 - g.padLeft;
    const bottom = g.inH + g.kH - 1 - top - dilated.shape[1];
    const right = g.inW + g.kW - 1 - left - dilated.shape[2];
    let flipped = ctx.run('Reverse', { x: filter }, { dims: [0, 1] });
    // A dense filter maps inC -> outC; going backwards it must map outC -> inC.
    if (forwardKernel === 'Conv2D') flipped = ctx.transpose(flipped, [0, 1, 3, 2]);
    return ctx.paddedConv(forwardKernel, dilated, flipped, [[0, 0], [top, bottom], [left, right], [0, 0]]);
  });
}
