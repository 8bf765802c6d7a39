import { backend_util } from '@tensorflow/tfjs-core';

type Shape4 = [number, number, number, number];

/** The attributes every tfjs convolution kernel carries (the backprop kernels have no dilations). */
export interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat?: 'NHWC' | 'NCHW';
}

/**
 * The addon's convolution geometry for an input and a filter shape: stride h, w; pads top, bottom,
 * left, right; dilation h, w. Depthwise filters are [h, w, in, multiplier].
 */
export function convGeometry(inputShape: number[], filterShape: number[], a: ConvAttrs, depthwise: boolean): number[] {
  if (a.dataFormat === 'NCHW')
    throw new Error('the torch backend convolves NHWC tensors only (dataFormat NHWC), as the project does');
  const info = backend_util.computeConv2DInfo(
    inputShape as Shape4,
    filterShape as Shape4,
    a.strides,
    a.dilations ?? [1, 1],
    a.pad,
    a.dimRoundingMode,
    depthwise,
  );
  const p = info.padInfo;
  return [
    info.strideHeight,
    info.strideWidth,
    p.top,
    p.bottom,
    p.left,
    p.right,
    info.dilationHeight,
    info.dilationWidth,
  ];
}

export interface PoolAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * The addon's pooling geometry: kernel h, w; stride h, w; pads top, bottom, left, right. Average
 * pooling averages real pixels only (tfjs's 'same'); ATen can leave padding out of the count only
 * when it pads evenly, so `evenPadding` refuses uneven padding by name rather than average wrongly.
 */
export function poolGeometry(inputShape: number[], a: PoolAttrs, evenPadding = false): number[] {
  const info = backend_util.computePool2DInfo(
    inputShape as Shape4,
    a.filterSize,
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode,
  );
  const p = info.padInfo;
  if (evenPadding && (p.top !== p.bottom || p.left !== p.right))
    throw new Error(
      `the torch backend's average pooling needs even padding; this one pads ${p.top}/${p.bottom} rows and ${p.left}/${p.right} columns (use 'valid' or an odd window)`,
    );
  return [info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, p.top, p.bottom, p.left, p.right];
}
