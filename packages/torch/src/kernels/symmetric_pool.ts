import type { backend_util } from '@tensorflow/tfjs-core';
import { poolInts } from './conv_geometry';

/**
 * Average pooling averages real pixels only (tfjs's 'same'); ATen can exclude padding from the count
 * only when it pads symmetrically, so uneven padding is refused by name rather than averaged wrongly.
 */
export function symmetricPoolInts(info: backend_util.Conv2DInfo): number[] {
  const p = info.padInfo;
  if (p.top !== p.bottom || p.left !== p.right)
    throw new Error(
      `the torch backend's average pooling needs even padding; this one pads ${p.top}/${p.bottom} rows and ${p.left}/${p.right} columns (use 'valid' or an odd window)`,
    );
  return poolInts(info);
}
