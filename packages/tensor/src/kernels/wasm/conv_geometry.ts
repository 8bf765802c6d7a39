import { backend_util } from '@tensorflow/tfjs-core';

type Pad = backend_util.ExplicitPadding | 'valid' | 'same' | number;
type Shape4 = [number, number, number, number];

export interface ConvGeometry {
  strideH: number;
  strideW: number;
  padTop: number;
  padLeft: number;
  /** x: [batch, inH, inW, inC]; dy: [batch, outH, outW, outC]; filter: [kH, kW, inC, outC or multiplier]. */
  inH: number;
  inW: number;
  outH: number;
  outW: number;
  kH: number;
  kW: number;
}

/** The attributes every conv gradient kernel carries that decide its geometry. */
export interface ConvAttrs {
  strides: number | [number, number];
  pad: Pad;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat?: 'NHWC' | 'NCHW';
}

/** Geometry of a forward NHWC convolution as tfjs computes it, so the backward kernels agree with it exactly. */
export function convGeometry(
  xShape: readonly number[],
  filterShape: readonly number[],
  { strides, pad, dimRoundingMode, dataFormat = 'NHWC' }: ConvAttrs,
  depthwise: boolean,
): ConvGeometry {
  if (dataFormat !== 'NHWC') throw new Error(`wasm training kernels support dataFormat NHWC only, got ${dataFormat}`);
  const info = backend_util.computeConv2DInfo(
    xShape as Shape4,
    filterShape as Shape4,
    strides,
    1,
    pad,
    dimRoundingMode,
    depthwise,
    'channelsLast',
  );
  return {
    strideH: info.strideHeight,
    strideW: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    inH: info.inHeight,
    inW: info.inWidth,
    outH: info.outHeight,
    outW: info.outWidth,
    kH: info.filterHeight,
    kW: info.filterWidth,
  };
}

/**
 * Spatial padding (negative = crop) of the input so that a stride-1 correlation with dy dilated by
 * the stride yields exactly kH x kW outputs: the filter gradient's geometry.
 */
export function filterGradientPadding(g: ConvGeometry): Array<[number, number]> {
  const padBottom = g.kH + (g.outH - 1) * g.strideH - g.inH - g.padTop;
  const padRight = g.kW + (g.outW - 1) * g.strideW - g.inW - g.padLeft;
  return [
    [0, 0],
    [g.padTop, padBottom],
    [g.padLeft, padRight],
    [0, 0],
  ];
}
