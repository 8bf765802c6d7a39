import { IMAGE_SIZE } from '@fpb/fingerprints';

/** NHWC images to NCHW, for models exported from PyTorch. */
export function toNchw(images: Float32Array, count: number): Float32Array {
  const out = new Float32Array(images.length);
  for (let n = 0; n < count; n++)
    for (let p = 0; p < 1024; p++)
      for (let c = 0; c < 3; c++) out[n * IMAGE_SIZE + c * 1024 + p] = images[n * IMAGE_SIZE + p * 3 + c];
  return out;
}
