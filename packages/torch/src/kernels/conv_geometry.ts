import { backend_util } from '@tensorflow/tfjs-core';

/** The addon's convolution geometry: stride h, w; pads top, bottom, left, right; dilation h, w. */
export function geometryInts(info: backend_util.Conv2DInfo): number[] {
  if (info.dataFormat !== 'channelsLast')
    throw new Error('the torch backend convolves NHWC tensors only (dataFormat NHWC), as the project does');
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

/** The addon's pooling geometry: kernel h, w; stride h, w; pads top, bottom, left, right. */
export function poolInts(info: backend_util.Conv2DInfo): number[] {
  if (info.dilationHeight !== 1 || info.dilationWidth !== 1)
    throw new Error('the torch backend pools without dilation only, as the project does');
  const p = info.padInfo;
  return [info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, p.top, p.bottom, p.left, p.right];
}
